import { describe, expect, it } from 'vitest';
import type { TimedFault } from '../../../sim-hw/faults/types.js';
import { goldenDigest, jobStates, jobsRig, reportedDigest, runUntilFinished } from './harness.js';

function summaryOf(ground: ReturnType<typeof jobsRig>['ground'], jobId: number): Record<string, unknown> | undefined {
  ground.send('get_result', { jobId });
  ground.run(2);
  return ground
    .packets('job_summary')
    .filter((p) => p.data.jobId === jobId)
    .at(-1)?.data;
}

function stateDetails(ground: ReturnType<typeof jobsRig>['ground'], jobId: number): string[] {
  return ground
    .events('job_state')
    .filter((e) => e.data.jobId === jobId)
    .map((e) => `${String(e.data.state)}: ${String(e.data.detail ?? '')}`);
}

describe('result integrity and recovery under faults (closed loop)', () => {
  it.each([
    ['matmul', 48],
    ['inference', 6],
  ] as const)('an upset burst in the buffers of a %s job is detected and never reported as verified', (kind, size) => {
    const burst: TimedFault[] = [20, 26, 32].map((atS) => ({ kind: 'upset-burst', region: 'hbm', count: 400, target: 'job', multiBitFraction: 1, atS }));
    const { ground } = jobsRig(burst);
    ground.send('submit_job', { jobId: 21, kind, size });
    runUntilFinished(ground, 21, 1200);
    const truth = ground.stack.spacecraft.jobTruth(21);
    expect(truth?.faultsTouched).toBeGreaterThan(0);
    const summary = summaryOf(ground, 21);
    expect(summary?.corruptionsDetected).toBeGreaterThan(0);
    expect(ground.last('jobs_hk')?.corruptionsDetected).toBeGreaterThan(0);
    // Done only with the golden result; a job that could not be verified is failed, never done.
    expect(['done', 'failed']).toContain(summary?.state);
    if (summary?.state === 'done') expect(reportedDigest(summary)).toBe(goldenDigest(ground, 21, kind, size));
  });

  it('corrects a single silent corruption of a matmul result in place (ABFT)', () => {
    const { ground } = jobsRig([{ kind: 'logic-upset', atS: 40 }]);
    ground.send('submit_job', { jobId: 22, kind: 'matmul', size: 48 });
    runUntilFinished(ground, 22, 600);
    expect(ground.stack.spacecraft.jobTruth(22)?.faultsTouched).toBe(1);
    const summary = summaryOf(ground, 22);
    expect(summary).toMatchObject({ state: 'done', corruptionsDetected: 1, corruptionsCorrected: 1, retries: 0 });
    expect(reportedDigest(summary)).toBe(goldenDigest(ground, 22, 'matmul', 48));
    expect(ground.events('job_corruption').map((e) => e.data.action)).toEqual(['corrected']);
  });

  it('a computer reset mid-job (watchdog after an obc-hang) loses nothing and runs nothing twice', () => {
    const { ground } = jobsRig([{ kind: 'obc-hang', atS: 100, durationS: 30 }]);
    ground.send('param_set', { name: 'jobs.checkpointIntervalS', value: 20 });
    ground.send('submit_job', { jobId: 31, kind: 'matmul', size: 64 });
    runUntilFinished(ground, 31, 1500);
    expect(ground.stack.starts).toBe(2);
    expect(ground.events('boot').at(-1)?.data.resetCause).toBe('watchdog');
    // One run, adopted from the device after the reset: no second start, one done.
    expect(jobStates(ground, 31)).toEqual(['queued', 'running', 'verifying', 'done']);
    const summary = summaryOf(ground, 31);
    expect(summary).toMatchObject({ state: 'done', retries: 0 });
    expect(reportedDigest(summary)).toBe(goldenDigest(ground, 31, 'matmul', 64));
  });

  it('a reset during which the device hangs resumes the job from its checkpoint once the device is reset', () => {
    const { ground } = jobsRig([
      { kind: 'obc-hang', atS: 100, durationS: 30 },
      { kind: 'sefi', atS: 101 },
    ]);
    ground.send('param_set', { name: 'jobs.checkpointIntervalS', value: 20 });
    ground.send('submit_job', { jobId: 32, kind: 'matmul', size: 64 });
    runUntilFinished(ground, 32, 1500);
    expect(ground.stack.starts).toBe(2);
    const details = stateDetails(ground, 32);
    const resumed = details.find((d) => /^running: run 1 from checkpoint at step [1-9]/.test(d));
    expect(resumed, details.join('\n')).toBeDefined();
    const summary = summaryOf(ground, 32);
    expect(summary).toMatchObject({ state: 'done', retries: 1 });
    expect(reportedDigest(summary)).toBe(goldenDigest(ground, 32, 'matmul', 64));
  });

  it('a SEFI mid-job: the device is reset and the job re-runs from its last checkpoint', () => {
    const { ground } = jobsRig([{ kind: 'sefi', atS: 90 }]);
    ground.send('param_set', { name: 'jobs.checkpointIntervalS', value: 20 });
    ground.send('submit_job', { jobId: 33, kind: 'inference', size: 8 });
    runUntilFinished(ground, 33, 1500);
    const details = stateDetails(ground, 33);
    expect(
      details.some((d) => /device hung: run lost/.test(d)),
      details.join('\n'),
    ).toBe(true);
    expect(
      details.some((d) => /from checkpoint at step [1-9]/.test(d)),
      details.join('\n'),
    ).toBe(true);
    const summary = summaryOf(ground, 33);
    expect(summary).toMatchObject({ state: 'done' });
    expect(reportedDigest(summary)).toBe(goldenDigest(ground, 33, 'inference', 8));
  });
});

describe('redundant execution (closed loop)', () => {
  it('a silent corruption of one inference run is outvoted: a third run agrees with the good one', () => {
    const { ground } = jobsRig([{ kind: 'logic-upset', atS: 30 }]);
    ground.send('submit_job', { jobId: 23, kind: 'inference', size: 4 });
    runUntilFinished(ground, 23, 600);
    expect(ground.stack.spacecraft.jobTruth(23)?.faultsTouched).toBe(1);
    const summary = summaryOf(ground, 23);
    expect(summary).toMatchObject({ state: 'done', corruptionsDetected: 1, corruptionsCorrected: 0 });
    expect(reportedDigest(summary)).toBe(goldenDigest(ground, 23, 'inference', 4));
    expect(ground.events('job_corruption').map((e) => e.data.detail)).toEqual(['run 2 disagrees with the earlier runs']);
  });
});
