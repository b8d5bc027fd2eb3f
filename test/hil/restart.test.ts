/**
 * Hardware in the loop: the flight computer lost mid-job, killed (SIGKILL)
 * or hung (an obc-hang fault: no frames, so no watchdog stroke), brought
 * back by the boot ROM (hil's supervisor) and the hardware watchdog. The job
 * resumes and ends once with the golden result; a telecommand retransmitted
 * after the restart is answered as a duplicate, not executed again; every
 * command the ground sent has its final report. At --speed max (the hardware
 * waits for each answer; a computer that does not answer is paced at real
 * time, so a reboot fits well inside the 5 s watchdog).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ArchiveRows, ArchiveTelemetryRow, StatusResponse } from '../../ground/api/contract.js';
import { goldenDigest, jobsRig, runUntilFinished } from '../fsw/jobs/harness.js';
import { api, jobStates, missionTimePasses, readyForJobs, startHil, stopAll, until, untilJobEnds, type Hil } from './harness.js';

afterEach(stopAll);

const JOB_ID = 2;
const SEQ = 1n;

function goldenOfJob(): string {
  const { g } = jobsRig();
  g.send('submit_job', { jobId: JOB_ID, kind: 'matmul', size: 32 });
  runUntilFinished(g, JOB_ID, 600);
  return goldenDigest(g, JOB_ID, 'matmul', 32);
}

/** Submits the job with the test's own key, waits until it has run past a checkpoint; returns the telecommand's bytes. */
async function jobRunningPastACheckpoint(hil: Hil): Promise<Uint8Array> {
  await readyForJobs(hil);
  expect((await hil.command('param_set', { name: 'jobs.checkpointIntervalS', value: 10 })).state).toBe('completed');
  const packet = await hil.sendRaw('submit_job', { jobId: JOB_ID, kind: 'matmul', size: 32 }, SEQ);
  await until('the job to run', async () => (await jobStates(hil, JOB_ID)).includes('running'), 60_000);
  await missionTimePasses(hil, 30);
  expect(await jobStates(hil, JOB_ID)).not.toContain('done');
  return packet;
}

/** After the restart: the same telecommand again, the job to its end, and what must hold. */
async function resumedOnceNothingLost(hil: Hil, packet: Uint8Array): Promise<void> {
  // The boot ROM started the software again.
  expect(hil.fsw().starts).toBe(2);
  expect(await untilJobEnds(hil, JOB_ID)).toBe('done');
  const states = await jobStates(hil, JOB_ID);
  expect(states.filter((state) => state === 'queued')).toHaveLength(1);
  expect(states.filter((state) => state === 'done')).toHaveLength(1);
  // The same telecommand again, as a ground retransmits until answered: answered as a duplicate, not run again.
  let sentAtMs = 0;
  const duplicates = await until(
    'a duplicate report',
    async () => {
      if (Date.now() - sentAtMs > 2000) {
        await hil.sendRaw('submit_job', {}, SEQ, packet);
        sentAtMs = Date.now();
      }
      const rows = (await api<ArchiveRows<ArchiveTelemetryRow>>(hil, '/api/archive/telemetry?from=0&to=1000000000&param=verification.duplicate&limit=1000'))
        .body.rows;
      return rows.filter((row) => row.value === true || row.value === 1).length || null;
    },
    30_000,
  );
  expect(duplicates).toBeGreaterThanOrEqual(1);
  expect((await jobStates(hil, JOB_ID)).filter((state) => state === 'queued')).toHaveLength(1);
  // The reported digest is the golden result's.
  expect((await hil.command('get_result', { jobId: JOB_ID })).state).toBe('completed');
  const summary = await until(
    'the job summary',
    async () => (await api<{ summary?: Record<string, unknown> }>(hil, `/api/jobs/${JOB_ID}`)).body.summary,
    30_000,
  );
  expect(
    String(summary.digest)
      .toLowerCase()
      .replace(/[^0-9a-f]/g, ''),
  ).toBe(goldenOfJob());
  // Every command the ground sent ended, none pending.
  const status = (await api<StatusResponse>(hil, '/api/status')).body;
  expect(status.pending).toEqual([]);
}

describe('hil: the flight computer lost mid-job', () => {
  it('killed with SIGKILL: restarted by the boot ROM, the job resumes and ends once, nothing lost', async () => {
    const hil = await startHil(['--speed', 'max', '--link-loss', '0']);
    const packet = await jobRunningPastACheckpoint(hil);
    const { pid } = hil.fsw();
    process.kill(pid, 'SIGKILL');
    await hil.process.waitFor(/flight software ended \(killed by SIGKILL\)/, 10_000);
    await hil.process.waitFor(/flight software started \(pid \d+, start 2\)/, 10_000);
    await resumedOnceNothingLost(hil, packet);
  });

  it('hung (obc-hang): the watchdog resets it, the boot ROM restarts it, the job resumes and ends once', async () => {
    const hil = await startHil(['--speed', 'max', '--link-loss', '0']);
    const packet = await jobRunningPastACheckpoint(hil);
    expect(await hil.sim({ op: 'inject', fault: { kind: 'obc-hang', durationS: 30 } })).toEqual({ ok: true });
    await hil.process.waitFor(/flight software ended \(exit 75: reset by the hardware\)/, 30_000);
    await hil.process.waitFor(/flight software started \(pid \d+, start 2\)/, 10_000);
    const boot = await until(
      'the boot event after the reset',
      async () => (await hil.events('boot')).find((event) => event.args.resetCause === 'watchdog'),
      30_000,
    );
    expect(boot.args.bootCount).toBe(2);
    expect((await hil.sim({ op: 'status' })).counts).toMatchObject({ watchdogResets: 1 });
    await resumedOnceNothingLost(hil, packet);
  });
});
