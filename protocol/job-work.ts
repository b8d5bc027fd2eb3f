/**
 * What a job of the ICD's kinds and sizes (submit_job: kind, size) is, as
 * both ends must agree: the fixed dimensions of inference and training,
 * the FLOPs of one run from its first step, and the bytes of the result
 * that comes home. The flight software launches from these
 * (fsw/jobs/shapes.ts); the ground plans with them (ground/fleet/).
 *   matmul     n: C = A B, n x n; run augmented with a checksum row and
 *              column (Huang-Abraham): (n+1) x n times n x (n+1)
 *   inference  batch b: Y = relu(X W1 + b1) W2 + b2, X b x 64, W1 64 x 64, W2 64 x 16
 *   training   epochs: linear regression, X 64 x 8, y 64, w 8
 */
import type { JOB_KINDS } from './dictionary/jobs.js';

export type JobKindName = (typeof JOB_KINDS)[number];

export const INFERENCE_DIMS = { inputs: 64, hidden: 64, outputs: 16 } as const;
export const TRAINING_DIMS = { samples: 64, features: 8 } as const;

export interface JobWork {
  /** FLOPs of one run from step 0 (the kernel's, checksums included). */
  readonly flop: number;
  /** Bytes of the result given to the ground (checksums removed). */
  readonly resultBytes: number;
}

export function jobWork(kind: JobKindName, size: number): JobWork {
  if (kind === 'matmul') return { flop: 2 * (size + 1) * size * (size + 1), resultBytes: size * size * 4 };
  if (kind === 'inference') {
    const { inputs: d, hidden: h, outputs: o } = INFERENCE_DIMS;
    return { flop: size * (2 * d * h + h + 2 * h * o + o), resultBytes: size * o * 4 };
  }
  const { samples: n, features: d } = TRAINING_DIMS;
  return { flop: size * (4 * n * d + n + 2 * d), resultBytes: d * 4 };
}
