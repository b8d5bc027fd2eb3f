/**
 * sim-hw/accelerator: the accelerator device, its HBM with SECDED ECC, and
 * the proxy kernels. The API the assembly uses (see README.md).
 */

export * from './secded.js';
export * from './memory-region.js';
export { allocate, free, readBuffer } from './memory-buffers.js';
export {
  ALSAT1_UPSETS_PER_BIT_PER_DAY,
  HBM_MULTI_BIT_FRACTION,
  expectedUpsets,
  injectRandomUpsets,
  injectUpset,
  injectUpsetsInBuffer,
  stepRandomUpsets,
} from './memory-upsets.js';
export { requestScrub, stepScrub } from './memory-scrub.js';
export { drainErrorLog } from './memory-log.js';
export type { DrainedLog } from './memory-log.js';
export * from './device.js';
export { acceleratorPowerW, limitedClockMHz, throughputFlopS } from './device-power.js';
export {
  createKernelState,
  runKernel,
  runStep,
  checkpointState,
  restore,
  resultBytes,
  stepFlops,
  totalFlops,
} from './kernels.js';
export type { KernelSpec, KernelState } from './kernels.js';
