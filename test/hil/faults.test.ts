/**
 * Hardware in the loop: radiation faults injected live on the simulator's
 * control port while a job runs: a latch-up on the accelerator rail (the
 * power manager trips the rail before damage, the latch-up clears, the job
 * still ends verified) and a SEFI (the ECC watchdog resets the accelerator,
 * the job re-runs from its checkpoint). At --speed max: the hardware waits
 * for each answer, so no watchdog margin is at stake.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { jobStates, missionTimePasses, readyForJobs, startHil, stopAll, until, untilJobEnds, type Hil } from './harness.js';

afterEach(stopAll);

async function jobRunning(hil: Hil, jobId: number): Promise<void> {
  await readyForJobs(hil);
  expect((await hil.command('param_set', { name: 'jobs.checkpointIntervalS', value: 10 })).state).toBe('completed');
  expect((await hil.command('submit_job', { jobId, kind: 'matmul', size: 32 })).state).toBe('completed');
  await until(`job ${jobId} to run`, async () => (await jobStates(hil, jobId)).includes('running'), 60_000);
}

describe('hil: faults injected on the control port', () => {
  it('a latch-up on the accelerator rail is tripped and cleared before damage; the job still ends verified', async () => {
    const hil = await startHil(['--speed', 'max', '--link-loss', '0']);
    await jobRunning(hil, 3);
    expect(await hil.sim({ op: 'inject', fault: { kind: 'latchup', rail: 'accelerator', extraCurrentA: 3 } })).toEqual({ ok: true });
    const tripped = await until('latchup_tripped', async () => (await hil.events('latchup_tripped'))[0], 60_000);
    expect(tripped.args.rail).toBe('accelerator');
    expect(await untilJobEnds(hil, 3)).toBe('done');
    const truth = await hil.sim({ op: 'status' });
    expect(truth.counts).toMatchObject({ latchups: 1 });
    // Cleared by the power cycle, before the part was damaged.
    expect(truth.damage).toEqual([]);
    expect(await hil.field('power_hk', 'latchupCount')).toBeGreaterThanOrEqual(1);
  });

  it('a SEFI hangs the accelerator; it is reset and the job re-runs from its checkpoint to a verified end', async () => {
    const hil = await startHil(['--speed', 'max', '--link-loss', '0']);
    await jobRunning(hil, 4);
    await missionTimePasses(hil, 15); // past its first checkpoint
    expect(await hil.sim({ op: 'inject', fault: { kind: 'sefi' } })).toEqual({ ok: true });
    const reset = await until('accelerator_reset', async () => (await hil.events('accelerator_reset'))[0], 60_000);
    expect(reset).toBeDefined();
    expect(await untilJobEnds(hil, 4)).toBe('done');
    expect((await hil.sim({ op: 'status' })).counts).toMatchObject({ sefis: 1 });
    const details = (await hil.events('job_state'))
      .filter((event) => event.args.jobId === 4)
      .map((event) => `${String(event.args.state)}: ${String(event.args.detail ?? '')}`);
    expect(
      details.some((detail) => /^running: run 1 from checkpoint at step [1-9]/.test(detail)),
      details.join('\n'),
    ).toBe(true);
  });
});
