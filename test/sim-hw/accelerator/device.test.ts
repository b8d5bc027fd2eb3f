import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { AcceleratorSensors, JobKind, JobLaunch, MemoryErrorRecord } from '../../../fsw/hal/frames.js';
import { Random } from '../../../sim-hw/random.js';
import {
  DEFAULT_ACCELERATOR_PARAMS,
  acceleratorSensors,
  checkAcceleratorParams,
  createAcceleratorState,
  goldenResult,
  injectLogicUpset,
  injectSefi,
  jobTruth,
  markFailed,
  stepAccelerator,
} from '../../../sim-hw/accelerator/device.js';
import type { AcceleratorInputs, AcceleratorParams, AcceleratorState } from '../../../sim-hw/accelerator/device.js';
import { acceleratorPowerW, limitedClockMHz } from '../../../sim-hw/accelerator/device-power.js';
import { memorySensors } from '../../../sim-hw/accelerator/memory-region.js';
import { injectUpset } from '../../../sim-hw/accelerator/memory-upsets.js';
import { runKernel } from '../../../sim-hw/accelerator/kernels.js';

const DT_S = 0.1;

/** Fast variant for most tests: 1 s boot, 10x less simulated work per real FLOP (a 32^3 matmul: 7.1 s). */
const FAST: AcceleratorParams = { ...DEFAULT_ACCELERATOR_PARAMS, bootS: 1, workScale: 1e11 };

interface Rig {
  readonly state: AcceleratorState;
  readonly params: AcceleratorParams;
  timeS: number;
  frames: AcceleratorSensors[];
  errors: MemoryErrorRecord[];
}

function rig(params: AcceleratorParams = FAST): Rig {
  return { state: createAcceleratorState(params), params, timeS: 0, frames: [], errors: [] };
}

/** One tick with the rail on (unless told otherwise); returns the frame. */
function tick(r: Rig, inputs: Partial<AcceleratorInputs> = {}): AcceleratorSensors {
  stepAccelerator(r.state, { powered: true, ...inputs }, r.params, DT_S, r.timeS);
  r.timeS += DT_S;
  const frame = acceleratorSensors(r.state);
  r.frames.push(frame);
  r.errors.push(...memorySensors(r.state.hbm).errorLog);
  return frame;
}

function boot(r: Rig): void {
  for (let i = 0; i < 10_000 && r.state.mode !== 'ready'; i++) tick(r);
  expect(r.state.mode).toBe('ready');
}

function floats(count: number, rng: Random): Uint8Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = rng.uniform(-1, 1);
  return new Uint8Array(values.buffer);
}

function launchOf(kind: JobKind, jobId: number, size = 32): JobLaunch {
  const rng = Random.fromSeed(jobId).split(kind);
  if (kind === 'matmul') return { jobId, kind, dims: [size, size, size], steps: 8, inputs: [floats(size * size, rng), floats(size * size, rng)], resume: null };
  if (kind === 'inference') {
    const [b, d, h, o] = [size, 16, 24, 8];
    return {
      jobId,
      kind,
      dims: [b, d, h, o],
      steps: 4,
      inputs: [floats(b * d, rng), floats(d * h, rng), floats(h, rng), floats(h * o, rng), floats(o, rng)],
      resume: null,
    };
  }
  const [n, d] = [size, 8];
  return { jobId, kind, dims: [n, d], steps: 12, learningRate: 0.2, inputs: [floats(n * d, rng), floats(n, rng), floats(d, rng)], resume: null };
}

function totalWork(launch: JobLaunch, params: AcceleratorParams): number {
  const [a = 0, b = 0, c = 0, e = 0] = launch.dims;
  const real =
    launch.kind === 'matmul' ? 2 * a * b * c : launch.kind === 'inference' ? a * (2 * b * c + c + 2 * c * e + e) : launch.steps * (4 * a * b + a + 2 * b);
  return real * params.workScale;
}

/** Ticks until the job is done or failed; returns the frames in which a result appeared. */
function runToEnd(r: Rig, maxTicks = 1_000_000): AcceleratorSensors[] {
  const withResult: AcceleratorSensors[] = [];
  for (let i = 0; i < maxTicks; i++) {
    const frame = tick(r);
    if (frame.job?.result) withResult.push(frame);
    if (frame.job?.state === 'done' || frame.job?.state === 'failed') return withResult;
  }
  throw new Error('job did not finish');
}

