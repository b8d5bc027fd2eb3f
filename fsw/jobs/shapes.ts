/**
 * What a submitted job is on the device: from kind and size, the launch
 * dims and steps (frames.ts JobLaunch), the input and output sizes and the
 * real FLOPs. The ground's `size`:
 *   matmul     n: C = A B with A, B n x n; launched augmented (ABFT) as
 *              A' (n+1) x n times B' n x (n+1), one row per step
 *   inference  batch b: Y = relu(X W1 + b1) W2 + b2, X b x 64, W1 64 x 64,
 *              W2 64 x 16; one batch row per step
 *   training   epochs: linear regression, X 64 x 8, y 64, w 8; one epoch per step
 */
import { INFERENCE_DIMS, TRAINING_DIMS, jobWork } from '../../protocol/job-work.js';
import type { JobKind } from '../hal/frames.js';
import { CHECKPOINT_BYTES_MAX, DEVICE_CHECKPOINT_HEADER_BYTES, DEVICE_JOB_FLOP_MAX, RESULT_BYTES_MAX } from './jobs-bounds.js';

export { INFERENCE_DIMS, TRAINING_DIMS };
export const TRAINING_LEARNING_RATE = 0.05;

export interface JobShape {
  readonly kind: JobKind;
  /** Launch dims (augmented for matmul). */
  readonly dims: readonly number[];
  readonly steps: number;
  /** Float32 elements of each launch input, in launch order. */
  readonly inputElements: readonly number[];
  /** Float32 elements of the device's output (augmented for matmul). */
  readonly outputElements: number;
  /** Bytes of the result given to the ground (checksums removed). */
  readonly resultBytes: number;
  readonly checkpointBytes: number;
  /** Real FLOPs of one launch from step 0. */
  readonly launchFlop: number;
  /** Share of a launch's work that is the ground's problem (checksums excluded). */
  readonly usefulFraction: number;
}

export function jobShape(kind: JobKind, size: number): JobShape {
  const { flop: launchFlop, resultBytes } = jobWork(kind, size);
  if (kind === 'matmul') {
    const n = size;
    const outputElements = (n + 1) * (n + 1);
    return {
      kind,
      dims: [n + 1, n, n + 1],
      steps: n + 1,
      inputElements: [(n + 1) * n, n * (n + 1)],
      outputElements,
      resultBytes,
      checkpointBytes: outputElements * 4 + DEVICE_CHECKPOINT_HEADER_BYTES,
      launchFlop,
      usefulFraction: (n * n) / outputElements,
    };
  }
  if (kind === 'inference') {
    const { inputs: d, hidden: h, outputs: o } = INFERENCE_DIMS;
    const b = size;
    return {
      kind,
      dims: [b, d, h, o],
      steps: b,
      inputElements: [b * d, d * h, h, h * o, o],
      outputElements: b * o,
      resultBytes,
      checkpointBytes: resultBytes + DEVICE_CHECKPOINT_HEADER_BYTES,
      launchFlop,
      usefulFraction: 1,
    };
  }
  const { samples: n, features: d } = TRAINING_DIMS;
  return {
    kind,
    dims: [n, d],
    steps: size,
    inputElements: [n * d, n, d],
    outputElements: d,
    resultBytes,
    checkpointBytes: resultBytes + DEVICE_CHECKPOINT_HEADER_BYTES,
    launchFlop,
    usefulFraction: 1,
  };
}

/** Why a job of this shape cannot be taken (the first limit it breaks), or null. */
export function shapeProblem(shape: JobShape): string | null {
  if (shape.resultBytes > RESULT_BYTES_MAX)
    return `${shape.kind} size gives a ${shape.resultBytes}-byte result, over the ${RESULT_BYTES_MAX}-byte result budget`;
  if (shape.checkpointBytes > CHECKPOINT_BYTES_MAX)
    return `${shape.kind} size gives a ${shape.checkpointBytes}-byte checkpoint, over the ${CHECKPOINT_BYTES_MAX}-byte checkpoint budget`;
  if (shape.launchFlop > DEVICE_JOB_FLOP_MAX) return `${shape.kind} size needs ${shape.launchFlop} FLOP per run, over the device's ${DEVICE_JOB_FLOP_MAX}`;
  return null;
}
