/**
 * Determinism across hardware in the loop and in process: one scenario (a
 * SEFI and a hang of the flight computer) and one command stream (NOMINAL,
 * two jobs) flown by the real processes at --speed max and by the in-process
 * stack (mission/stack.ts) reach the same outcomes: the mode, the jobs done
 * and their digests, the resets. Telemetry is not compared bit for bit: over
 * the sockets commands arrive at other mission times.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../ground/api/contract.js';
import type { TimedFault } from '../../sim-hw/faults/types.js';
import { TestGround, testStack } from '../helpers/ground.js';
import { reportedDigest } from '../fsw/jobs/harness.js';
import { api, simTimeS, startHil, stopAll, until, untilJobEnds } from './harness.js';

afterEach(stopAll);

const SCENARIO: readonly TimedFault[] = [
  { atS: 150, kind: 'sefi' },
  { atS: 200, kind: 'obc-hang', durationS: 20 },
];
const END_S = 320;
const COMMANDS: readonly [string, Record<string, unknown>][] = [
  ['param_set', { name: 'telemetry.eventsPerWindow', value: 1000 }],
  ['set_mode', { mode: 'NOMINAL' }],
  ['param_set', { name: 'jobs.checkpointIntervalS', value: 10 }],
  ['submit_job', { jobId: 1, kind: 'matmul', size: 32 }],
  ['submit_job', { jobId: 2, kind: 'matmul', size: 24 }],
];
const JOB_IDS = [1, 2];

interface Outcome {
  readonly mode: unknown;
  readonly jobs: Record<number, { state: unknown; digest: string | undefined }>;
  readonly watchdogResets: unknown;
  readonly softwareStarts: number;
}

function inProcess(): Outcome {
  const g = new TestGround(testStack({ scenario: SCENARIO }));
  g.run(1);
  for (const [name, args] of COMMANDS) g.send(name, args);
  g.run(END_S - g.stack.timeS);
  for (const jobId of JOB_IDS) g.send('get_result', { jobId });
  g.run(5);
  const jobs: Outcome['jobs'] = {};
  for (const jobId of JOB_IDS) {
    const summary = g.packets('job_summary').filter((p) => p.data.jobId === jobId).at(-1)?.data;
    jobs[jobId] = { state: summary?.state, digest: reportedDigest(summary) };
  }
  return { mode: g.last('executive_hk')?.mode, jobs, watchdogResets: g.stack.spacecraft.truth().counts.watchdogResets, softwareStarts: g.stack.starts };
}

describe('hil: determinism across the socket', () => {
  it('a scenario flown at --speed max reaches the same outcomes as in process', async () => {
    const expected = inProcess();
    expect(Object.values(expected.jobs).map((job) => job.state)).toEqual(['done', 'done']);
    expect(expected.watchdogResets).toBe(1);

    const scenarioFile = join(mkdtempSync(join(tmpdir(), 'hil-scenario-')), 'scenario.json');
    writeFileSync(scenarioFile, JSON.stringify({ format: 'orbital-node-scenario/1', faults: SCENARIO }));
    const hil = await startHil(['--speed', 'max', '--link-loss', '0', '--scenario', scenarioFile]);
    await until('housekeeping', async () => (await hil.field('executive_hk', 'mode')) !== undefined, 60_000);
    // All at once, as a stored command sequence: the ground sends them in order.
    for (const [name, args] of COMMANDS) expect((await api(hil, '/api/commands', { name, args })).status).toBe(202);
    for (const jobId of JOB_IDS) await untilJobEnds(hil, jobId);
    await until(`mission time ${END_S} s`, async () => (await simTimeS(hil)) >= END_S, 90_000);
    for (const jobId of JOB_IDS) expect((await hil.command('get_result', { jobId })).state).toBe('completed');
    const jobs: Outcome['jobs'] = {};
    for (const jobId of JOB_IDS) {
      const record = await until(`job ${jobId}'s summary`, async () => {
        const job = (await api<JobRecord>(hil, `/api/jobs/${jobId}`)).body;
        return job.summary ? job : null;
      }, 30_000);
      jobs[jobId] = { state: record.summary?.state, digest: String(record.summary?.digest).toLowerCase() };
    }
    const truth = await hil.sim({ op: 'status' });
    const actual: Outcome = {
      mode: await hil.field('executive_hk', 'mode'),
      jobs,
      watchdogResets: (truth.counts as Record<string, unknown>).watchdogResets,
      softwareStarts: hil.fsw().starts,
    };
    expect(actual).toEqual(expected);
  });
});
