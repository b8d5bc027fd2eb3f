/**
 * What the memory module keeps in non-volatile memory (record
 * "memory.state"): the retired pages, the accelerator watchdog's verdict and
 * reset counts, the quiet rates and the counter offsets of the last clear.
 */
import { MEMORY_REGIONS } from '../../protocol/index.js';
import type { RegionName } from '../hal/frames.js';
import type { RecordDef } from '../storage/records.js';
import { createRetiredPages, retiredFromRecord, retiredToRecord, type RetiredPages } from './retired-pages.js';

export const MEMORY_RECORD: RecordDef = { id: 'memory.state', slotBytes: 16384 };

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
