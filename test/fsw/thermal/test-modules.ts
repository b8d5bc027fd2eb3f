/**
 * Test-only stand-ins for modules written elsewhere, so that the thermal
 * controller can be flown closed-loop on its own:
 * - a rail keeper in the power module's place: keeps a rail off while any
 *   published `*.inhibitRail.<rail>` is non-zero (the convention between the
 *   onboard modules), and the accelerator rail on in modes that allow it;
 * - a job keeper in the job runner's place: keeps a long matmul job running
 *   on the accelerator whenever it is ready.
 * Plus configuration helpers for the closed-loop cases.
 */
import { RAILS } from '../../../protocol/index.js';
import { MODE_RULES } from '../../../fsw/executive/modes.js';
import { defineModule, type ModuleContext, type ModuleFactory } from '../../../fsw/executive/module.js';
import { RAIL_INHIBITS, inhibitedRailOf } from '../../../fsw/executive/published-values.js';
import type { JobLaunch, ZoneName } from '../../../fsw/hal/frames.js';
import { DEFAULT_SPACECRAFT_CONFIG, spacecraftConfig, type SpacecraftConfig } from '../../../sim-hw/config.js';
import { DEFAULT_LINK_PARAMS } from '../../../sim-hw/link/channel.js';

function inhibited(ctx: ModuleContext<'power'>, rail: string): boolean {
  return RAIL_INHIBITS.some((name) => inhibitedRailOf(name) === rail && ctx.published.read(name) !== 0);
}

/** Stands in for fsw/power: honours every `*.inhibitRail.<rail>`; powers the accelerator when wanted and allowed. */
export function railKeeper(options: { accelerator: boolean }): ModuleFactory {
  return defineModule('power', (ctx) => ({
    rateHz: 10,
    step: () => {
      for (const rail of RAILS) {
        if (rail === 'avionics') continue;
        if (rail === 'accelerator') ctx.actuators.rail(rail, options.accelerator && MODE_RULES[ctx.mode].acceleratorAllowed && !inhibited(ctx, rail));
        else if (rail === 'heaters') ctx.actuators.rail(rail, !inhibited(ctx, rail));
        else if (inhibited(ctx, rail)) ctx.actuators.rail(rail, false);
      }
    },
  }));
}

/** A matmul of 256 x 128 by 128 x 128: 8.4e6 real FLOP, about 9,000 s of simulated work at full clock. */
function longJob(jobId: number): JobLaunch {
  const a = new Float32Array(256 * 128).map((_, i) => (i % 7) - 3);
  const b = new Float32Array(128 * 128).map((_, i) => (i % 5) - 2);
  return { jobId, kind: 'matmul', dims: [256, 128, 128], steps: 256, inputs: [new Uint8Array(a.buffer), new Uint8Array(b.buffer)], resume: null };
}

/** Stands in for fsw/jobs: a long job always running while the device is ready. */
export function jobKeeper(): ModuleFactory {
  let nextJobId = 1;
  return defineModule('jobs', (ctx) => ({
    rateHz: 10,
    step: () => {
      const device = ctx.frame.accelerator;
      const job = device.job;
      const idle = job === null || job.state === 'done' || job.state === 'failed';
      if (device.state === 'ready' && idle && !ctx.actuators.acceleratorBusy) ctx.actuators.acceleratorCommand({ op: 'start', job: longJob(nextJobId++) });
    },
  }));
}

/** The test link (lossless relay) with the given orbit beta and starting temperatures. */
export function thermalCaseConfig(betaDeg: number, startC: Partial<Record<ZoneName, number>>, overrides: Partial<SpacecraftConfig> = {}): SpacecraftConfig {
  const base = DEFAULT_SPACECRAFT_CONFIG;
  return spacecraftConfig({
    link: { ...DEFAULT_LINK_PARAMS, relay: true, lossProbability: 0 },
    orbit: { ...base.orbit, betaDeg },
    thermal: {
      ...base.thermal,
      nodes: base.thermal.nodes.map((node) => ({ ...node, initialTemperatureC: startC[node.name as ZoneName] ?? node.initialTemperatureC })),
    },
    ...overrides,
  });
}
