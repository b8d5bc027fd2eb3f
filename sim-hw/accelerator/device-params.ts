/**
 * Parameters of the accelerator device (one TPU v6e-class chip with its HBM).
 */

import { DEFAULT_MEMORY_REGION_PARAMS, checkMemoryRegionParams } from './memory-params.js';
import type { MemoryRegionParams } from './memory-params.js';
import { checkRange } from '../params.js';

export interface AcceleratorParams {
  /** Peak rate at full clock and utilisation (REFERENCE: TPU v6e 918 TFLOP/s bf16, P). */
  readonly peakFlopS: number;
  /** Power when powered and not computing (U). */
  readonly idlePowerW: number;
  /** Power at full clock and utilisation (REFERENCE: TPU v6e ~150-200 W, U). */
  readonly maxPowerW: number;
  readonly clockMHzMax: number;
  /** The power limiter never clocks below this. */
  readonly clockMHzMin: number;
  /** Dynamic power ~ utilisation * (clock / clockMax)^powerExponent (U: ~f V^2 with V falling with f). */
  readonly powerExponent: number;
  /** Power applied (or reset) to ready. */
  readonly bootS: number;
  /** Rate at which a checkpoint is written out. */
  readonly checkpointBytesPerS: number;
  /** Rate at which job inputs (and a resumed checkpoint) are loaded into HBM. */
  readonly loadBytesPerS: number;
  /** Simulated FLOPs per real FLOP the proxy kernel executes. */
  readonly workScale: number;
  /** Simulator limit: real FLOPs of one job's proxy kernel (keeps the simulator fast). */
  readonly maxJobRealFlop: number;
  /** Jobs whose pristine inputs are kept for ground truth. */
  readonly jobHistoryMax: number;
  readonly hbm: MemoryRegionParams;
}

export const DEFAULT_ACCELERATOR_PARAMS: AcceleratorParams = Object.freeze({
  peakFlopS: 918e12,
  idlePowerW: 40,
  maxPowerW: 200,
  clockMHzMax: 1500,
  clockMHzMin: 150,
  powerExponent: 2.2,
  bootS: 10,
  checkpointBytesPerS: 4e9,
  loadBytesPerS: 16e9,
  workScale: 1e12,
  maxJobRealFlop: 2e9,
  jobHistoryMax: 64,
  hbm: DEFAULT_MEMORY_REGION_PARAMS,
});

export function checkAcceleratorParams(params: AcceleratorParams): string[] {
  const problems: string[] = [];
  checkRange(problems, 'accelerator peakFlopS', params.peakFlopS, 1e9, 1e18);
  checkRange(problems, 'accelerator idlePowerW', params.idlePowerW, 0, 2000);
  checkRange(problems, 'accelerator maxPowerW', params.maxPowerW, 1, 5000);
  if (!(params.maxPowerW > params.idlePowerW)) problems.push(`accelerator maxPowerW ${params.maxPowerW} is not above idlePowerW ${params.idlePowerW}`);
  checkRange(problems, 'accelerator clockMHzMax', params.clockMHzMax, 10, 10_000);
  checkRange(problems, 'accelerator clockMHzMin', params.clockMHzMin, 1, 10_000);
  if (!(params.clockMHzMin < params.clockMHzMax)) problems.push(`accelerator clockMHzMin ${params.clockMHzMin} is not below clockMHzMax ${params.clockMHzMax}`);
  checkRange(problems, 'accelerator powerExponent', params.powerExponent, 1, 4);
  checkRange(problems, 'accelerator bootS', params.bootS, 0, 3600);
  checkRange(problems, 'accelerator checkpointBytesPerS', params.checkpointBytesPerS, 1e6, 1e13);
  checkRange(problems, 'accelerator loadBytesPerS', params.loadBytesPerS, 1e6, 1e13);
  checkRange(problems, 'accelerator workScale', params.workScale, 1, 1e18);
  checkRange(problems, 'accelerator maxJobRealFlop', params.maxJobRealFlop, 1e3, 1e11);
  checkRange(problems, 'accelerator jobHistoryMax', params.jobHistoryMax, 1, 1024, true);
  problems.push(...checkMemoryRegionParams(params.hbm).map((problem) => `accelerator hbm: ${problem}`));
  return problems;
}
