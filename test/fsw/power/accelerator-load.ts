/**
 * A test-only stand-in for the job runner (which does not exist yet): a
 * module stepped after power that keeps the accelerator busy with a long
 * matmul job whenever the device is ready and idle. The device's power
 * limiter holds it at the cap the power manager requests.
 */
import { defineModule, type ModuleFactory } from '../../../fsw/executive/module.js';
import type { JobLaunch } from '../../../fsw/hal/frames.js';

/** 512 x 512 x 512: 2.7e8 real FLOP, about 4 days of simulated work at full clock. */
const SIZE = 512;

function matrix(seed: number): Uint8Array {
  const values = new Float32Array(SIZE * SIZE);
  for (let i = 0; i < values.length; i++) values[i] = ((i * 7919 + seed) % 1000) / 1000 - 0.5;
  return new Uint8Array(values.buffer);
}

export interface AcceleratorLoad {
  starts: number;
}

export function acceleratorLoad(stats: AcceleratorLoad = { starts: 0 }): ModuleFactory {
  const inputs = [matrix(1), matrix(2)];
  return defineModule('testload', (ctx) => ({
    rateHz: 10,
    step: () => {
      const device = ctx.frame.accelerator;
      const active = device.job !== null && (device.job.state === 'loading' || device.job.state === 'running' || device.job.state === 'checkpointing');
      if (device.state !== 'ready' || active || ctx.actuators.acceleratorBusy) return;
      const job: JobLaunch = { jobId: ++stats.starts, kind: 'matmul', dims: [SIZE, SIZE, SIZE], steps: SIZE, inputs, resume: null };
      ctx.actuators.acceleratorCommand({ op: 'start', job });
    },
  }));
}
