import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { JobLaunch } from '../../../fsw/hal/frames.js';
import { Random } from '../../../sim-hw/random.js';
import {
  checkpointState,
  createKernelState,
  liveElements,
  restore,
  resultBytes,
  runKernel,
  runStep,
  stepFlops,
  totalFlops,
} from '../../../sim-hw/accelerator/kernels.js';
import type { KernelSpec } from '../../../sim-hw/accelerator/kernels.js';
import { meanSquaredError } from '../../../sim-hw/accelerator/kernel-math.js';
import { checkJobLaunch } from '../../../sim-hw/accelerator/launch-check.js';

function bytesOf(values: readonly number[] | Float32Array): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

function floatsOf(bytes: Uint8Array): Float32Array {
  return new Float32Array(bytes.slice().buffer);
}

function randomFloats(count: number, rng: Random): Float32Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = rng.uniform(-1, 1);
  return values;
}

/** Inputs of a job of each kind, seeded. */
function sampleJob(kind: 'matmul' | 'inference' | 'training', seed: number): { spec: KernelSpec; inputs: Uint8Array[] } {
  const rng = Random.fromSeed(seed).split(kind);
  if (kind === 'matmul') {
    const [m, k, p] = [13, 7, 11];
    return { spec: { kind, dims: [m, k, p], steps: 4, learningRate: 0 }, inputs: [bytesOf(randomFloats(m * k, rng)), bytesOf(randomFloats(k * p, rng))] };
  }
  if (kind === 'inference') {
    const [b, d, h, o] = [9, 6, 10, 3];
    return {
      spec: { kind, dims: [b, d, h, o], steps: 3, learningRate: 0 },
      inputs: [randomFloats(b * d, rng), randomFloats(d * h, rng), randomFloats(h, rng), randomFloats(h * o, rng), randomFloats(o, rng)].map(bytesOf),
    };
  }
  const [n, d] = [32, 5];
  const x = randomFloats(n * d, rng);
  const wTrue = randomFloats(d, rng);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let t = 0; t < d; t++) sum += x[i * d + t]! * wTrue[t]!;
    y[i] = sum + rng.normal(0, 0.01);
  }
  return { spec: { kind, dims: [n, d], steps: 20, learningRate: 0.5 }, inputs: [bytesOf(x), bytesOf(y), bytesOf(new Float32Array(d))] };
}

describe('matmul kernel', () => {
  it('equals a naive float32 reference bit for bit and a float64 one within 1e-6', () => {
    const { spec, inputs } = sampleJob('matmul', 1);
    const [m, k, p] = spec.dims as [number, number, number];
    const a = floatsOf(inputs[0]!);
    const b = floatsOf(inputs[1]!);
    const c = floatsOf(runKernel(spec, inputs));
    expect(c).toHaveLength(m * p);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < p; j++) {
        let sum32 = 0;
        let sum64 = 0;
        for (let t = 0; t < k; t++) {
          sum32 = Math.fround(sum32 + Math.fround(a[i * k + t]! * b[t * p + j]!));
          sum64 += a[i * k + t]! * b[t * p + j]!;
        }
        expect(c[i * p + j]).toBe(sum32);
        expect(Math.abs(c[i * p + j]! - sum64)).toBeLessThan(1e-6);
      }
    }
  });

  it('splits 13 rows into 4 blocks of 3-4 rows; FLOPs per step sum to 2 m k p', () => {
    const { spec } = sampleJob('matmul', 1);
    const kernel = createKernelState(spec);
    const flops = [0, 1, 2, 3].map((step) => stepFlops(kernel, step));
    expect(flops).toEqual([3, 3, 3, 4].map((rows) => rows * 2 * 7 * 11));
    expect(totalFlops(kernel)).toBe(2 * 13 * 7 * 11);
  });
});

describe('inference kernel', () => {
  it('computes relu(X W1 + b1) W2 + b2 for a hand-worked 2x2 -> 3 -> 2 example', () => {
    const inputs = [
      [1, 2, 3, -1], // X (2 x 2)
      [1, 0, -1, 0, 1, 1], // W1 (2 x 3)
      [0, -1, 0.5], // b1
      [1, 2, 0, 1, -1, 0], // W2 (3 x 2)
      [0.25, -0.5], // b2
    ].map(bytesOf);
    // row 1: h = relu([1, 2, 1] + b1) = [1, 1, 1.5]; y = [1 - 1.5, 2 + 1] + b2 = [-0.25, 2.5]
    // row 2: h = relu([3, -1, -4] + b1) = [3, 0, 0]; y = [3, 6] + b2 = [3.25, 5.5]
    const y = floatsOf(runKernel({ kind: 'inference', dims: [2, 2, 3, 2], steps: 2, learningRate: 0 }, inputs));
    expect(Array.from(y)).toEqual([-0.25, 2.5, 3.25, 5.5]);
  });

  it('FLOPs per row are 2dh + h + 2ho + o', () => {
    const { spec } = sampleJob('inference', 2);
    expect(totalFlops(createKernelState(spec))).toBe(9 * (2 * 6 * 10 + 10 + 2 * 10 * 3 + 3));
  });
});