describe('accelerator parameters', () => {
  it('defaults are valid (TPU v6e 918 TFLOP/s, 40-200 W, 150-1500 MHz)', () => {
    expect(checkAcceleratorParams(DEFAULT_ACCELERATOR_PARAMS)).toEqual([]);
    expect(DEFAULT_ACCELERATOR_PARAMS.peakFlopS).toBe(918e12);
  });

  it('names inconsistent parameters', () => {
    const problems = checkAcceleratorParams({
      ...DEFAULT_ACCELERATOR_PARAMS,
      idlePowerW: 300,
      clockMHzMin: 2000,
      workScale: 0,
      hbm: { ...DEFAULT_ACCELERATOR_PARAMS.hbm, pageBytes: 100 },
    });
    expect(problems.some((p) => p.includes('maxPowerW'))).toBe(true);
    expect(problems.some((p) => p.includes('clockMHzMin'))).toBe(true);
    expect(problems.some((p) => p.includes('workScale'))).toBe(true);
    expect(problems.some((p) => p.includes('hbm') && p.includes('pageBytes'))).toBe(true);
  });

  it('a 128x128x128 matmul takes 76 min of simulated time at full clock with workScale 1e12', () => {
    const seconds = (2 * 128 ** 3 * DEFAULT_ACCELERATOR_PARAMS.workScale) / DEFAULT_ACCELERATOR_PARAMS.peakFlopS;
    expect(seconds / 60).toBeCloseTo(76.15, 1);
  });
});

describe('power and clock', () => {
  const params = DEFAULT_ACCELERATOR_PARAMS;
  const floorW = acceleratorPowerW(params, 1, params.clockMHzMin);

  it('power at the minimum clock is 41.0 W; at full clock 200 W', () => {
    expect(floorW).toBeCloseTo(40 + 160 * 0.1 ** 2.2, 9);
    expect(acceleratorPowerW(params, 1, 1500)).toBe(200);
    expect(acceleratorPowerW(params, 0, 1500)).toBe(40);
  });

  test.prop([fc.double({ min: 41.01, max: 260, noNaN: true }), fc.double({ min: 0, max: 2000, noNaN: true })])(
    'the limiter keeps full-load power at or below the cap, at the highest such clock, never below the minimum',
    (capW, requestedMHz) => {
      const clock = limitedClockMHz(params, requestedMHz, capW);
      expect(clock).toBeGreaterThanOrEqual(params.clockMHzMin);
      expect(clock).toBeLessThanOrEqual(Math.min(params.clockMHzMax, Math.max(params.clockMHzMin, requestedMHz)));
      expect(acceleratorPowerW(params, 1, clock)).toBeLessThanOrEqual(capW);
      if (clock < Math.min(params.clockMHzMax, Math.max(params.clockMHzMin, requestedMHz))) {
        expect(acceleratorPowerW(params, 1, clock)).toBeCloseTo(capW, 6);
      }
    },
  );

  test.prop([fc.double({ min: 41.1, max: 220, noNaN: true }), fc.integer({ min: 150, max: 1500 })], { numRuns: 20 })(
    'a running device never draws more than its cap',
    (capW, clockMHz) => {
      const r = rig({ ...FAST, bootS: 0.1 });
      boot(r);
      tick(r, { powerCapW: capW, clockMHz, command: { op: 'start', job: launchOf('matmul', 1) } });
      for (let i = 0; i < 30; i++) {
        const frame = tick(r);
        expect(frame.powerW).toBeLessThanOrEqual(capW);
        expect(frame.clockMHz).toBeGreaterThanOrEqual(150);
      }
      expect(r.frames.some((frame) => frame.utilisationPct === 100)).toBe(true);
    },
  );

  it('throughput scales with clock: half the clock, half the rate, twice the time', () => {
    const durations: number[] = [];
    const rates: number[] = [];
    for (const clockMHz of [1500, 750]) {
      const r = rig();
      boot(r);
      tick(r, { clockMHz, command: { op: 'start', job: launchOf('matmul', 2) } });
      const start = r.timeS;
      runToEnd(r);
      durations.push(r.timeS - start);
      rates.push(Math.max(...r.frames.map((frame) => frame.throughputFlopS)));
    }
    expect(rates[0]).toBe(918e12);
    expect(rates[1]).toBe(459e12);
    expect(durations[1]! / durations[0]!).toBeCloseTo(2, 1);
  });
});

