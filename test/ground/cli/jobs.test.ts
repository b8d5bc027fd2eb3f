/**
 * `ground jobs` against a ground server whose spacecraft is a fake in the
 * test, which downlinks job states, summaries and result chunks on cue.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTelecommand, missionDictionary } from '../../../protocol/index.js';
import { runBin, type RunOptions } from '../../helpers/cli.js';
import { api, until, type Harness } from '../server/harness.js';
import { harnesses } from './harnesses.js';

const start = harnesses();

const jobs = (harness: Harness, args: readonly string[], options: RunOptions = {}) =>
  runBin('ground', ['jobs', ...args, '--server', harness.url, '--token-file', join(harness.dir, 'ground-token')], options);
const sentArgs = (harness: Harness) =>
  harness.fake.arrived.map((bytes) => {
    const decoded = decodeTelecommand(bytes, { dictionary: missionDictionary(), keys: harness.keys.uplink.keys });
    if (!decoded.ok) throw new Error(decoded.detail);
    return { name: decoded.value.entry.def.name, args: decoded.value.args };
  });

const RESULT = new Uint8Array(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));
const summary = (jobId: number) => ({
  jobId,
  kind: 'matmul',
  state: 'done',
  detail: '',
  resultBytes: RESULT.length,
  chunks: 2,
  digest: new Uint8Array(createHash('sha256').update(RESULT).digest()),
  workFlop: 1e6,
  energyJ: 3,
  retries: 0,
  corruptionsDetected: 0,
  corruptionsCorrected: 0,
});

describe('ground jobs against a ground server and a fake spacecraft', () => {
  it("submit picks the next job id after the archive's highest; list, show and cancel", async () => {
    const harness = await start();
    const first = await jobs(harness, ['submit', 'kind=matmul', 'size=64', 'priority=5']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^job 1 \(follow it with: ground jobs show 1; its result: ground jobs result 1\)\n#1 submit_job sent by local /);
    expect(first.stdout).toMatch(/#1 submit_job completed\n$/);
    harness.fake.downlink('job_state', { jobId: 1, state: 'running' });
    await until('job 1 in the archive', async () => (await api(harness, '/api/jobs/1')).status === 200);
    const second = await jobs(harness, ['submit', 'kind=inference', 'size=8', '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ jobId: 2, command: { name: 'submit_job', state: 'completed', args: { jobId: 2 } } });
    expect(sentArgs(harness)).toEqual([
      { name: 'submit_job', args: { jobId: 1, kind: 'matmul', size: 64, priority: 5 } },
      { name: 'submit_job', args: { jobId: 2, kind: 'inference', size: 8 } },
    ]);

    const list = await jobs(harness, ['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^jobId +kind +state +chunks +result +updated +detail\n1 +\? +running +0\/\? +- +t=1000\.00 s\n$/);
    const show = await jobs(harness, ['show', '1', '--json']);
    expect(JSON.parse(show.stdout)).toMatchObject({ jobId: 1, state: 'running', resultComplete: false });
    expect((await jobs(harness, ['show', '99'])).code).toBe(2);

    expect((await jobs(harness, ['cancel', '1'])).code).toBe(0);
    expect(sentArgs(harness).at(-1)).toEqual({ name: 'cancel_job', args: { jobId: 1 } });
    expect((await jobs(harness, ['submit', 'kind=matmul', 'size=0'])).stderr).toMatch(/argument "size": 0 is out of range: 1\.\./);
  });

  it('result waits for a running job, asks the spacecraft with get_result, and writes the verified bytes', async () => {
    const harness = await start();
    const { fake } = harness;
    fake.downlink('job_state', { jobId: 7, state: 'running' });
    await until('job 7 in the archive', async () => (await api(harness, '/api/jobs/7')).status === 200);
    const out = join(mkdtempSync(join(tmpdir(), 'ground-job-')), 'result.bin');
    let stderr = '';
    const pending = jobs(harness, ['result', '7', '--out', out, '--timeout', '30'], { onStderr: (soFar) => (stderr = soFar) });
    // The job finishes while the operator waits; the spacecraft sends the chunks when asked.
    await until('the CLI waiting on the running job', () => stderr.includes('job 7 running'), 30_000);
    fake.downlink('job_state', { jobId: 7, state: 'done' });
    fake.downlink('job_summary', summary(7));
    await until('get_result on board', () => fake.executed.includes('get_result'), 30_000);
    fake.downlink('job_result', { jobId: 7, chunk: 0, chunks: 2, data: RESULT.subarray(0, 3000) });
    fake.downlink('job_result', { jobId: 7, chunk: 1, chunks: 2, data: RESULT.subarray(3000) });
    const run = await pending;
    expect(run.code, run.stderr).toBe(0);
    const digest = createHash('sha256').update(RESULT).digest('hex');
    expect(run.stdout).toBe(`job 7 result: 5000 bytes, SHA-256 ${digest} (matches the job summary), written to ${out}\n`);
    expect(run.stderr).toMatch(/^job 7 running\njob 7 done\nasking the spacecraft for job 7's result \(get_result\)\n/);
    expect(new Uint8Array(readFileSync(out))).toEqual(RESULT);
    expect(sentArgs(harness).filter((c) => c.name === 'get_result')).toEqual([{ name: 'get_result', args: { jobId: 7 } }]);

    // Complete in the archive now: served without asking again.
    const again = await jobs(harness, ['result', '7', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ jobId: 7, bytes: 5000, digestHex: digest });
    expect(sentArgs(harness).filter((c) => c.name === 'get_result')).toHaveLength(1);
  });

  it('result of a failed job exits 1 with its reason; of a job whose chunks never come, 1 at the timeout', async () => {
    const harness = await start();
    harness.fake.downlink('job_state', { jobId: 3, state: 'failed', detail: 'uncorrectable memory error' });
    await until('job 3 in the archive', async () => (await api(harness, '/api/jobs/3')).status === 200);
    const failed = await jobs(harness, ['result', '3']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/ground jobs: job 3 failed: uncorrectable memory error\n$/);

    const lost = await jobs(harness, ['result', '9', '--timeout', '2']);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toMatch(
      /ground jobs: no complete result after 2 s: job 9 is unknown to the archive \(.*\); ask again later with ground jobs result 9\n$/,
    );
    expect(harness.fake.executed).toEqual(['get_result']);
  });
});
