/**
 * What of the downlink survives a reset: each APID's next sequence count
 * (so that the numbering goes on and the ground sees what a reset took as a
 * gap), how many packets were waiting in the queue (RAM, gone with a reset),
 * how many resets have taken so far, and the TM framer's counts (master and
 * virtual channel frame counts, so that the ground counts no frame lost at a
 * reset, and the SDLS sequence number, which must never repeat under a key). The executive writes it ahead of
 * handing packets to the radio, in every tick in which it changed, so that
 * at the next boot the packets a reset took are counted exactly: the queue
 * as it was at the end of the last tick.
 */
import type { DownlinkQueue } from './downlink-queue.js';
import type { TmFramer, TmFramerState } from '../../protocol/index.js';
import type { TelemetryWriter } from './packets.js';

export const DOWNLINK_LEDGER_RECORD = { id: 'telemetry.downlink', slotBytes: 1024 } as const;

export interface DownlinkLedger {
  /** [apid, next sequence count] pairs. */
  readonly nextCounts: readonly (readonly [number, number])[];
  /** Packets waiting in the queue when the ledger was written. */
  readonly queued: number;
  /** Packets resets have taken with the RAM, over the mission (this boot's included once restored). */
  readonly lostAtResets: number;
  /** The framer's counts (absent in a ledger written before frames). */
  readonly frames?: TmFramerState;
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** [key, count] pairs of counts. */
function isCountPairs(value: unknown): value is [number, number][] {
  return Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && isCount(pair[0]) && isCount(pair[1]));
}

/** The ledger in a record's value, or a reason it is unusable. */
export function parseDownlinkLedger(value: Readonly<Record<string, unknown>>): DownlinkLedger | string {
  const { nextCounts, queued, lostAtResets } = value;
  if (!isCount(queued) || !isCount(lostAtResets)) return 'queued and lostAtResets must be counts';
  if (!isCountPairs(nextCounts)) return 'nextCounts must be [apid, count] pairs';
  const frames = parseFramerState(value.frames);
  if (typeof frames === 'string') return frames;
  return { nextCounts, queued, lostAtResets, ...(frames ? { frames } : {}) };
}

function parseFramerState(value: unknown): TmFramerState | undefined | string {
  if (value === undefined) return undefined;
  const state = value as Partial<TmFramerState> | null;
  if (state === null || typeof state !== 'object') return 'frames must be the framer state';
  const { masterCount, virtualCounts, nextSequence } = state;
  if (!isCount(masterCount) || !isCount(nextSequence)) return 'frames.masterCount and frames.nextSequence must be counts';
  if (!isCountPairs(virtualCounts)) return 'frames.virtualCounts must be [vcid, count] pairs';
  return { masterCount, virtualCounts, nextSequence };
}

/** Keeps the ledger: restores it at boot, says when it changed, gives the value to write. */
export class DownlinkLedgerKeeper {
  /** Packets resets have taken over the mission. */
  lostAtResets = 0;
  /** Packets the reset before this boot took (0 at the first boot). */
  lostAtLastReset = 0;
  private writtenBuilt = -1;
  private writtenQueued = -1;
  private writtenFrames = -1;

  /** Continues from the ledger an earlier boot wrote (null: none); returns a problem to report, or null. */
  restore(value: Readonly<Record<string, unknown>> | null, writer: TelemetryWriter, framer: TmFramer): string | null {
    if (value === null) return null;
    const ledger = parseDownlinkLedger(value);
    if (typeof ledger === 'string') return ledger;
    writer.restoreCounts(ledger.nextCounts);
    if (ledger.frames) framer.restore(ledger.frames);
    this.lostAtLastReset = ledger.queued;
    this.lostAtResets = ledger.lostAtResets + ledger.queued;
    return null;
  }

  /** The ledger differs from what was last written. */
  changed(writer: TelemetryWriter, queue: DownlinkQueue): boolean {
    return writer.built !== this.writtenBuilt || queue.queuedTotal !== this.writtenQueued || queue.framer.built !== this.writtenFrames;
  }

  /** The value to write now (and remembers it as written). */
  take(writer: TelemetryWriter, queue: DownlinkQueue): Record<string, unknown> {
    this.writtenBuilt = writer.built;
    this.writtenQueued = queue.queuedTotal;
    this.writtenFrames = queue.framer.built;
    return { nextCounts: writer.nextCounts(), queued: queue.queuedTotal, lostAtResets: this.lostAtResets, frames: queue.framer.state() };
  }
}
