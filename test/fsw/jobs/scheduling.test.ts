import { describe, expect, it } from 'vitest';
import { goldenDigest, jobStates, jobsRig, reportedDigest, runUntilFinished } from './harness.js';

function details(g: ReturnType<typeof jobsRig>['g'], jobId: number): string[] {
  return g
    .events('job_state')
    .filter((e) => e.data.jobId === jobId)
    .map((e) => `${String(e.data.state)}: ${String(e.data.detail ?? '')}`);
}

function digestOf(g: ReturnType<typeof jobsRig>['g'], jobId: number): string | undefined {
  g.send('get_result', { jobId });
  g.run(2);
  return reportedDigest(
    g
      .packets('job_summary')
      .filter((p) => p.data.jobId === jobId)
      .at(-1)?.data,
  );
}

describe('scheduling within the cap (closed loop)', () => {
  it('checkpoints and pre-empts when the cap falls, holds, and resumes from the checkpoint when it returns', () => {
    const { g, knobs } = jobsRig([], { capW: 150 });
    g.send('param_set', { name: 'jobs.checkpointIntervalS', value: 20 });
    g.send('submit_job', { jobId: 41, kind: 'matmul', size: 64 });
    g.run(80);
    expect(g.stack.current.accelerator.powerW).toBeLessThanOrEqual(150);
    knobs.capW = 30; // eclipse, heat or low charge
    g.run(5);
    expect(jobStates(g, 41).at(-1)).toBe('checkpointed');
    expect(g.stack.current.accelerator.job?.state ?? 'none').not.toMatch(/loading|running|checkpointing/);
    g.run(60);
    expect(g.last('jobs_hk')).toMatchObject({ running: 0, holdReason: 'cap below jobs.minCapW' });
    expect(jobStates(g, 41).at(-1)).toBe('checkpointed');
    knobs.capW = 120;
    runUntilFinished(g, 41, 2000);
    const log = details(g, 41);
    expect(
      log.some((d) => /^checkpointed: pre-empted: cap below/.test(d)),
      log.join('\n'),
    ).toBe(true);
    expect(
      log.some((d) => /^running: run 1 from checkpoint at step [1-9]/.test(d)),
      log.join('\n'),
    ).toBe(true);
    expect(digestOf(g, 41)).toBe(goldenDigest(g, 41, 'matmul', 64));
  });

  it('runs the highest priority first, the earliest deadline among equals, and pre-empts for a higher priority', () => {
    const { g } = jobsRig();
    g.send('submit_job', { jobId: 1, kind: 'matmul', size: 40, priority: 1 });
    g.run(20);
    g.send('submit_job', { jobId: 2, kind: 'training', size: 4, priority: 1, deadlineS: 5000 });
    g.send('submit_job', { jobId: 3, kind: 'training', size: 4, priority: 1, deadlineS: 3000 });
    g.send('submit_job', { jobId: 4, kind: 'training', size: 4, priority: 5 });
    runUntilFinished(g, 1, 3000);
    g.run(200);
    const done = g
      .events('job_state')
      .filter((e) => e.data.state === 'done')
      .map((e) => e.data.jobId);
    // 4 by priority; then among priority 1 the earliest deadline (3, 2) before no deadline (1, pre-empted).
    expect(done).toEqual([4, 3, 2, 1]);
    expect(details(g, 1).some((d) => /pre-empted: job 4 has higher priority/.test(d))).toBe(true);
  });

  it('runs no job in SAFE, nor while paused by command or by the memory module, and resumes after', () => {
    const { g, knobs } = jobsRig();
    g.send('pause_queue');
    g.send('submit_job', { jobId: 51, kind: 'training', size: 3 });
    g.run(30);
    expect(g.last('jobs_hk')).toMatchObject({ running: 0, paused: 1, holdReason: 'paused by command' });
    g.send('resume_queue');
    knobs.computePaused = 1;
    g.run(15);
    expect(g.last('jobs_hk')).toMatchObject({ running: 0, paused: 0, holdReason: 'memory.computePaused' });
    g.send('set_mode', { mode: 'SAFE' });
    g.run(2);
    knobs.computePaused = 0;
    g.run(15);
    expect(g.last('jobs_hk')).toMatchObject({ running: 0, holdReason: 'mode SAFE' });
    expect(jobStates(g, 51)).toEqual(['queued']);
    g.send('set_mode', { mode: 'NOMINAL' });
    runUntilFinished(g, 51, 300);
    expect(jobStates(g, 51)).toEqual(['queued', 'running', 'verifying', 'done']);
  });

  it('the naive policy ignores the cap and stops at the state-of-charge floor', () => {
    const { g, knobs } = jobsRig([], { capW: 30 });
    g.send('param_set', { name: 'jobs.policy', value: 'naive' });
    g.send('submit_job', { jobId: 61, kind: 'matmul', size: 64 });
    g.run(40);
    expect(jobStates(g, 61).at(-1)).toBe('running');
    expect(g.stack.current.accelerator.powerW).toBeGreaterThan(150);
    knobs.socPct = 25;
    g.run(12);
    expect(jobStates(g, 61).at(-1)).toBe('checkpointed');
    expect(g.last('jobs_hk')?.holdReason).toBe('state of charge floor');
    knobs.socPct = 35;
    g.run(5);
    expect(jobStates(g, 61).at(-1)).toBe('checkpointed');
    knobs.socPct = 45;
    g.run(5);
    expect(jobStates(g, 61).at(-1)).toBe('running');
  });
});
