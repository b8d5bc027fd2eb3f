import { describe, expect, it } from 'vitest';
import { goldenDigest, jobStates, jobsRig, reportedDigest, runUntilFinished, resultDigestHex } from './harness.js';

function summaryOf(ground: ReturnType<typeof jobsRig>['ground'], jobId: number): Record<string, unknown> | undefined {
  return ground
    .packets('job_summary')
    .filter((p) => p.data.jobId === jobId)
    .at(-1)?.data;
}

describe('jobs from submission to verified result (closed loop)', () => {
  it.each([
    ['matmul', 12],
    ['inference', 3],
    ['training', 6],
  ] as const)('a %s job is done with the digest of the simulator golden result', (kind, size) => {
    const { ground } = jobsRig();
    ground.send('submit_job', { jobId: 11, kind, size, inputSeed: 99 });
    runUntilFinished(ground, 11, 400);
    ground.send('get_result', { jobId: 11 });
    ground.run(3);
    expect(jobStates(ground, 11)).toEqual(['queued', 'running', 'verifying', 'done']);
    const summary = summaryOf(ground, 11);
    expect(summary).toMatchObject({ state: 'done', verification: kind === 'matmul' ? 'abft' : 'redundant', resultStored: 1 });
    expect(reportedDigest(summary)).toBe(goldenDigest(ground, 11, kind, size));
  });

  it('get_result downlinks the summary and the result in chunks whose bytes have the digest', () => {
    const { ground } = jobsRig();
    ground.send('submit_job', { jobId: 5, kind: 'matmul', size: 40 });
    runUntilFinished(ground, 5, 400);
    ground.send('get_result', { jobId: 5 });
    ground.run(5);
    const chunks = ground.packets('job_result').filter((p) => p.data.jobId === 5);
    expect(chunks.map((c) => c.data.chunk)).toEqual([0, 1, 2]);
    const bytes = Buffer.concat(chunks.map((c) => c.data.data as Uint8Array));
    expect(bytes.byteLength).toBe(40 * 40 * 4);
    const summary = summaryOf(ground, 5);
    expect(summary).toMatchObject({ resultBytes: 6400, chunks: 3 });
    expect(resultDigestHex(bytes)).toBe(reportedDigest(summary));
    expect(resultDigestHex(bytes)).toBe(goldenDigest(ground, 5, 'matmul', 40));
    expect(summary?.workFlop).toBeGreaterThan(0);
    expect(summary?.energyJ).toBeGreaterThan(0);
    const hk = ground.last('jobs_hk');
    expect(hk).toMatchObject({ done: 1, queueLength: 0 });
  });

  it('downlinks the result when done when jobs.autoDownlink is set', () => {
    const { ground } = jobsRig();
    ground.send('param_set', { name: 'jobs.autoDownlink', value: true });
    ground.send('submit_job', { jobId: 6, kind: 'training', size: 3 });
    runUntilFinished(ground, 6, 200);
    ground.run(2);
    expect(ground.packets('job_result').filter((p) => p.data.jobId === 6)).toHaveLength(1);
    expect(reportedDigest(summaryOf(ground, 6))).toBe(goldenDigest(ground, 6, 'training', 3));
  });
});
