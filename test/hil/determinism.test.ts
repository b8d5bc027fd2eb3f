/**
 * Determinism across hardware in the loop and in process: one scenario (a
 * SEFI and a hang of the flight computer) and one command stream (NOMINAL,
 * two jobs) flown by the real processes at --speed max and by the in-process
 * stack (mission/stack.ts) reach the same outcomes: the mode and the
 * sequence of modes, the jobs done and their digests, the resets, the drops
 * counted on board. Where the two must differ the test names the difference
 * and bounds it: over the sockets commands arrive at other mission times
 * (wall-clock pacing: bounded), and UDP on loopback may lose a datagram to a
 * full socket buffer (the ground's missing count: bounded). Telemetry is not
 * compared bit for bit.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandRecord, JobRecord, StatusResponse } from '../../ground/api/contract.js';
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

/** How much later, in mission time, the real processes may accept the first command (the ground sends once housekeeping came). */
const COMMAND_DELAY_BOUND_S = 60;
/** Share of the packets received that UDP on loopback may lose beyond the losses counted on board. */
const UDP_LOSS_BOUND = 0.01;

/** Drops the flight software counts: per downlink class since its last boot, and those its resets took. */
const DROP_FIELDS = ['droppedReports', 'droppedHousekeeping', 'droppedBulk', 'lostAtResets'] as const;

interface Outcome {
  readonly mode: unknown;
  /** Every mode entered, in order (mode_changed events). */
  readonly modes: readonly unknown[];
  readonly drops: Readonly<Record<string, unknown>>;
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
    const summary = g
      .packets('job_summary')
      .filter((p) => p.data.jobId === jobId)
      .at(-1)?.data;
    jobs[jobId] = { state: summary?.state, digest: reportedDigest(summary) };
  }
  const telemetry = g.last('telemetry_hk');
  return {
    mode: g.last('executive_hk')?.mode,
    modes: g.events('mode_changed').map((event) => event.data.to),
    drops: Object.fromEntries(DROP_FIELDS.map((field) => [field, telemetry?.[field]])),
    jobs,
    watchdogResets: g.stack.spacecraft.truth().counts.watchdogResets,
    softwareStarts: g.stack.starts,
  };
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
      const record = await until(
        `job ${jobId}'s summary`,
        async () => {
          const job = (await api<JobRecord>(hil, `/api/jobs/${jobId}`)).body;
          return job.summary ? job : null;
        },
        30_000,
      );
      jobs[jobId] = { state: record.summary?.state, digest: String(record.summary?.digest).toLowerCase() };
    }
    const truth = await hil.sim({ op: 'status' });
    const modeEvents = await hil.events('mode_changed');
    const drops: Record<string, unknown> = {};
    for (const field of DROP_FIELDS) drops[field] = await hil.field('telemetry_hk', field);
    const actual: Outcome = {
      mode: await hil.field('executive_hk', 'mode'),
      modes: modeEvents.map((event) => event.args.to),
      drops,
      jobs,
      watchdogResets: (truth.counts as Record<string, unknown>).watchdogResets,
      softwareStarts: hil.fsw().starts,
    };
    expect(actual).toEqual(expected);

    // The differences, named and bounded. Pacing: the first command is accepted later in mission time.
    const first = (await api<CommandRecord>(hil, '/api/commands/1')).body;
    const acceptedS = first.stages.find((stage) => stage.stage === 'acceptance')?.timeS ?? Infinity;
    expect(acceptedS).toBeLessThanOrEqual(1 + COMMAND_DELAY_BOUND_S);
    // UDP: what the ground found missing is what the spacecraft counted, give or take a full socket buffer.
    const status = (await api<StatusResponse>(hil, '/api/status')).body;
    const counted = DROP_FIELDS.reduce((sum, field) => sum + Number(expected.drops[field] ?? 0), 0);
    expect(status.link.packetsMissing).toBeGreaterThanOrEqual(0);
    expect(status.link.packetsMissing - counted).toBeLessThanOrEqual(Math.ceil(UDP_LOSS_BOUND * status.link.packetsReceived));
  });
});
