/**
 * A job-runner stack for closed-loop tests: the stand-ins, the runner, a
 * ground in NOMINAL, and what the simulator's ground truth says a job's
 * result is.
 */
import { createJobsModule } from '../../../fsw/jobs/jobs-module.js';
import { goldenDigests } from '../../../mission/golden.js';
import { resultDigestHex } from '../../../protocol/index.js';
import type { TimedFault } from '../../../sim-hw/faults/types.js';
import { TestGround, testStack } from '../../helpers/ground.js';
import { railStandIn, sefiStandIn, type RailKnobs } from './stand-ins.js';

export interface JobsRig {
  readonly ground: TestGround;
  /** The same ground, by the short name test/hil's cases still use. */
  readonly g: TestGround;
  readonly knobs: RailKnobs;
}

export function jobsRig(scenario: readonly TimedFault[] = [], knobs: Partial<RailKnobs> = {}): JobsRig {
  const all: RailKnobs = { capW: null, socPct: 90, computePaused: 0, ...knobs };
  const ground = new TestGround(testStack({ modules: [railStandIn(all), sefiStandIn(all), createJobsModule], scenario }));
  ground.run(1);
  // Every job_state event reaches the test (the default throttle keeps 10 of a name a minute).
  ground.send('param_set', { name: 'telemetry.eventsPerWindow', value: 1000 });
  ground.send('set_mode', { mode: 'NOMINAL' });
  ground.run(1);
  return { ground, g: ground, knobs: all };
}

export { resultDigestHex };

/** SHA-256 of the ground's result from the simulator's golden run (a matmul's checksum row and column removed). */
export function goldenDigest(ground: TestGround, jobId: number, kind: string, size: number): string {
  const golden = goldenDigests(ground.stack.spacecraft, jobId, kind, size);
  if (golden === null) throw new Error(`the simulator never saw job ${jobId}`);
  return golden.strippedHex;
}

/** The digest reported in a job_summary, as hex. */
export function reportedDigest(summary: Record<string, unknown> | undefined): string | undefined {
  const digest = summary?.digest;
  return digest instanceof Uint8Array ? Buffer.from(digest).toString('hex') : undefined;
}

export function jobStates(ground: TestGround, jobId: number): string[] {
  return ground
    .events('job_state')
    .filter((e) => e.data.jobId === jobId)
    .map((e) => e.data.state as string);
}

/** Runs until the job is done or failed (or maxS passes). */
export function runUntilFinished(ground: TestGround, jobId: number, maxS: number, stepS = 5): void {
  const until = ground.stack.timeS + maxS;
  while (ground.stack.timeS < until) {
    ground.run(stepS);
    const states = jobStates(ground, jobId);
    if (states.includes('done') || states.includes('failed')) return;
  }
}
