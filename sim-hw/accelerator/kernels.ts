/**
 * The proxy kernels: real float32 compute standing for a flight-size job.
 * A kernel is plain data (KernelState) advanced one step at a time on its
 * inputs as read from memory; between steps its whole state is `output`
 * (C or Y rows done so far, or the weights w), which is what a checkpoint
 * holds. Inputs and results are little-endian float32 bytes.
 */

import type { JobKind } from '../../fsw/hal/frames.js';
import { matmulRows, mlpRows, trainingEpoch } from './kernel-math.js';
import { JOB_KIND_LIST, blockRows, flopsBeforeStep, flopsOfStep, outputElementCount, rowStart, rowWidth } from './kernel-shapes.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
if (!LITTLE_ENDIAN) throw new Error('the proxy kernels need a little-endian host (float32 views of byte buffers)');

export interface KernelSpec {
  readonly kind: JobKind;
  readonly dims: readonly number[];
  readonly steps: number;
  /** Training only (0 otherwise). */
  readonly learningRate: number;
}

export interface KernelState {
  readonly spec: KernelSpec;
  /** Steps completed; the next runStep runs this one. */
  stepsDone: number;
  /** C (m x p), Y (b x o) or w (d). */
  readonly output: Float32Array;
  /** Hidden layer (inference) or residual + gradient (training). */
  readonly scratch: Float32Array;
}

export function createKernelState(spec: KernelSpec): KernelState {
  const dims = [...spec.dims];
  const frozen: KernelSpec = { kind: spec.kind, dims, steps: spec.steps, learningRate: spec.learningRate };
  const scratchLength = spec.kind === 'inference' ? (dims[2] ?? 0) : spec.kind === 'training' ? (dims[0] ?? 0) + (dims[1] ?? 0) : 0;
  return {
    spec: frozen,
    stepsDone: 0,
    output: new Float32Array(outputElementCount(spec.kind, dims)),
    scratch: new Float32Array(scratchLength),
  };
}

/** Real FLOPs of step `step` (default: the next one). */
export function stepFlops(kernel: KernelState, step: number = kernel.stepsDone): number {
  const { kind, dims, steps } = kernel.spec;
  return flopsOfStep(kind, dims, steps, step);
}

/** Real FLOPs of the steps completed. */
export function flopsDone(kernel: KernelState): number {
  const { kind, dims, steps } = kernel.spec;
  return flopsBeforeStep(kind, dims, steps, kernel.stepsDone);
}

export function totalFlops(kernel: KernelState): number {
  const { kind, dims, steps } = kernel.spec;
  return flopsBeforeStep(kind, dims, steps, steps);
}

/** A float32 view of little-endian bytes (a copy only when misaligned). */
export function asFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  return new Float32Array(bytes.slice().buffer, 0, bytes.byteLength >>> 2);
}

function input(inputs: readonly Uint8Array[], index: number): Float32Array {
  const bytes = inputs[index];
  if (bytes === undefined) throw new Error(`kernel input ${index} missing`);
  return asFloat32(bytes);
}

/** Runs the next step on the inputs (as read from memory, launch order). */
export function runStep(kernel: KernelState, inputs: readonly Uint8Array[]): void {
  const { kind, dims, steps, learningRate } = kernel.spec;
  const step = kernel.stepsDone;
  if (step >= steps) throw new Error(`kernel already ran its ${steps} steps`);
  if (kind === 'training') {
    const [n = 0, d = 0] = dims;
    const w = kernel.output;
    if (step === 0) w.set(input(inputs, 2).subarray(0, d));
    trainingEpoch(input(inputs, 0), input(inputs, 1), w, kernel.scratch.subarray(0, n), kernel.scratch.subarray(n, n + d), n, d, learningRate);
  } else {
    const rows = blockRows(kind, dims);
    const r0 = rowStart(rows, steps, step);
    const r1 = rowStart(rows, steps, step + 1);
    if (kind === 'matmul') {
      matmulRows(input(inputs, 0), input(inputs, 1), kernel.output, dims[1] ?? 0, dims[2] ?? 0, r0, r1);
    } else {
      const hiddenDims: [number, number, number] = [dims[1] ?? 0, dims[2] ?? 0, dims[3] ?? 0];
      mlpRows(input(inputs, 0), input(inputs, 1), input(inputs, 2), input(inputs, 3), input(inputs, 4), kernel.output, kernel.scratch, hiddenDims, r0, r1);
    }
  }
  kernel.stepsDone = step + 1;
}

