/**
 * The memory controller's error log between two steps of the module. Each
 * frame carries only the records logged since the previous frame (the
 * controller drains its log into every frame), while the module steps at
 * 1 Hz: its fast part collects every frame's records here, and the step
 * takes them all. Bounded: past ERROR_LOG_HELD records per region the rest
 * are counted as dropped, as the controller counts its own overflow.
 */
import { MEMORY_REGIONS } from '../../protocol/index.js';
import type { MemoryErrorRecord, RegionName, SensorFrame } from '../hal/frames.js';

/** Records held per region between two steps (the controller drains at most errorLogMax, 32 by default, per frame). */
export const ERROR_LOG_HELD = 1024;

export interface HeldLog {
  records: MemoryErrorRecord[];
  /** Records the controller dropped, and those past ERROR_LOG_HELD. */
  dropped: number;
}

export interface ErrorLogs {
  readonly regions: Record<RegionName, HeldLog>;
  /** The frame collected last (each frame once: the step and the fast part both collect). */
  lastFrame: SensorFrame | null;
}

export function createErrorLogs(): ErrorLogs {
  return { regions: { hbm: { records: [], dropped: 0 }, ram: { records: [], dropped: 0 } }, lastFrame: null };
}

/** Adds this frame's records, once per frame; never throws on nonsense (what is not a list adds nothing). */
export function collectErrorLogs(logs: ErrorLogs, frame: SensorFrame): void {
  if (logs.lastFrame === frame) return;
  logs.lastFrame = frame;
  for (const region of MEMORY_REGIONS) {
    const sensors = frame.memory?.[region];
    if (!sensors) continue;
    const held = logs.regions[region];
    const dropped = sensors.errorLogDropped;
    if (Number.isSafeInteger(dropped) && dropped > 0) held.dropped += dropped;
    const log = sensors.errorLog;
    if (!Array.isArray(log) || log.length === 0) continue;
    for (const record of log) {
      if (held.records.length < ERROR_LOG_HELD) held.records.push(record);
      else held.dropped++;
    }
  }
}

/** The region's records and drops since the last take; the held log starts empty again. */
export function takeErrorLog(logs: ErrorLogs, region: RegionName): HeldLog {
  const held = logs.regions[region];
  const taken = { records: held.records, dropped: held.dropped };
  if (held.records.length > 0) held.records = [];
  held.dropped = 0;
  return taken;
}
