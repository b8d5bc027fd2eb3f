/**
 * Parameters of one ECC-protected memory region as its controller sees it
 * (the accelerator's HBM, the flight computer's RAM).
 */

import { checkRange } from '../params.js';

export interface MemoryRegionParams {
  /** Data capacity (ECC bits not included). A multiple of pageBytes. */
  readonly sizeBytes: number;
  /** Allocation, scrub and retirement granule. A power of two, >= 64. */
  readonly pageBytes: number;
  /** Error records one frame can carry; more are counted as dropped. */
  readonly errorLogMax: number;
  /** Patrol-scrub read rate. */
  readonly scrubBytesPerS: number;
  /** Simulator limit: upset words tracked at once; new upsets beyond it are counted, not applied. */
  readonly dirtyWordsMax: number;
  /** Scrub requests queued at once; more are counted as dropped. */
  readonly scrubQueueMax: number;
  /** Pages the controller can retire; more are counted as dropped. */
  readonly retiredPagesMax: number;
}

const GIB = 1024 ** 3;

/** HBM of one TPU v6e: 32 GiB (REFERENCE.md "TPU v6e ... 32 GB HBM", P). */
export const DEFAULT_MEMORY_REGION_PARAMS: MemoryRegionParams = Object.freeze({
  sizeBytes: 32 * GIB,
  pageBytes: 4096,
  errorLogMax: 32,
  scrubBytesPerS: 2 * GIB,
  dirtyWordsMax: 1_000_000,
  scrubQueueMax: 64,
  retiredPagesMax: 4096,
});

/** The flight computer's RAM: 4 GiB (design default, U). */
export const DEFAULT_RAM_REGION_PARAMS: MemoryRegionParams = Object.freeze({
  ...DEFAULT_MEMORY_REGION_PARAMS,
  sizeBytes: 4 * GIB,
});

function isPowerOfTwo(value: number): boolean {
  return Number.isInteger(value) && value > 0 && 2 ** Math.round(Math.log2(value)) === value;
}

export function checkMemoryRegionParams(params: MemoryRegionParams): string[] {
  const problems: string[] = [];
  checkRange(problems, 'memory pageBytes', params.pageBytes, 64, 2 ** 20, true);
  if (!isPowerOfTwo(params.pageBytes)) problems.push(`memory pageBytes ${params.pageBytes} is not a power of two`);
  checkRange(problems, 'memory sizeBytes', params.sizeBytes, 2 ** 16, 2 ** 40, true);
  if (Number.isInteger(params.sizeBytes) && Number.isInteger(params.pageBytes) && params.sizeBytes % params.pageBytes !== 0) {
    problems.push(`memory sizeBytes ${params.sizeBytes} is not a multiple of pageBytes ${params.pageBytes}`);
  }
  checkRange(problems, 'memory errorLogMax', params.errorLogMax, 1, 1024, true);
  checkRange(problems, 'memory scrubBytesPerS', params.scrubBytesPerS, 1e3, 1e13);
  checkRange(problems, 'memory dirtyWordsMax', params.dirtyWordsMax, 1, 1e7, true);
  checkRange(problems, 'memory scrubQueueMax', params.scrubQueueMax, 1, 4096, true);
  checkRange(problems, 'memory retiredPagesMax', params.retiredPagesMax, 0, 1_000_000, true);
  return problems;
}
