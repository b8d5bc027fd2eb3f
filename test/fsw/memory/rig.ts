/**
 * Test rig for the memory module's closed-loop tests: a stand-in for the
 * power module that keeps the accelerator rail on unless
 * memory.inhibitRail.accelerator asks otherwise, an optional job starter,
 * and the stack with both.
 */
import type { Executive } from '../../../fsw/executive/executive.js';
import { defineModule, type ModuleFactory } from '../../../fsw/executive/module.js';
import { createMemoryModule } from '../../../fsw/memory/memory-module.js';
import { spacecraftConfig, type SpacecraftConfig } from '../../../sim-hw/config.js';
import type { TimedFault } from '../../../sim-hw/faults/types.js';
import { DEFAULT_LINK_PARAMS } from '../../../sim-hw/link/channel.js';
import { TestGround, testStack } from '../../helpers/ground.js';

/** Keeps the accelerator rail on unless the memory module inhibits it (power's part, for these tests). */
export const railRig = defineModule('power', (ctx) => ({
  rateHz: 10,
  step: () => ctx.actuators.rail('accelerator', ctx.published.read('memory.inhibitRail.accelerator') === 0),
}));

function float32Bytes(count: number, seed: number): Uint8Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = ((i * 7919 + seed) % 97) / 97 - 0.5;
  return new Uint8Array(values.buffer);
}

/** Starts one long matrix-multiply job (id jobId) once the device is ready (the job runner's part, for these tests). */
export function jobRig(jobId: number): ModuleFactory {
  return defineModule('jobs', (ctx) => {
    let started = false;
    return {
      rateHz: 10,
      step: () => {
        if (started || ctx.frame.accelerator.state !== 'ready' || ctx.actuators.acceleratorBusy) return;
        started = true;
        const n = 64;
        ctx.actuators.acceleratorCommand({
          op: 'start',
          job: { jobId, kind: 'matmul', dims: [n, n, n], steps: 8, inputs: [float32Bytes(n * n, 1), float32Bytes(n * n, 2)], resume: null },
        });
      },
    };
  });
}

export interface RigOptions {
  readonly scenario?: readonly TimedFault[];
  readonly config?: Partial<SpacecraftConfig>;
  readonly extra?: readonly ModuleFactory[];
}

/** The stack with the rail rig, the memory module (and any extra module after it), and a lossless link. */
export function memoryGround(options: RigOptions = {}): TestGround {
  return new TestGround(
    testStack({
      modules: [railRig, createMemoryModule, ...(options.extra ?? [])],
      scenario: options.scenario ?? [],
      config: spacecraftConfig({ link: { ...DEFAULT_LINK_PARAMS, relay: true, lossProbability: 0 }, ...options.config }),
    }),
  );
}

/** The executive of the flight software now running. */
export function executiveOf(ground: TestGround): Executive {
  return ground.stack.fsw.executive;
}
