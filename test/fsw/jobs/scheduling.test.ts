import { describe, expect, it } from 'vitest';
import { goldenDigest, jobStates, jobsRig, reportedDigest, runUntilFinished } from './harness.js';

function details(ground: ReturnType<typeof jobsRig>['ground'], jobId: number): string[] {
  return ground
    .events('job_state')
    .filter((e) => e.data.jobId === jobId)
    .map((e) => `${String(e.data.state)}: ${String(e.data.detail ?? '')}`);
}

function digestOf(ground: ReturnType<typeof jobsRig>['ground'], jobId: number): string | undefined {
  ground.send('get_result', { jobId });
  ground.run(2);
  return reportedDigest(
    ground
      .packets('job_summary')
      .filter((p) => p.data.jobId === jobId)
      .at(-1)?.data,
  );
}

describe('scheduling within the cap (closed loop)', () => {
  it('checkpoints and pre-empts when the cap falls, holds, and resumes from the checkpoint when it returns', () => {
    const { ground, knobs } = jobsRig([], { capW: 150 });
    ground.send('param_set', { name: 'jobs.checkpointIntervalS', value: 20 });
    ground.send('submit_job', { jobId: 41, kind: 'matmul', size: 64 });
    ground.run(80);
    expect(ground.stack.current.accelerator.powerW).toBeLessThanOrEqual(150);
    knobs.capW = 30; // eclipse, heat or low charge
    ground.run(5);
    expect(jobStates(ground, 41).at(-1)).toBe('checkpointed');
    expect(ground.stack.current.accelerator.job?.state ?? 'none').not.toMatch(/loading|running|checkpointing/);
    ground.run(60);
    expect(ground.last('jobs_hk')).toMatchObject({ running: 0, holdReason: 'cap below jobs.minCapW' });
    expect(jobStates(ground, 41).at(-1)).toBe('checkpointed');
    knobs.capW = 120;
    runUntilFinished(ground, 41, 2000);
    const log = details(ground, 41);
    expect(
      log.some((d) => /^checkpointed: pre-empted: cap below/.test(d)),
      log.join('\n'),
    ).toBe(true);
    expect(
      log.some((d) => /^running: run 1 from checkpoint at step [1-9]/.test(d)),
      log.join('\n'),
    ).toBe(true);
    expect(digestOf(ground, 41)).toBe(goldenDigest(ground, 41, 'matmul', 64));
  });

  it('runs the highest priority first, the earliest deadline among equals, and pre-empts for a higher priority', () => {
    const { ground } = jobsRig();
    ground.send('submit_job', { jobId: 1, kind: 'matmul', size: 40, priority: 1 });
    ground.run(20);
    ground.send('submit_job', { jobId: 2, kind: 'training', size: 4, priority: 1, deadlineS: 5000 });
    ground.send('submit_job', { jobId: 3, kind: 'training', size: 4, priority: 1, deadlineS: 3000 });
    ground.send('submit_job', { jobId: 4, kind: 'training', size: 4, priority: 5 });
    runUntilFinished(ground, 1, 3000);
    ground.run(200);
    const done = ground
      .events('job_state')
      .filter((e) => e.data.state === 'done')
      .map((e) => e.data.jobId);
    // 4 by priority; then among priority 1 the earliest deadline (3, 2) before no deadline (1, pre-empted).
    expect(done).toEqual([4, 3, 2, 1]);
    expect(details(ground, 1).some((d) => /pre-empted: job 4 has higher priority/.test(d))).toBe(true);
  });

  it('runs no job in SAFE, nor while paused by command or by the memory module, and resumes after', () => {
    const { ground, knobs } = jobsRig();
    ground.send('pause_queue');
    ground.send('submit_job', { jobId: 51, kind: 'training', size: 3 });
    ground.run(30);
    expect(ground.last('jobs_hk')).toMatchObject({ running: 0, paused: 1, holdReason: 'paused by command' });
    ground.send('resume_queue');
    knobs.computePaused = 1;
    ground.run(15);
    expect(ground.last('jobs_hk')).toMatchObject({ running: 0, paused: 0, holdReason: 'memory.computePaused' });
    ground.send('set_mode', { mode: 'SAFE' });
    ground.run(2);
    knobs.computePaused = 0;
    ground.run(15);
    expect(ground.last('jobs_hk')).toMatchObject({ running: 0, holdReason: 'mode SAFE' });
    expect(jobStates(ground, 51)).toEqual(['queued']);
    ground.send('set_mode', { mode: 'NOMINAL' });
    runUntilFinished(ground, 51, 300);
    expect(jobStates(ground, 51)).toEqual(['queued', 'running', 'verifying', 'done']);
  });

  it('the naive policy ignores the cap and stops at the state-of-charge floor', () => {
    const { ground, knobs } = jobsRig([], { capW: 30 });
    ground.send('param_set', { name: 'jobs.policy', value: 'naive' });
    ground.send('submit_job', { jobId: 61, kind: 'matmul', size: 64 });
    ground.run(40);
    expect(jobStates(ground, 61).at(-1)).toBe('running');
    expect(ground.stack.current.accelerator.powerW).toBeGreaterThan(150);
    knobs.socPct = 25;
    ground.run(12);
    expect(jobStates(ground, 61).at(-1)).toBe('checkpointed');
    expect(ground.last('jobs_hk')?.holdReason).toBe('state of charge floor');
    knobs.socPct = 35;
    ground.run(5);
    expect(jobStates(ground, 61).at(-1)).toBe('checkpointed');
    knobs.socPct = 45;
    ground.run(5);
    expect(jobStates(ground, 61).at(-1)).toBe('running');
  });
});
