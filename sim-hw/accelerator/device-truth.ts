/**
 * Ground truth for tests and mission reports, invisible to the flight
 * software: per job (the last jobHistoryMax job ids), the pristine inputs
 * given at launch, the faults that touched the job and its final result.
 * A relaunch with the same job id (a resume) adds to the same record.
 */

import type { KernelSpec } from './kernels.js';
import { runKernel } from './kernels.js';
import type { MemoryBuffer } from './memory-region.js';

export interface JobTruthRecord {
  readonly jobId: number;
  spec: KernelSpec;
  pristineInputs: readonly Uint8Array[];
  launches: number;
  /** Upset events that landed in buffers of this job since freed. */
  memoryUpsets: number;
  /** Buffers of the job still allocated (their upsets are added when freed). */
  liveBuffers: MemoryBuffer[];
  logicUpsets: number;
  finalResult: Uint8Array | null;
  golden: Uint8Array | null;
}

export interface JobTruth {
  /** Memory upsets that landed in the job's buffers plus logic upsets in its state. */
  readonly faultsTouched: number;
  /** The final result differs bitwise from the golden result (false until there is a result). */
  readonly resultCorrupt: boolean;
  readonly resultAvailable: boolean;
}

/** The record of a job id, new (the oldest evicted beyond historyMax) or the existing one updated. */
export function recordLaunch(history: JobTruthRecord[], historyMax: number, jobId: number, spec: KernelSpec, inputs: readonly Uint8Array[]): JobTruthRecord {
  const pristineInputs = inputs.map((bytes) => bytes.slice());
  const existing = history.find((record) => record.jobId === jobId);
  if (existing !== undefined) {
    const sameInputs =
      existing.pristineInputs.length === pristineInputs.length &&
      existing.pristineInputs.every((bytes, i) => sameBytes(bytes, pristineInputs[i]!)) &&
      JSON.stringify(existing.spec) === JSON.stringify(spec);
    if (!sameInputs) existing.golden = null;
    existing.spec = spec;
    existing.pristineInputs = pristineInputs;
    existing.launches++;
    existing.finalResult = null;
    return existing;
  }
  const record: JobTruthRecord = {
    jobId,
    spec,
    pristineInputs,
    launches: 1,
    memoryUpsets: 0,
    liveBuffers: [],
    logicUpsets: 0,
    finalResult: null,
    golden: null,
  };
  history.push(record);
  while (history.length > historyMax) history.shift();
  return record;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Moves a freed buffer's upset count into the record. */
export function settleBuffer(record: JobTruthRecord, buffer: MemoryBuffer): void {
  const index = record.liveBuffers.indexOf(buffer);
  if (index < 0) return;
  record.liveBuffers.splice(index, 1);
  record.memoryUpsets += buffer.upsetsLanded;
}

export function truthGolden(record: JobTruthRecord): Uint8Array {
  record.golden ??= runKernel(record.spec, record.pristineInputs);
  return record.golden;
}

export function truthOf(record: JobTruthRecord): JobTruth {
  let memoryUpsets = record.memoryUpsets;
  for (const buffer of record.liveBuffers) memoryUpsets += buffer.upsetsLanded;
  const final = record.finalResult;
  return {
    faultsTouched: memoryUpsets + record.logicUpsets,
    resultCorrupt: final !== null && !sameBytes(final, truthGolden(record)),
    resultAvailable: final !== null,
  };
}
