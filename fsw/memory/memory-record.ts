/**
 * The memory module's state, and what of it is kept in non-volatile memory
 * (record "memory.state"): the retired pages, the accelerator watchdog's
 * verdict and reset counts, the quiet rates and the counter offsets of the
 * last clear.
 */
import { createErrorLogs, type ErrorLogs } from './error-log.js';
import { MEMORY_REGIONS } from '../../protocol/index.js';
import type { RegionName } from '../hal/frames.js';
import { createAcceleratorWatchdog, type AcceleratorWatchdog } from './accelerator-watchdog.js';
import type { RegionPatrol } from './region-patrol.js';
import { createRetiredPages, retiredFromRecord, retiredToRecord, type RetiredPages } from './retired-pages.js';
import { quietPerDay, type TrendSettings } from './upset-trend.js';

export const MEMORY_RECORD = { id: 'memory.state', slotBytes: 16384 } as const;

/** Quiet rates are saved this often (other changes at once). */
export const PERSIST_PERIOD_S = 600;

export interface MemoryState {
  readonly regions: Record<RegionName, RegionPatrol | null>;
  retired: RetiredPages;
  watchdog: AcceleratorWatchdog;
  /** Quiet rates and counter offsets restored at boot, used when a region's patrol starts. */
  restored: MemoryRecord;
  storm: boolean;
  computePaused: boolean;
  budgetLimited: boolean;
  /** The accelerator was powered at the last tick (its HBM holds what was written since). */
  hbmPowered: boolean;
  sensorsGood: boolean;
  checksGood: boolean;
  dirty: boolean;
  persistedS: number;
  /** The error-log records of the frames since the last step (RAM only). */
  readonly errorLogs: ErrorLogs;
}

export function createMemoryState(): MemoryState {
  return {
    regions: { hbm: null, ram: null },
    retired: createRetiredPages(),
    watchdog: createAcceleratorWatchdog(0),
    restored: decodeMemoryRecord(null),
    storm: false,
    computePaused: false,
    budgetLimited: false,
    hbmPowered: false,
    sensorsGood: true,
    checksGood: true,
    dirty: false,
    persistedS: 0,
    errorLogs: createErrorLogs(),
  };
}

/** Restores the record into the state at boot; returns the entries it had to skip. */
export function restoreMemoryState(state: MemoryState, value: Record<string, unknown> | null, timeS: number): number {
  const restored = decodeMemoryRecord(value);
  state.restored = restored;
  state.retired = restored.retired;
  state.watchdog = createAcceleratorWatchdog(timeS);
  state.watchdog.resets = restored.resets;
  state.watchdog.resetsSinceRecovery = restored.resetsSinceRecovery;
  state.watchdog.failed = restored.failed;
  state.persistedS = timeS;
  return restored.problems;
}

/** The record's value now (a region not patrolled yet keeps what was restored). */
export function memoryRecordOf(state: MemoryState, trend: TrendSettings): Record<string, unknown> {
  const quiet = (region: RegionName) => {
    const patrol = state.regions[region];
    const known = patrol ? quietPerDay(patrol.trend, trend) : Number.NaN;
    return Number.isFinite(known) ? known : state.restored.quietPerDay[region];
  };
  const offsets = (region: RegionName) => {
    const patrol = state.regions[region];
    return patrol ? { corrected: patrol.correctedOffset, uncorrectable: patrol.uncorrectableOffset } : state.restored.offsets[region];
  };
  return encodeMemoryRecord({
    retired: state.retired,
    resets: state.watchdog.resets,
    resetsSinceRecovery: state.watchdog.resetsSinceRecovery,
    failed: state.watchdog.failed,
    quietPerDay: { hbm: quiet('hbm'), ram: quiet('ram') },
    offsets: { hbm: offsets('hbm'), ram: offsets('ram') },
  });
}

export interface CounterOffsets {
  readonly corrected: number;
  readonly uncorrectable: number;
}

export interface MemoryRecord {
  readonly retired: RetiredPages;
  readonly resets: number;
  readonly resetsSinceRecovery: number;
  readonly failed: boolean;
  readonly quietPerDay: Readonly<Record<RegionName, number>>;
  readonly offsets: Readonly<Record<RegionName, CounterOffsets>>;
  /** Entries of the record that made no sense (skipped). */
  readonly problems: number;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

function rate(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : Number.NaN;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

export function encodeMemoryRecord(record: Omit<MemoryRecord, 'problems'>): Record<string, unknown> {
  const quiet: Record<string, number> = {};
  for (const region of MEMORY_REGIONS) if (Number.isFinite(record.quietPerDay[region])) quiet[region] = record.quietPerDay[region];
  return {
    retired: retiredToRecord(record.retired),
    resets: record.resets,
    resetsSinceRecovery: record.resetsSinceRecovery,
    failed: record.failed,
    quietPerDay: quiet,
    offsets: { hbm: { ...record.offsets.hbm }, ram: { ...record.offsets.ram } },
  };
}

/** The record's contents; a missing or damaged record gives the defaults. */
export function decodeMemoryRecord(value: Record<string, unknown> | null): MemoryRecord {
  if (value === null) {
    const zero = { corrected: 0, uncorrectable: 0 };
    return {
      retired: createRetiredPages(),
      resets: 0,
      resetsSinceRecovery: 0,
      failed: false,
      quietPerDay: { hbm: Number.NaN, ram: Number.NaN },
      offsets: { hbm: zero, ram: zero },
      problems: 0,
    };
  }
  const { list, skipped } = retiredFromRecord(value.retired);
  const offsetsOf = (region: RegionName): CounterOffsets => ({
    corrected: count(field(field(value.offsets, region), 'corrected')),
    uncorrectable: count(field(field(value.offsets, region), 'uncorrectable')),
  });
  return {
    retired: list,
    resets: count(value.resets),
    resetsSinceRecovery: count(value.resetsSinceRecovery),
    failed: value.failed === true,
    quietPerDay: { hbm: rate(field(value.quietPerDay, 'hbm')), ram: rate(field(value.quietPerDay, 'ram')) },
    offsets: { hbm: offsetsOf('hbm'), ram: offsetsOf('ram') },
    problems: skipped,
  };
}