/** Output elements that hold computed state now (a logic upset elsewhere is overwritten later). */
export function liveElements(kernel: KernelState): number {
  const { kind, dims, steps } = kernel.spec;
  if (kind === 'training') return kernel.stepsDone > 0 ? kernel.output.length : 0;
  return rowStart(blockRows(kind, dims), steps, kernel.stepsDone) * rowWidth(kind, dims);
}

/** The result bytes (little-endian float32), a copy. */
export function resultBytes(kernel: KernelState): Uint8Array {
  return new Uint8Array(kernel.output.buffer.slice(kernel.output.byteOffset, kernel.output.byteOffset + kernel.output.byteLength));
}

// ------------------------------------------------------------ checkpoints

const CHECKPOINT_MAGIC = 0x3150434b; // "KCP1"
/** Bytes of a checkpoint's header (before the float32 output). */
export const CHECKPOINT_HEADER_BYTES = 24;
const HEADER_BYTES = CHECKPOINT_HEADER_BYTES;

function fnv1a(bytes: Uint8Array, from: number, hash = 0x811c9dc5): number {
  let h = hash;
  for (let i = from; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  return h >>> 0;
}

/**
 * The kernel's state between steps as opaque bytes: a 24-byte header (magic,
 * kind, steps, stepsDone, element count, FNV-1a checksum) and the output.
 */
export function checkpointState(kernel: KernelState): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES + kernel.output.byteLength);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, CHECKPOINT_MAGIC, true);
  view.setUint32(4, JOB_KIND_LIST.indexOf(kernel.spec.kind), true);
  view.setUint32(8, kernel.spec.steps, true);
  view.setUint32(12, kernel.stepsDone, true);
  view.setUint32(16, kernel.output.length, true);
  bytes.set(new Uint8Array(kernel.output.buffer, kernel.output.byteOffset, kernel.output.byteLength), HEADER_BYTES);
  view.setUint32(20, fnv1a(bytes, HEADER_BYTES, fnv1a(bytes.subarray(0, 20), 0)), true);
  return bytes;
}

/** Restores a checkpoint taken of the same job; null when done, else why it does not fit. */
export function restore(kernel: KernelState, bytes: Uint8Array, stepsDone: number): string | null {
  if (bytes.byteLength !== HEADER_BYTES + kernel.output.byteLength) {
    return `checkpoint is ${bytes.byteLength} bytes, expected ${HEADER_BYTES + kernel.output.byteLength}`;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== CHECKPOINT_MAGIC) return 'checkpoint magic wrong';
  const checksum = fnv1a(bytes, HEADER_BYTES, fnv1a(bytes.subarray(0, 20), 0));
  if (view.getUint32(20, true) !== checksum) return 'checkpoint checksum wrong';
  if (view.getUint32(4, true) !== JOB_KIND_LIST.indexOf(kernel.spec.kind)) return 'checkpoint of another job kind';
  if (view.getUint32(8, true) !== kernel.spec.steps) return `checkpoint taken with ${view.getUint32(8, true)} steps, job has ${kernel.spec.steps}`;
  if (view.getUint32(16, true) !== kernel.output.length) return 'checkpoint of another shape';
  const savedSteps = view.getUint32(12, true);
  if (savedSteps !== stepsDone) return `checkpoint holds ${savedSteps} steps, says ${stepsDone}`;
  if (savedSteps > kernel.spec.steps) return `checkpoint holds ${savedSteps} steps of ${kernel.spec.steps}`;
  new Uint8Array(kernel.output.buffer, kernel.output.byteOffset, kernel.output.byteLength).set(bytes.subarray(HEADER_BYTES));
  kernel.stepsDone = savedSteps;
  return null;
}

/** The whole kernel, uninterrupted, on the given inputs: the golden result of pristine inputs. */
export function runKernel(spec: KernelSpec, inputs: readonly Uint8Array[]): Uint8Array {
  const kernel = createKernelState(spec);
  while (kernel.stepsDone < spec.steps) runStep(kernel, inputs);
  return resultBytes(kernel);
}
