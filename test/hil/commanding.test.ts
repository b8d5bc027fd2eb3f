/**
 * Hardware in the loop: commands and a job through the real processes
 * (simulator, flight software under its boot ROM, link relay, ground), at
 * speed 5 (a 5 s watchdog is 1 s of wall time: margin on a loaded machine).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JobRecord, JobResult } from '../../ground/api/contract.js';
import { goldenDigest, jobsRig, runUntilFinished, resultDigestHex } from '../fsw/jobs/harness.js';
import { api, firstTelemetry, readyForJobs, startHil, stopAll, until, untilJobEnds } from './harness.js';

afterEach(stopAll);

describe('hil: commanding and jobs end to end', () => {
  it('a noop gets acceptance, start and completion; a command the mode forbids is rejected with its reason', async () => {
    const hil = await startHil(['--speed', '5']);
    await firstTelemetry(hil);
    const noop = await hil.command('noop');
    expect(noop.state).toBe('completed');
    expect(noop.stages.map((stage) => [stage.stage, stage.code])).toEqual([
      ['acceptance', 0],
      ['start', 0],
      ['completion', 0],
    ]);
    // The node boots in SAFE, where jobs are not allowed.
    expect(await hil.field('executive_hk', 'mode')).toBe('SAFE');
    const refused = await hil.command('submit_job', { jobId: 9, kind: 'matmul', size: 8 });
    expect(refused.state).toBe('rejected');
    expect(refused.stages.at(-1)?.stage).toBe('rejection');
    expect(refused.stages.at(-1)?.reason).toMatch(/mode/i);
  });

  it('a job goes from submit to a verified result whose digest is the golden one', async () => {
    const hil = await startHil(['--speed', '5']);
    await readyForJobs(hil);
    const submitted = await hil.command('submit_job', { jobId: 1, kind: 'matmul', size: 16 });
    expect(submitted.state).toBe('completed');
    expect(await untilJobEnds(hil, 1)).toBe('done');
    expect((await hil.command('get_result', { jobId: 1 })).state).toBe('completed');
    const result = await until(
      'the whole result on the ground',
      async () => {
        const reply = await api<JobResult>(hil, '/api/jobs/1/result');
        return reply.status === 200 ? reply.body : null;
      },
      60_000,
    );
    const job = (await api<JobRecord>(hil, '/api/jobs/1')).body;
    expect(job).toMatchObject({ state: 'done', resultComplete: true });
    expect(resultDigestHex(Buffer.from(result.dataHex, 'hex'))).toBe(result.digestHex);
    // The same job flown in process gives the simulator's golden result: the digests agree.
    const { g } = jobsRig();
    g.send('submit_job', { jobId: 1, kind: 'matmul', size: 16 });
    runUntilFinished(g, 1, 300);
    expect(result.digestHex).toBe(goldenDigest(g, 1, 'matmul', 16));
  });
});
