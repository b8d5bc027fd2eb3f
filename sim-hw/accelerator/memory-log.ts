/**
 * The controller's error log: records since the last frame, bounded at
 * errorLogMax, overflow counted. Each record also bumps the matching counter
 * (corrected / uncorrectable), which only grows.
 */

import type { MemoryErrorRecord } from '../../fsw/hal/frames.js';
import type { MemoryRegionState } from './memory-region.js';

const NO_RECORDS: readonly MemoryErrorRecord[] = Object.freeze([]);

export interface DrainedLog {
  readonly records: readonly MemoryErrorRecord[];
  readonly dropped: number;
}

export function logMemoryError(
  state: MemoryRegionState,
  timeS: number,
  word: number,
  kind: 'corrected' | 'uncorrectable',
  during: 'scrub' | 'read',
  jobId: number | null,
): void {
  if (kind === 'corrected') state.correctedCount++;
  else state.uncorrectableCount++;
  if (state.errorLog.length >= state.params.errorLogMax) {
    state.errorLogDropped++;
    return;
  }
  const page = Math.floor((word * 8) / state.params.pageBytes);
  state.errorLog.push({ timeS, page, word, kind, during, jobId });
}

/** The records since the previous drain (oldest first) and how many were lost; empties the log. */
export function drainErrorLog(state: MemoryRegionState): DrainedLog {
  const dropped = state.errorLogDropped;
  state.errorLogDropped = 0;
  if (state.errorLog.length === 0) return { records: NO_RECORDS, dropped };
  const records = state.errorLog;
  state.errorLog = [];
  return { records, dropped };
}
