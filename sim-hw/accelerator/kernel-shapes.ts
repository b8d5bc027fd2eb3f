/**
 * Shapes, step partition and real FLOP counts of the three job kinds
 * (frames.ts JobLaunch):
 *   matmul    dims [m, k, p]     A (m x k), B (k x p) -> C (m x p);     steps = row blocks
 *   inference dims [b, d, h, o]  X, W1, b1, W2, b2    -> Y (b x o);     steps = batch blocks
 *   training  dims [n, d]        X (n x d), y (n), w  -> w (d);         steps = epochs
 * Step s of a blocked kind covers rows [rowStart(s), rowStart(s + 1)) with
 * rowStart(s) = floor(s * rows / steps): the blocks differ by at most one row.
 */

import type { JobKind } from '../../fsw/hal/frames.js';

export const JOB_KIND_LIST: readonly JobKind[] = ['matmul', 'inference', 'training'];

export function dimsCount(kind: JobKind): number {
  return kind === 'matmul' ? 3 : kind === 'inference' ? 4 : 2;
}

/** Element counts (float32) of the inputs, in launch order. */
export function inputElementCounts(kind: JobKind, dims: readonly number[]): number[] {
  const [a = 0, b = 0, c = 0, e = 0] = dims;
  if (kind === 'matmul') return [a * b, b * c];
  if (kind === 'inference') return [a * b, b * c, c, c * e, e];
  return [a * b, a, b];
}

export function outputElementCount(kind: JobKind, dims: readonly number[]): number {
  const [a = 0, b = 0, , e = 0] = dims;
  if (kind === 'matmul') return a * (dims[2] ?? 0);
  if (kind === 'inference') return a * e;
  return b;
}

/** Rows split into blocks (matmul, inference); epochs for training (no rows). */
export function blockRows(kind: JobKind, dims: readonly number[]): number {
  return kind === 'training' ? 0 : (dims[0] ?? 0);
}

/** Output elements per row (blocked kinds). */
export function rowWidth(kind: JobKind, dims: readonly number[]): number {
  if (kind === 'matmul') return dims[2] ?? 0;
  if (kind === 'inference') return dims[3] ?? 0;
  return 0;
}

export function rowStart(rows: number, steps: number, step: number): number {
  return Math.floor((step * rows) / steps);
}

/** Real FLOPs per output row (blocked kinds) or per epoch (training). */
export function flopsPerUnit(kind: JobKind, dims: readonly number[]): number {
  if (kind === 'matmul') {
    const [, k = 0, p = 0] = dims;
    return 2 * k * p;
  }
  if (kind === 'inference') {
    const [, d = 0, h = 0, o = 0] = dims;
    return 2 * d * h + h + 2 * h * o + o;
  }
  const [n = 0, d = 0] = dims;
  // forward X w (2nd), residual (n), gradient X^T r (2nd), update w -= s g (2d)
  return 4 * n * d + n + 2 * d;
}

/** Real FLOPs of steps [0, step). */
export function flopsBeforeStep(kind: JobKind, dims: readonly number[], steps: number, step: number): number {
  const unit = flopsPerUnit(kind, dims);
  if (kind === 'training') return step * unit;
  return rowStart(blockRows(kind, dims), steps, step) * unit;
}

/** Real FLOPs of step `step` (0-based). */
export function flopsOfStep(kind: JobKind, dims: readonly number[], steps: number, step: number): number {
  return flopsBeforeStep(kind, dims, steps, step + 1) - flopsBeforeStep(kind, dims, steps, step);
}
