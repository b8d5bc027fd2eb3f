/**
 * A job-runner stack for closed-loop tests: the stand-ins, the runner, a
 * ground in NOMINAL, and what the simulator's ground truth says a job's
 * result is.
 */
import { createJobsModule } from '../../../fsw/jobs/jobs-module.js';
import { goldenDigests, sha256Hex } from '../../../mission/golden.js';
import type { TimedFault } from '../../../sim-hw/faults/types.js';
import { TestGround, testStack } from '../../helpers/ground.js';
import { railStandIn, sefiStandIn, type RailKnobs } from './stand-ins.js';

export interface JobsRig {
  readonly g: TestGround;
  readonly knobs: RailKnobs;
}

export function jobsRig(scenario: readonly TimedFault[] = [], knobs: Partial<RailKnobs> = {}): JobsRig {
  const all: RailKnobs = { capW: null, socPct: 90, computePaused: 0, ...knobs };
  const g = new TestGround(testStack({ modules: [railStandIn(all), sefiStandIn(), createJobsModule], scenario }));
  g.run(1);
  // Every job_state event reaches the test (the default throttle keeps 10 of a name a minute).
  g.send('param_set', { name: 'telemetry.eventsPerWindow', value: 1000 });
  g.send('set_mode', { mode: 'NOMINAL' });
  g.run(1);
  return { g, knobs: all };
}

export { sha256Hex };

/** SHA-256 of the ground's result from the simulator's golden run (a matmul's checksum row and column removed). */
export function goldenDigest(g: TestGround, jobId: number, kind: string, size: number): string {
  const golden = goldenDigests(g.stack.spacecraft, jobId, kind, size);
  if (golden === null) throw new Error(`the simulator never saw job ${jobId}`);
  return golden.strippedHex;
}

/** The digest reported in a job_summary, as hex. */
export function reportedDigest(summary: Record<string, unknown> | undefined): string | undefined {
  const digest = summary?.digest;
  return digest instanceof Uint8Array ? Buffer.from(digest).toString('hex') : undefined;
}

export function jobStates(g: TestGround, jobId: number): string[] {
  return g
    .events('job_state')
    .filter((e) => e.data.jobId === jobId)
    .map((e) => e.data.state as string);
}

/** Runs until the job is done or failed (or maxS passes). */
export function runUntilFinished(g: TestGround, jobId: number, maxS: number, stepS = 5): void {
  const until = g.stack.timeS + maxS;
  while (g.stack.timeS < until) {
    g.run(stepS);
    const states = jobStates(g, jobId);
    if (states.includes('done') || states.includes('failed')) return;
  }
}
