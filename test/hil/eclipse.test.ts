/**
 * Hardware in the loop: riding through an eclipse. The orbit starts shortly
 * before one (--start-s 2350 at beta 64 deg: eclipse from about 2439 s to
 * 3300 s, 14 minutes), flown at --speed max (the hardware waits for each
 * answer, so no watchdog margin is at stake). A job runs across it; the
 * node stays NOMINAL, never browns out or resets, and the job ends verified.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ArchiveRows, ArchiveTelemetryRow } from '../../ground/api/contract.js';
import { api, readyForJobs, simTimeS, startHil, stopAll, until, untilJobEnds } from './harness.js';

afterEach(stopAll);

const ECLIPSE_EXIT_S = 3300;

describe('hil: an eclipse', () => {
  it('rides through an eclipse in NOMINAL: no brown-out, no reset, the job ends verified', async () => {
    const hil = await startHil(['--speed', 'max', '--link-loss', '0', '--start-s', '2350', '--beta-deg', '64']);
    await readyForJobs(hil);
    expect((await hil.command('submit_job', { jobId: 5, kind: 'matmul', size: 32 })).state).toBe('completed');
    await until('the eclipse to begin', async () => (await hil.field('power_hk', 'inEclipse')) === true, 90_000);
    await until('the eclipse to end', async () => (await simTimeS(hil)) > ECLIPSE_EXIT_S + 30 && (await hil.field('power_hk', 'inEclipse')) === false, 110_000);
    expect(await untilJobEnds(hil, 5)).toBe('done');

    const truth = await hil.sim({ op: 'status' });
    expect(truth.counts).toMatchObject({ brownouts: 0, watchdogResets: 0 });
    expect(truth.bootCount).toBe(1);
    expect(await hil.field('executive_hk', 'mode')).toBe('NOMINAL');
    expect(hil.fsw().starts).toBe(1);
    // The state of charge came down in the eclipse and never near the floor.
    const soc = (await api<ArchiveRows<ArchiveTelemetryRow>>(hil, '/api/archive/telemetry?from=2400&to=3400&param=power_hk.socPct&limit=10000')).body.rows.map(
      (row) => Number(row.value),
    );
    expect(soc.length).toBeGreaterThan(10);
    expect(Math.min(...soc)).toBeLessThan(soc[0]!);
    expect(Math.min(...soc)).toBeGreaterThan(25);
  });
});