describe('jobs', () => {
  it.each(['matmul', 'inference', 'training'] as const)(
    '%s completes with the golden result; duration = load + work / throughput within one tick; result in exactly one frame',
    (kind) => {
      const r = rig();
      boot(r);
      const launch = launchOf(kind, 10);
      const startFrame = tick(r, { command: { op: 'start', job: launch } });
      expect(startFrame.job?.state).toBe('running'); // loading takes microseconds
      const startS = r.timeS - DT_S; // the command acts at the start of that tick
      const before = r.frames.length;
      const withResult = runToEnd(r);
      const durationS = r.timeS - startS;
      const loadS = launch.inputs.reduce((sum, bytes) => sum + bytes.byteLength, 0) / r.params.loadBytesPerS;
      const expectedS = loadS + totalWork(launch, r.params) / r.params.peakFlopS;
      expect(Math.abs(durationS - expectedS)).toBeLessThanOrEqual(DT_S);
      expect(withResult).toHaveLength(1);
      const job = withResult[0]!.job!;
      expect(job.state).toBe('done');
      expect(job.stepsDone).toBe(launch.steps);
      expect(job.workDoneFlop).toBeCloseTo(totalWork(launch, r.params), -3);
      expect(job.result).toEqual(goldenResult(r.state, 10));
      expect(job.result).toEqual(runKernel({ kind, dims: launch.dims, steps: launch.steps, learningRate: launch.learningRate ?? 0 }, launch.inputs));
      expect(
        r.frames
          .slice(before)
          .filter((frame) => frame.job?.state === 'running')
          .every((frame) => frame.utilisationPct > 0),
      ).toBe(true);
      expect(jobTruth(r.state, 10)).toEqual({ faultsTouched: 0, resultCorrupt: false, resultAvailable: true });
      expect(r.state.hbm.buffers).toHaveLength(0);
      const after = tick(r);
      expect(after.job?.state).toBe('done');
      expect(after.job?.result).toBeNull();
      expect(after.utilisationPct).toBe(0);
      expect(after.powerW).toBe(40);
    },
  );

  it('a 128x128x128 matmul with the default workScale runs 76 min and gives the golden result', () => {
    const r = rig(DEFAULT_ACCELERATOR_PARAMS);
    boot(r);
    const launch = launchOf('matmul', 11, 128);
    tick(r, { command: { op: 'start', job: launch } });
    const startS = r.timeS - DT_S;
    runToEnd(r);
    const expectedS = (2 * 128 ** 3 * 1e12) / 918e12 + (2 * 128 * 128 * 4) / 16e9;
    expect(Math.abs(r.timeS - startS - expectedS)).toBeLessThanOrEqual(DT_S);
    expect(jobTruth(r.state, 11)).toEqual({ faultsTouched: 0, resultCorrupt: false, resultAvailable: true });
  });

  it('checkpoint, stop, then start with resume gives the same final result', () => {
    const r = rig({ ...FAST, checkpointBytesPerS: 1e5 });
    boot(r);
    const launch = launchOf('training', 12, 64);
    tick(r, { command: { op: 'start', job: launch } });
    while (r.state.job!.kernel.stepsDone < 5) tick(r);
    const stepsAtCommand = r.state.job!.kernel.stepsDone;
    let checkpointFrames = 0;
    let checkpoint = null;
    let pausedFrames = 0;
    for (let i = 0; i < 100; i++) {
      const frame = i === 0 ? tick(r, { command: { op: 'checkpoint' } }) : tick(r);
      if (frame.job?.state === 'checkpointing') {
        pausedFrames++;
        expect(frame.utilisationPct).toBe(0);
      }
      if (frame.job?.checkpoint) {
        checkpointFrames++;
        checkpoint = frame.job.checkpoint;
      }
    }
    // (24 + 8 * 4) bytes at 1e5 B/s: 0.56 ms, inside one tick; the state is seen only in that tick
    expect(checkpointFrames).toBe(1);
    expect(checkpoint!.jobId).toBe(12);
    expect(checkpoint!.stepsDone).toBe(stepsAtCommand);
    expect(checkpoint!.stepsDone).toBeLessThan(launch.steps);
    expect(pausedFrames).toBe(0);
    tick(r, { command: { op: 'stop' } });
    expect(r.state.job).toBeNull();
    expect(r.state.hbm.buffers).toHaveLength(0);
    tick(r, { command: { op: 'start', job: { ...launch, resume: checkpoint } } });
    expect(r.state.job!.kernel.stepsDone).toBe(checkpoint!.stepsDone);
    const withResult = runToEnd(r);
    expect(withResult).toHaveLength(1);
    expect(withResult[0]!.job!.result).toEqual(goldenResult(r.state, 12));
    expect(jobTruth(r.state, 12)!.resultCorrupt).toBe(false);
  });

  it('a long checkpoint pauses the compute while it is written', () => {
    const r = rig({ ...FAST, checkpointBytesPerS: 2e4 });
    boot(r);
    tick(r, { command: { op: 'start', job: launchOf('matmul', 13, 64) } });
    while (r.state.job!.kernel.stepsDone < 2) tick(r);
    const steps = r.state.job!.kernel.stepsDone;
    tick(r, { command: { op: 'checkpoint' } });
    // C is 64 x 64 float32 = 16384 bytes + 24 of header: 0.82 s at 2e4 B/s
    let paused = 1;
    let frame = r.frames[r.frames.length - 1]!;
    expect(frame.job!.state).toBe('checkpointing');
    while ((frame = tick(r)).job!.state === 'checkpointing') {
      expect(frame.utilisationPct).toBe(0);
      expect(frame.powerW).toBe(40);
      expect(frame.job!.stepsDone).toBe(steps);
      paused++;
    }
    expect(paused).toBeGreaterThanOrEqual(8);
    expect(paused).toBeLessThanOrEqual(9);
    expect(frame.job!.checkpoint).toMatchObject({ jobId: 13, stepsDone: steps });
    expect(frame.job!.checkpoint!.state.byteLength).toBe(16384 + 24);
    expect(tick(r).job!.checkpoint).toBeNull();
  });

  it('refuses a start when not ready, when busy or when the launch is malformed, for one frame', () => {
    const r = rig();
    const off = tick(r, { powered: false, command: { op: 'start', job: launchOf('matmul', 20) } });
    expect(off.state).toBe('off');
    expect(off.job).toMatchObject({ jobId: 20, state: 'failed', failure: 'device is off' });
    const booting = tick(r, { command: { op: 'start', job: launchOf('matmul', 21) } });
    expect(booting.job).toMatchObject({ jobId: 21, state: 'failed', failure: 'device is booting' });
    expect(tick(r).job).toBeNull();
    boot(r);
    expect(tick(r, { command: { op: 'start', job: launchOf('matmul', 22) } }).job).toMatchObject({ jobId: 22, state: 'running' });
    expect(tick(r, { command: { op: 'start', job: launchOf('matmul', 23) } }).job).toMatchObject({
      jobId: 23,
      state: 'failed',
      failure: 'device is busy with job 22',
    });
    expect(tick(r).job).toMatchObject({ jobId: 22, state: 'running' });
    runToEnd(r);
    const bad = tick(r, { command: { op: 'start', job: { ...launchOf('matmul', 24), dims: [4, 4] } } });
    expect(bad.job).toMatchObject({ jobId: 24, state: 'failed' });
    expect(bad.job!.failure).toMatch(/dims/);
    expect(tick(r).job).toMatchObject({ jobId: 22, state: 'done' });
    expect(r.state.startsRefused).toBe(4);
  });
});

