import { describe, expect, it } from 'vitest';
import { VERIFICATION_CODES } from '../../../protocol/index.js';
import { QUEUE_MAX } from '../../../fsw/jobs/jobs-bounds.js';
import { goldenDigest, jobStates, jobsRig, reportedDigest, runUntilFinished } from './harness.js';

describe('the job queue (closed loop)', () => {
  it('refuses bad submissions with their reasons, and counts them', () => {
    const { ground } = jobsRig();
    ground.send('submit_job', { jobId: 1, kind: 'training', size: 2 });
    const cases: [Record<string, unknown>, keyof typeof VERIFICATION_CODES, RegExp][] = [
      [{ jobId: 1, kind: 'training', size: 2 }, 'invalid-value', /job id 1 is in use/],
      [{ jobId: 2, kind: 'matmul', size: 200 }, 'invalid-value', /result budget/],
      [{ jobId: 3, kind: 'inference', size: 4096 }, 'invalid-value', /budget/],
      [{ jobId: 4, kind: 'matmul', size: 4, input: new Uint8Array(10) }, 'invalid-value', /inline input is 10 bytes, matmul of this size takes 64/],
      [
        { jobId: 5, kind: 'matmul', size: 2, input: new Uint8Array(new Float32Array([1, NaN, 2, 3]).buffer) },
        'invalid-value',
        /element 1 is not a finite number/,
      ],
      [{ jobId: 6, kind: 'training', size: 2, deadlineS: 1 }, 'invalid-value', /deadline 1 s has passed/],
    ];
    const seqs = cases.map(([args]) => ground.send('submit_job', args));
    ground.run(3);
    cases.forEach(([, reason, detail], i) => {
      const final = ground.reports(seqs[i]!).at(-1);
      expect(final?.code, `case ${i}`).toBe(VERIFICATION_CODES[reason]);
      expect(final?.detail, `case ${i}`).toMatch(detail);
    });
    expect(ground.events('job_refused')).toHaveLength(cases.length);
    ground.run(10);
    expect(ground.last('jobs_hk')?.refused).toBe(cases.length);
  });

  it('takes an inline input as the first input of the job and verifies the result', () => {
    const { ground } = jobsRig();
    const a = new Float32Array(36).map((_, i) => (i % 7) - 3);
    ground.send('submit_job', { jobId: 8, kind: 'matmul', size: 6, input: new Uint8Array(a.buffer) });
    runUntilFinished(ground, 8, 200);
    ground.send('get_result', { jobId: 8 });
    ground.run(2);
    const summary = ground.last('job_summary');
    expect(summary).toMatchObject({ jobId: 8, state: 'done', verification: 'abft' });
    expect(reportedDigest(summary)).toBe(goldenDigest(ground, 8, 'matmul', 6));
  });

  it('keeps a full queue across computer resets, refuses one more, and runs it after', () => {
    const { ground } = jobsRig([{ kind: 'obc-hang', atS: 60, durationS: 20 }]);
    ground.send('pause_queue');
    for (let id = 1; id <= QUEUE_MAX; id++) ground.send('submit_job', { jobId: 100 + id, kind: 'training', size: 1 + (id % 3), priority: id % 4 });
    const extra = ground.send('submit_job', { jobId: 999, kind: 'training', size: 1 });
    ground.run(90);
    expect(ground.reports(extra).at(-1)).toMatchObject({ code: VERIFICATION_CODES.unavailable, detail: expect.stringMatching(/queue full \(64 jobs\)/) });
    expect(ground.stack.starts).toBe(2);
    ground.send('list_jobs');
    ground.run(3);
    const list = ground.last('job_list');
    expect(list?.total).toBe(QUEUE_MAX);
    expect((list!.jobs as { state: string }[]).every((job) => job.state === 'queued')).toBe(true);
    expect(ground.last('jobs_hk')).toMatchObject({ queueLength: QUEUE_MAX, paused: 1 });
    ground.send('resume_queue');
    runUntilFinished(ground, 103, 600); // the first of the highest priority
    expect(jobStates(ground, 103).at(-1)).toBe('done');
    ground.send('cancel_job', { jobId: 164 });
    ground.run(2);
    expect(jobStates(ground, 164)).toEqual(['queued', 'failed']);
  });
});
