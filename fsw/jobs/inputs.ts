/**
 * A job's launch inputs, rebuilt at every launch from what the queue keeps
 * (kind, size, seed, inline bytes): the same every time, so a job re-runs
 * and resumes without its inputs being stored. Generated inputs are small
 * integers for matmul (so that its ABFT checksums are exact) and multiples
 * of 1/16 otherwise. Inline bytes replace the first input (A or X).
 */
import type { JobKind } from '../hal/frames.js';
import { augmentColumns, augmentRows, exactMatmul } from './abft.js';
import { bytesToFloat32, float32ToBytes } from './float32-bytes.js';
import { JobPrng } from './prng.js';
import { INFERENCE_DIMS, TRAINING_DIMS, type JobShape } from './shapes.js';

/** Generated matmul elements lie in [-MATMUL_VALUE_MAX, MATMUL_VALUE_MAX]. */
export const MATMUL_VALUE_MAX = 3;

function fill(count: number, value: () => number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = value();
  return out;
}

/** The ground's (unaugmented) inputs of a generated job, in launch order. */
export function generatedInputs(kind: JobKind, size: number, seed: number): Float32Array[] {
  const prng = new JobPrng(seed);
  const small = () => prng.int(-16, 16) / 16;
  if (kind === 'matmul') {
    const int = () => prng.int(-MATMUL_VALUE_MAX, MATMUL_VALUE_MAX);
    return [fill(size * size, int), fill(size * size, int)];
  }
  if (kind === 'inference') {
    const { inputs: d, hidden: h, outputs: o } = INFERENCE_DIMS;
    return [fill(size * d, small), fill(d * h, () => small() / 4), fill(h, small), fill(h * o, () => small() / 4), fill(o, small)];
  }
  const { samples: n, features: d } = TRAINING_DIMS;
  const x = fill(n * d, small);
  const trueW = fill(d, small);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let t = 0; t < d; t++) sum += x[i * d + t]! * trueW[t]!;
    y[i] = sum;
  }
  return [x, y, new Float32Array(d)];
}

/** Why inline bytes cannot be the first input of this job, or null. */
export function inlineProblem(shape: JobShape, inline: Uint8Array): string | null {
  const kind = shape.kind;
  const groundElements = kind === 'matmul' ? (shape.dims[1] ?? 0) ** 2 : shape.inputElements[0]!;
  if (inline.byteLength !== groundElements * 4)
    return `inline input is ${inline.byteLength} bytes, ${kind} of this size takes ${groundElements * 4} (its first input, float32)`;
  const values = bytesToFloat32(inline);
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return `inline input element ${i} is not a finite number`;
  return null;
}

/** The launch inputs as float32 arrays (matmul augmented with its checksums). */
export function launchArrays(shape: JobShape, seed: number, inline: Uint8Array | null): Float32Array[] {
  const size = shape.kind === 'matmul' ? shape.dims[1]! : shape.kind === 'inference' ? shape.dims[0]! : shape.steps;
  const inputs = generatedInputs(shape.kind, size, seed);
  if (inline !== null) inputs[0] = bytesToFloat32(inline);
  if (shape.kind !== 'matmul') return inputs;
  return [augmentRows(inputs[0]!, size, size), augmentColumns(inputs[1]!, size, size)];
}

export function launchInputs(shape: JobShape, seed: number, inline: Uint8Array | null): Uint8Array[] {
  return launchArrays(shape, seed, inline).map(float32ToBytes);
}

/** ABFT when the matmul is exact in float32; redundant execution otherwise (and for the other kinds). */
export function verificationFor(shape: JobShape, seed: number, inline: Uint8Array | null): 'abft' | 'redundant' {
  if (shape.kind !== 'matmul') return 'redundant';
  const [a, b] = launchArrays(shape, seed, inline);
  const n = shape.dims[1]!;
  return exactMatmul(a!, b!, n + 1, n, n + 1) ? 'abft' : 'redundant';
}
