/**
 * The fleet job service in the ground server (issue 19 point 1): jobs
 * submitted to the fleet over the API and the CLI, placed by the broker on
 * fake spacecraft (each with a fake job runner), their results fetched and
 * handed out, refusals and cancels, redundancy, and the jobs read back
 * after a restart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resultDigestHex, toHex } from '../../../protocol/index.js';
import type { ApiError, CommandList, FleetJobList, FleetJobRecord, FleetJobResult } from '../../../ground/api/contract.js';
import { FLEET_BOARD_ID_BASE } from '../../../ground/fleet/spacecraft-view.js';
import type { GroundServer } from '../../../ground/server/ground-server.js';
import { runBin } from '../../helpers/cli.js';
import { FakeJobRunner } from './fake-job-runner.js';
import { type FakeSpacecraft, HK } from './fake-spacecraft.js';
import { lettered, startFleetGround } from './fleet-harness.js';
import { api, until } from './harness.js';

interface Member {
  readonly name: string;
  readonly fake: FakeSpacecraft;
  readonly runner: FakeJobRunner;
}

interface JobsHarness {
  readonly server: GroundServer;
  readonly members: readonly Member[];
  readonly target: { readonly url: string; readonly token: string };
  readonly dir: string;
  /** Stops the server; the fakes go on (a restart starts another server on the same folder). */
  stopServer(): Promise<void>;
  close(): Promise<void>;
}

const running: JobsHarness[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((harness) => harness.close()));
});

/** A fleet ground over `count` fake spacecraft linked through a relay, each with a fake job runner; `dir` and `fakes` again restart on what an earlier one wrote. */
async function startJobs(count: number, dir?: string, fakes?: readonly Member[]): Promise<JobsHarness> {
  const ground = await startFleetGround({
    members: lettered(count),
    ...(dir ? { dir } : {}),
    ...(fakes ? { fakes: fakes.map((member) => member.fake) } : {}),
  });
  const members: Member[] = fakes
    ? [...fakes]
    : ground.members.map((member) => ({ name: member.name, fake: member.fake, runner: new FakeJobRunner(member.fake) }));
  const harness: JobsHarness = { ...ground, members, stopServer: () => ground.stopServer(), close: () => ground.close() };
  running.push(harness);
  return harness;
}

/** Every spacecraft says it is NOMINAL; the ground waits until each is heard. */
async function hearAll(harness: JobsHarness): Promise<void> {
  for (const member of harness.members) member.fake.downlink('executive_hk', { ...HK, mode: 'NOMINAL' });
  await until('every spacecraft heard', async () => harness.server.fleet().spacecraft.every((sc) => sc.packetsReceived > 0));
}

const submit = (harness: JobsHarness, body: unknown) => api<{ job: FleetJobRecord } & ApiError>(harness.target, '/api/fleet/jobs', body);
const job = (harness: JobsHarness, id: number) => api<FleetJobRecord>(harness.target, `/api/fleet/jobs/${id}`).then((reply) => reply.body);
const doneJob = (harness: JobsHarness, id: number) =>
  until(`fleet job ${id} done`, async () => {
    const record = await job(harness, id);
    return record.state === 'done' ? record : null;
  });
const commandsOf = async (harness: JobsHarness, sc: string) =>
  (await api<CommandList>(harness.target, `/api/commands?sc=${sc}`)).body.commands.map((command) => [command.name, command.args.jobId, command.user]);

