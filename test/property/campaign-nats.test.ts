/**
 * The campaign across processes through NATS JetStream (issue 20 point 4),
 * against a throwaway nats-server: `make campaign NATS=URL` hands its
 * scenarios to `campaign worker` processes and closes with the same line
 * as a local run (verdicts, counterexample, shrinking, digest); a worker
 * killed mid-scenario loses nothing: the scenario is flown by another and
 * counted once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../helpers/cli.js';
import { startNatsServer, type NatsServer } from '../helpers/nats-server.js';
import { startBin, type RunningProcess } from '../helpers/processes.js';

/** The campaign as `make campaign` runs it. */
const campaign = (args: readonly string[]) => runScript('dist/mission/campaign/main.js', args);

/** Everything but the wall-clock figures and how the scenarios were flown. */
const verdictLines = (stdout: string) =>
  stdout.split('\n').filter((line) => !line.includes('scenarios per minute') && !line.includes(' workers') && !line.includes('through NATS'));
const closingLine = (stdout: string) => stdout.trimEnd().split('\n').at(-1)!;

// The kept counterexample's search near its end (as test/property/campaign-pool.test.ts): a failing run and its shrinking, against the mutant.
const NEAR_END = '14:0:1:2:1:1:1:1:2:2:3:2:2:2:2:2:2:2:2:5:4:4:4:5:1:1:9';
const MUTANT_ARGS = ['--seed', '5', '--runs', '1', '--path', NEAR_END, '--profile', 'short', '--mutant', 'jobs-forget-queue', '--keep', 'no'];

let server: NatsServer;
const workers: RunningProcess[] = [];
const worker = (name: string, ...extra: string[]) => {
  const started = startBin('campaign', ['worker', '--nats', server.url, '--name', name, ...extra]);
  workers.push(started);
  return started;
};
const workerOf = (url: string, name: string, ...extra: string[]) => {
  const started = startBin('campaign', ['worker', '--nats', url, '--name', name, ...extra]);
  workers.push(started);
  return started;
};

beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  await server.stop();
});

describe('the campaign through NATS', () => {
  it('closes with the same line as a local run, verdicts, counterexample and shrinking included, with 2 worker processes', async () => {
    const a = worker('w1', '--ack-wait-s', '60');
    const b = worker('w2');
    await Promise.all([a.waitFor(/taking scenarios from/), b.waitFor(/taking scenarios from/)]);
    const local = await campaign([...MUTANT_ARGS, '--workers', '2']);
    const remote = await campaign([...MUTANT_ARGS, '--workers', '2', '--nats', server.url]);
    expect(local.code, local.stderr).toBe(1);
    expect(remote.code, remote.stderr).toBe(1);
    expect(remote.stdout).toContain(`through NATS ${server.url}, 2 scenarios in flight`);
    expect(verdictLines(remote.stdout)).toEqual(verdictLines(local.stdout));
    expect(closingLine(remote.stdout)).toMatch(/^campaign: \d+ scenarios, [1-9]\d* violations, digest [0-9a-f]{64}$/);
    expect(closingLine(remote.stdout)).toBe(closingLine(local.stdout));
    // every scenario flown by one of the two, none twice; at most the window's 2 more flown ahead and not needed (as the local pool does)
    const tally = /worker processes through NATS \((.*); 0 verdicts twice, counted once\)/.exec(remote.stdout)?.[1] ?? '';
    const flown = [...tally.matchAll(/(w[12]): (\d+)/g)].reduce((sum, m) => sum + Number(m[2]), 0);
    const counted = Number(/^campaign: (\d+) scenarios/.exec(closingLine(remote.stdout))![1]);
    expect(flown).toBeGreaterThanOrEqual(counted);
    expect(flown).toBeLessThanOrEqual(counted + 2);
    await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')]);
    expect(a.output() + b.output()).toMatch(/campaign worker: stopped after \d+ scenarios/);
  }, 240_000);

  it('loses nothing when a worker is killed mid-scenario: its scenario is flown by another worker and counted once', async () => {
    // a server of its own: the first worker makes the workers' consumer, with its short ack wait
    const own = await startNatsServer();
    const args = ['--seed', '11', '--runs', '2', '--profile', 'orbit', '--keep', 'no'];
    const local = await campaign([...args, '--workers', '1']);
    expect(local.code, local.stderr).toBe(0);
    const doomed = workerOf(own.url, 'doomed', '--ack-wait-s', '2');
    await doomed.waitFor(/taking scenarios from/);
    const remote = campaign([...args, '--workers', '2', '--nats', own.url]);
    await doomed.waitFor(/run \w+ scenario 0/, 30_000);
    await doomed.stop('SIGKILL');
    const rescuer = workerOf(own.url, 'rescuer');
    const done = await remote;
    expect(done.code, done.stderr).toBe(0);
    expect(closingLine(done.stdout)).toBe(closingLine(local.stdout));
    expect(rescuer.output()).toMatch(/scenario 0 \(again: its first taker did not finish\)/);
    expect(done.stdout).toMatch(/rescuer: 2/);
    await rescuer.stop('SIGTERM');
    await own.stop();
  }, 240_000);

  it('refuses a bad NATS URL with exit 2 and a server that is not there with exit 3, each in one line', async () => {
    const bad = await campaign(['--runs', '1', '--nats', 'http://x']);
    expect([bad.code, bad.stderr]).toEqual([2, 'campaign: --nats http://x is not a NATS URL (nats://HOST:PORT)\n']);
    const none = await campaign(['--runs', '1', '--nats', 'nats://127.0.0.1:1']);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/^campaign: cannot use the NATS server at nats:\/\/127\.0\.0\.1:1: .*\n$/);
    const noServer = startBin('campaign', ['worker']);
    expect(await noServer.exited).toBe(2);
    expect(noServer.output()).toContain('campaign worker: needs a NATS server: --nats URL or NATS_URL');
  }, 60_000);
});