describe('training kernel', () => {
  it('gradient descent lowers the mean squared error every epoch, by 100x over 20 epochs', () => {
    const { spec, inputs } = sampleJob('training', 3);
    const [n, d] = spec.dims as [number, number];
    const x = floatsOf(inputs[0]!);
    const y = floatsOf(inputs[1]!);
    const kernel = createKernelState(spec);
    const initial = meanSquaredError(x, y, floatsOf(inputs[2]!), n, d);
    let previous = initial;
    while (kernel.stepsDone < spec.steps) {
      runStep(kernel, inputs);
      const loss = meanSquaredError(x, y, kernel.output, n, d);
      expect(loss).toBeLessThan(previous);
      previous = loss;
    }
    expect(previous).toBeLessThan(initial / 100);
    expect(totalFlops(kernel)).toBe(20 * (4 * n * d + n + 2 * d));
  });
});

describe('checkpoint and restore', () => {
  test.prop([fc.constantFrom('matmul' as const, 'inference' as const, 'training' as const), fc.nat(100)])(
    'resuming from a checkpoint gives bit-identical results to an uninterrupted run',
    (kind, cut) => {
      const { spec, inputs } = sampleJob(kind, 4);
      const golden = runKernel(spec, inputs);
      const first = createKernelState(spec);
      const stepsBefore = cut % (spec.steps + 1);
      for (let i = 0; i < stepsBefore; i++) runStep(first, inputs);
      const saved = checkpointState(first);
      const second = createKernelState(spec);
      expect(restore(second, saved, stepsBefore)).toBeNull();
      expect(second.stepsDone).toBe(stepsBefore);
      expect(liveElements(second)).toBe(liveElements(first));
      while (second.stepsDone < spec.steps) runStep(second, inputs);
      expect(resultBytes(second)).toEqual(golden);
    },
  );

  it('refuses a corrupted, foreign or mislabelled checkpoint', () => {
    const { spec, inputs } = sampleJob('matmul', 5);
    const kernel = createKernelState(spec);
    runStep(kernel, inputs);
    const saved = checkpointState(kernel);
    const corrupted = saved.slice();
    corrupted[40]! ^= 0x10;
    expect(restore(createKernelState(spec), corrupted, 1)).toMatch(/checksum/);
    expect(restore(createKernelState(spec), saved, 2)).toMatch(/holds 1 steps/);
    expect(restore(createKernelState({ ...spec, steps: 5 }), saved, 1)).toMatch(/steps/);
    expect(restore(createKernelState(sampleJob('inference', 5).spec), saved, 1)).toMatch(/bytes/);
    expect(restore(createKernelState(spec), saved.subarray(0, 30), 1)).toMatch(/bytes/);
  });
});

describe('launch checks', () => {
  const good: JobLaunch = { jobId: 1, kind: 'matmul', dims: [2, 3, 4], steps: 2, inputs: [new Uint8Array(24), new Uint8Array(48)], resume: null };

  it('accepts a well-formed launch and names what is wrong with a bad one', () => {
    expect(checkJobLaunch(good, 1e9)).toBeNull();
    expect(checkJobLaunch({ ...good, dims: [2, 3] }, 1e9)).toMatch(/3 dims/);
    expect(checkJobLaunch({ ...good, dims: [2, 0, 4] }, 1e9)).toMatch(/dim 0/);
    expect(checkJobLaunch({ ...good, steps: 3 }, 1e9)).toMatch(/steps 3/);
    expect(checkJobLaunch({ ...good, inputs: [new Uint8Array(24)] }, 1e9)).toMatch(/2 inputs/);
    expect(checkJobLaunch({ ...good, inputs: [new Uint8Array(24), new Uint8Array(40)] }, 1e9)).toMatch(/input 1 is 40 bytes, expected 48/);
    expect(checkJobLaunch(good, 10)).toMatch(/real FLOP/);
    expect(checkJobLaunch({ ...good, resume: { jobId: 2, stepsDone: 1, state: new Uint8Array(0) } }, 1e9)).toMatch(/belongs to job 2/);
    const training: JobLaunch = {
      jobId: 3,
      kind: 'training',
      dims: [4, 2],
      steps: 5,
      inputs: [new Uint8Array(32), new Uint8Array(16), new Uint8Array(8)],
      resume: null,
    };
    expect(checkJobLaunch(training, 1e9)).toMatch(/learningRate/);
    expect(checkJobLaunch({ ...training, learningRate: 0.01 }, 1e9)).toBeNull();
  });
});