describe('radiation effects', () => {
  it('a SEFI stops the heartbeat and freezes the job; a reset restores it after bootS', () => {
    const r = rig();
    boot(r);
    tick(r, { command: { op: 'start', job: launchOf('matmul', 30, 64) } });
    for (let i = 0; i < 20; i++) tick(r);
    expect(injectSefi(r.state)).toBe(true);
    const hung = tick(r);
    const beat = hung.heartbeat;
    const steps = hung.job!.stepsDone;
    for (let i = 0; i < 50; i++) {
      const frame = tick(r);
      expect(frame.state).toBe('hung');
      expect(frame.heartbeat).toBe(beat);
      expect(frame.job!.stepsDone).toBe(steps);
      expect(frame.utilisationPct).toBe(0);
    }
    const reset = tick(r, { command: { op: 'reset' } });
    expect(reset.state).toBe('booting');
    expect(reset.heartbeat).toBe(beat + 1);
    expect(reset.job).toBeNull();
    let ticks = 1;
    while (tick(r).state !== 'ready') ticks++;
    expect(ticks + 1).toBe(Math.round(r.params.bootS / DT_S));
    expect(r.frames[r.frames.length - 1]!.heartbeat).toBe(beat + ticks + 1);
  });

  it('a double-bit upset in an input buffer is logged uncorrectable with the job id and corrupts the result', () => {
    const r = rig();
    boot(r);
    tick(r, { command: { op: 'start', job: launchOf('matmul', 40) } });
    expect(r.state.job!.kernel.stepsDone).toBeLessThan(7);
    const bufferA = r.state.hbm.buffers[0]!;
    const word = bufferA.byteOffset / 8 + (31 * 32) / 2 + 3; // A elements (31, 6) and (31, 7): last row, read by the last step
    expect(injectUpset(r.state.hbm, word, [20, 22])).toBe(true);
    runToEnd(r);
    const records = r.errors.filter((record) => record.word === word);
    expect(records).toEqual([{ timeS: expect.any(Number), page: bufferA.firstPage, word, kind: 'uncorrectable', during: 'read', jobId: 40 }]);
    expect(jobTruth(r.state, 40)).toEqual({ faultsTouched: 1, resultCorrupt: true, resultAvailable: true });
    expect(memorySensors(r.state.hbm).uncorrectableCount).toBe(1);
  });

  it('a single-bit upset in an input buffer is corrected on read and the result equals golden', () => {
    const r = rig();
    boot(r);
    tick(r, { command: { op: 'start', job: launchOf('matmul', 41) } });
    const bufferB = r.state.hbm.buffers[1]!;
    const word = bufferB.byteOffset / 8 + 3;
    expect(injectUpset(r.state.hbm, word, [30])).toBe(true);
    const withResult = runToEnd(r);
    expect(r.errors.filter((record) => record.word === word)).toMatchObject([{ kind: 'corrected', during: 'read', jobId: 41 }]);
    expect(withResult[0]!.job!.result).toEqual(goldenResult(r.state, 41));
    expect(jobTruth(r.state, 41)).toEqual({ faultsTouched: 1, resultCorrupt: false, resultAvailable: true });
  });

  it('a logic upset flips one bit of the running job state: silent data corruption', () => {
    const r = rig();
    boot(r);
    expect(injectLogicUpset(r.state, Random.fromSeed(1).split('logic'))).toBe(false); // no job
    tick(r, { command: { op: 'start', job: launchOf('training', 42, 64) } });
    while (r.state.job!.kernel.stepsDone < 10) tick(r);
    expect(injectLogicUpset(r.state, Random.fromSeed(1).split('logic'))).toBe(true);
    runToEnd(r);
    expect(r.errors).toHaveLength(0);
    expect(jobTruth(r.state, 42)).toEqual({ faultsTouched: 1, resultCorrupt: true, resultAvailable: true });
  });

  it('power loss drops the job and the HBM contents; latch-up damage is for good', () => {
    const r = rig();
    boot(r);
    tick(r, { command: { op: 'start', job: launchOf('inference', 50) } });
    injectUpset(r.state.hbm, 123_456_789, [5]);
    const off = tick(r, { powered: false });
    expect(off).toMatchObject({ state: 'off', powerW: 0, job: null, throughputFlopS: 0 });
    expect(r.state.hbm.dirty.wordCount).toBe(0);
    expect(tick(r, { powered: false }).heartbeat).toBe(off.heartbeat);
    boot(r);
    markFailed(r.state, 'latch-up');
    expect(tick(r).state).toBe('failed');
    tick(r, { powered: false });
    expect(tick(r).state).toBe('failed');
    expect(tick(r, { command: { op: 'reset' } }).state).toBe('failed');
  });
});