describe('the fleet job service in the ground server', () => {
  it('refuses a job before any spacecraft is heard, and bad jobs with 400 naming the problem', async () => {
    const harness = await startJobs(2);
    const early = await submit(harness, { kind: 'inference', size: 8 });
    expect(early.status).toBe(503);
    expect(early.body.error).toMatch(/no spacecraft has been heard yet/);
    await hearAll(harness);
    const cases: Array<[unknown, RegExp]> = [
      [{ kind: 'inference' }, /size is missing/],
      [{ kind: 'sorting', size: 8 }, /kind "sorting" is not one of matmul, inference, training/],
      [{ kind: 'inference', size: 8, spacecraft: 'sat-a' }, /unknown field spacecraft/],
      [{ kind: 'inference', size: 0 }, /size 0 is not an integer in 1\.\.4096/],
      [{ kind: 'inference', size: 8, redundant: 3 }, /redundant 3 is not 1\.\.2/],
      [{ kind: 'inference', size: 8, deadlineS: 10 }, /deadline 10 s is not after the mission time now/],
      [{ kind: 'inference', size: 8, deadlineS: 1e6, deadlineInS: 60 }, /deadlineS or deadlineInS, not both/],
      [{ kind: 'inference', size: '8' }, /size "8" is not a number/],
      [[1, 2], /the body must be/],
    ];
    for (const [body, message] of cases) {
      const reply = await submit(harness, body);
      expect([reply.status, reply.body.error], JSON.stringify(body)).toEqual([400, expect.stringMatching(message)]);
    }
    expect((await api<FleetJobList>(harness.target, '/api/fleet/jobs')).body.jobs).toEqual([]);
    expect((await api<ApiError>(harness.target, '/api/fleet/jobs/7')).status).toBe(404);
  });

  it('places a job without a spacecraft named, fetches its result and hands it out, digest checked, under a stable ground id', async () => {
    const harness = await startJobs(2);
    await hearAll(harness);
    const reply = await submit(harness, { kind: 'inference', size: 8, priority: 7, deadlineInS: 7200 });
    expect(reply.status).toBe(202);
    const submitted = reply.body.job;
    expect(submitted).toMatchObject({ id: 1, kind: 'inference', size: 8, priority: 7, redundant: 1, submittedBy: 'local', state: 'placed' });
    expect(submitted.deadlineS).toBeGreaterThan(submitted.submittedS + 7199);
    const [run] = submitted.runs;
    expect(run).toMatchObject({ boardJobId: FLEET_BOARD_ID_BASE, state: 'uplink', because: expect.stringMatching(/^result home ~\d+ s/) });

    const done = await doneJob(harness, 1);
    expect(done.runs.map((r) => [r.spacecraft, r.state])).toEqual([[run!.spacecraft, 'home']]);
    // Its provenance: the station (here the relay) that carried it home, and the check made on board.
    expect(done.runs[0]).toMatchObject({ homeStation: 'relay', verification: 'abft' });
    const member = harness.members.find((m) => m.name === run!.spacecraft)!;
    const expected = member.runner.resultOf({ kind: 'inference', size: 8, inputSeed: 1 });
    expect(done.digestHex).toBe(resultDigestHex(expected));
    // The broker's commands name it as their user, on the spacecraft it chose.
    expect(await commandsOf(harness, run!.spacecraft)).toEqual([
      ['submit_job', FLEET_BOARD_ID_BASE, 'fleet-broker'],
      ['get_result', FLEET_BOARD_ID_BASE, 'fleet-broker'],
    ]);
    const result = await api<FleetJobResult>(harness.target, '/api/fleet/jobs/1/result');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ id: 1, spacecraft: run!.spacecraft, boardJobId: FLEET_BOARD_ID_BASE, dataHex: toHex(expected) });
    const listed = (await api<FleetJobList>(harness.target, '/api/fleet/jobs?state=done')).body;
    expect(listed.jobs.map((j) => j.id)).toEqual([1]);
    expect(listed.counts).toMatchObject({ submitted: 1, done: 1, failed: 0, lost: 0, doubleCompletions: 0 });
    expect((await api<ApiError>(harness.target, '/api/fleet/jobs?state=lost')).body.error).toMatch(/state=lost is not one of queued, placed, done, failed/);
  });

  it('places a job again where a spacecraft refused it, and one still queued when the operator cancels it is cancelled on board', async () => {
    const harness = await startJobs(2);
    await hearAll(harness);
    for (const member of harness.members) {
      member.runner.runAtOnce = false;
      member.fake.failCommand = (tc) => (tc.entry.def.name === 'submit_job' && member.name === 'sat-a' ? 'the job queue is full' : null);
    }
    const first = (await submit(harness, { kind: 'matmul', size: 16 })).body.job;
    const moved = await until('fleet job 1 on its second spacecraft', async () => {
      const record = await job(harness, 1);
      return record.runs.length === 2 ? record : null;
    });
    // sat-a comes first in fleet order (equal predictions) and refuses; the job goes to sat-b.
    expect(first.runs[0]!.spacecraft).toBe('sat-a');
    expect(moved.runs.map((r) => [r.spacecraft, r.state, r.detail])).toEqual([
      ['sat-a', 'failed', 'refused on board: the job queue is full'],
      ['sat-b', 'uplink', ''],
    ]);
    const satB = harness.members[1]!;
    await until('the job queued on sat-b', async () => satB.runner.jobs.get(FLEET_BOARD_ID_BASE + 1)?.state === 'queued');
    await until('the ground knows it queued', async () => (await job(harness, 1)).runs[1]!.state === 'queued');

    const cancelled = await api<{ job: FleetJobRecord }>(harness.target, '/api/fleet/jobs/1/cancel', {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.job).toMatchObject({ state: 'failed', reason: 'cancelled by the operator' });
    await until('the job cancelled on board', async () => satB.runner.jobs.get(FLEET_BOARD_ID_BASE + 1)?.state === 'failed');
    expect((await commandsOf(harness, 'sat-b')).map(([name]) => name)).toEqual(['submit_job', 'cancel_job']);
    const again = await api<ApiError>(harness.target, '/api/fleet/jobs/1/cancel', {});
    expect([again.status, again.body.error]).toEqual([409, 'fleet job 1 is already failed']);
    const noResult = await api<ApiError>(harness.target, '/api/fleet/jobs/1/result');
    expect([noResult.status, noResult.body.error]).toEqual([409, 'fleet job 1 has no result: it is failed: cancelled by the operator']);
  });

  it('runs a redundant job on two spacecraft and accepts it when their digests agree; a viewer may read but not submit', async () => {
    const harness = await startJobs(2);
    await hearAll(harness);
    const submitted = (await submit(harness, { kind: 'training', size: 4, redundant: 2, inputSeed: 99 })).body.job;
    expect(submitted.runs.map((r) => r.spacecraft).sort()).toEqual(['sat-a', 'sat-b']);
    const done = await doneJob(harness, submitted.id);
    expect([...done.agreeing].sort()).toEqual([FLEET_BOARD_ID_BASE, FLEET_BOARD_ID_BASE + 1]);
    expect(done.runs.map((r) => r.state)).toEqual(['home', 'home']);
    const result = (await api<FleetJobResult>(harness.target, `/api/fleet/jobs/${submitted.id}/result`)).body;
    expect(result.agreeing.map((r) => r.spacecraft).sort()).toEqual(['sat-a', 'sat-b']);

    const added = await api<{ token: string }>(harness.target, '/api/users', { name: 'vera', role: 'viewer' });
    const viewer = { url: harness.target.url, token: added.body.token };
    expect((await api<FleetJobList>(viewer, '/api/fleet/jobs')).body.jobs.length).toBe(1);
    const refused = await api<ApiError>(viewer, '/api/fleet/jobs', { kind: 'inference', size: 8 });
    expect(refused.status).toBe(403);
  });

  it('reads its jobs back after a restart: the same ids and states, on-board ids never reused, a job placed before finishing after', async () => {
    const first = await startJobs(2);
    await hearAll(first);
    await submit(first, { kind: 'inference', size: 8 });
    await doneJob(first, 1);
    for (const member of first.members) member.runner.runAtOnce = false;
    const open = (await submit(first, { kind: 'inference', size: 8 })).body.job;
    const where = first.members.find((m) => m.name === open.runs[0]!.spacecraft)!;
    await until('job 2 queued on board', async () => where.runner.jobs.get(open.runs[0]!.boardJobId)?.state === 'queued');
    await until('the ground knows job 2 queued', async () => (await job(first, 2)).runs[0]!.state === 'queued');
    await first.stopServer();

    const second = await startJobs(2, first.dir, first.members);
    const listed = (await api<FleetJobList>(second.target, '/api/fleet/jobs')).body;
    expect(listed.jobs.map((j) => [j.id, j.state, j.runs.map((r) => r.state)])).toEqual([
      [1, 'done', ['home']],
      [2, 'placed', ['queued']],
    ]);
    await hearAll(second);
    where.runner.run(open.runs[0]!.boardJobId);
    const done = await doneJob(second, 2);
    expect(done.runs[0]!.boardJobId).toBe(open.runs[0]!.boardJobId);
    for (const member of second.members) member.runner.runAtOnce = true;
    const third = (await submit(second, { kind: 'inference', size: 8 })).body.job;
    expect(third.id).toBe(3);
    expect(third.runs[0]!.boardJobId).toBe(FLEET_BOARD_ID_BASE + 2);
    await doneJob(second, 3);
    expect((await api<FleetJobList>(second.target, '/api/fleet/jobs')).body.counts).toMatchObject({ submitted: 3, done: 3, lost: 0 });
    // the newest first, cut at the limit (the console's list); by id from afterId otherwise
    expect((await api<FleetJobList>(second.target, '/api/fleet/jobs?newest=true&limit=2')).body.jobs.map((j) => j.id)).toEqual([3, 2]);
    expect((await api<FleetJobList>(second.target, '/api/fleet/jobs?limit=2')).body.jobs.map((j) => j.id)).toEqual([1, 2]);
    expect((await api<FleetJobList>(second.target, '/api/fleet/jobs?afterId=1&newest=true&limit=5')).body.jobs.map((j) => j.id)).toEqual([3, 2]);
  });

  it('takes fleet jobs from the CLI: submit, list, show and result with --fleet; bad words refused with exit 2', async () => {
    const harness = await startJobs(2);
    await hearAll(harness);
    const ground = (args: readonly string[]) => runBin('ground', [...args, '--server', harness.target.url, '--token-file', join(harness.dir, 'ground-token')]);
    const submitted = await ground(['jobs', 'submit', '--fleet', 'inference', 'size=8', 'priority=6', 'deadline=+3600', '--redundant', '2']);
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(submitted.stdout).toMatch(
      /^fleet job 1 \(inference size 8, redundant 2\): placed on sat-[ab] as on-board job \d+ \(result home .* and sat-[ab] as on-board job \d+ /,
    );
    await doneJob(harness, 1);
    const listed = await ground(['jobs', 'list', '--fleet']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^id\s+kind\s+size\s+prio\s+state\s+runs/m);
    expect(listed.stdout).toMatch(/^1\s+inference\s+8\s+6\s+done\s+sat-a:home sat-b:home/m);
    expect(listed.stdout).toMatch(/fleet jobs: 1 submitted, 1 done, 0 failed, 0 open, 0 re-placements, lost 0/);
    const shown = await ground(['jobs', 'show', '1', '--fleet']);
    expect(shown.stdout).toMatch(/^fleet job 1 \(inference size 8, priority 6, redundant 2\): done/);
    expect(shown.stdout).toMatch(/submitted t=\S+ s by local; deadline t=\S+ s; input seed 1/);
    expect(shown.stdout).toMatch(/- sat-a on-board job \d+: home; placed/);
    const out = join(harness.dir, 'result.bin');
    const result = await ground(['jobs', 'result', '1', '--fleet', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const expected = harness.members[0]!.runner.resultOf({ kind: 'inference', size: 8, inputSeed: 1 });
    expect(new Uint8Array(readFileSync(out))).toEqual(expected);
    expect(result.stdout).toMatch(
      new RegExp(`^fleet job 1 result: ${expected.length} bytes, SHA-256 ${resultDigestHex(expected)} \\(from sat-[ab] job \\d+, agreed by`),
    );

    for (const [args, message] of [
      [['jobs', 'submit', '--fleet', 'size=8'], /needs a kind/],
      [['jobs', 'submit', '--fleet', 'inference'], /needs size=N/],
      [['jobs', 'submit', '--fleet', 'inference', 'size=8', 'colour=red'], /colour= is not a fleet job field/],
      [['jobs', 'submit', '--fleet', 'inference', 'size=8', '--sc', 'sat-a'], /--fleet and --sc/],
      [['jobs', 'submit', '--fleet', 'sorting', 'size=8'], /kind "sorting" is not one of/],
      [['jobs', 'show', 'x', '--fleet'], /fleet job id x is not a positive integer/],
    ] as const) {
      const refused = await ground(args);
      expect([refused.code, refused.stderr], args.join(' ')).toEqual([2, expect.stringMatching(message)]);
    }
  });
});
