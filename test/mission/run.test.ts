/**
 * The mission runner through its library API: a short flight (run-fixture.ts)
 * with a small workload and a latch-up, checked in its figures, summary,
 * record and archive. Determinism: run-determinism.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PERIOD_S, type MissionRun } from '../../mission/run/fly.js';
import { LATCHUP_AT_S, PERIOD_S, SHORT_ORBITS as ORBITS, flyShort } from './run-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'mission-run-'));
const archivePath = join(dir, 'archive.sqlite');

let first: MissionRun;

beforeAll(() => {
  first = flyShort(1, archivePath);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a short mission (0.32 orbit, seed 1)', () => {
  it('commands NOMINAL at the first contact, runs every job and verifies every result against the golden result', () => {
    const { figures, record } = first;
    const contact = record.contacts[0]!;
    expect(contact.startS).toBeGreaterThan(1300);
    expect(contact.startS).toBeLessThan(1400);
    const nominal = record.events.find((event) => event.kind === 'mode' && event.text.includes('-> NOMINAL'));
    expect(nominal?.timeS).toBeGreaterThanOrEqual(contact.startS);
    expect(nominal!.timeS).toBeLessThan(contact.startS + 5);
    expect(figures.jobs.runner).toMatchObject({ done: 4, failed: 0, refused: 0 });
    expect(figures.jobs.ground).toMatchObject({ jobsSubmitted: 4, resultsVerified: 4, goldenMatches: 4, goldenMismatches: 0, goldenUnknown: 0 });
    expect(figures.commands.sent).toBe(figures.commands.completed);
    expect(figures.commands).toMatchObject({ failed: 0, rejected: 0, unanswered: 0 });
    expect(figures.commands.sent).toBeGreaterThanOrEqual(12); // by name: archive test below
  });

  it('records a sample every 10 s, the bands, a span per job and the latch-up', () => {
    const { record } = first;
    expect(record.samplePeriodS).toBe(SAMPLE_PERIOD_S);
    expect(record.samples).toHaveLength(Math.floor((ORBITS * PERIOD_S) / SAMPLE_PERIOD_S));
    expect(record.samples.every((sample, i) => Math.abs(sample.timeS - SAMPLE_PERIOD_S * (i + 1)) < 1e-6)).toBe(true);
    expect(record.orbitPeriodS).toBeCloseTo(PERIOD_S, 0);
    expect(record.endS).toBeCloseTo(ORBITS * record.orbitPeriodS, 0);
    expect(record.samples.every((sample) => sample.acceleratorPowerW <= Math.max(sample.powerCapW, sample.thermalCapW) + 25)).toBe(true);
    expect(record.eclipses).toHaveLength(1);
    expect(record.eclipses[0]!.startS).toBeCloseTo(1801, 0);
    expect(record.eclipses[0]!.endS).toBeCloseTo(record.endS, 6);
    expect(record.contacts).toHaveLength(1);
    expect(record.saaPasses).toEqual([]); // the first SAA pass is at about 3040 s
    expect(record.jobs.map((job) => job.jobId).sort()).toEqual([1, 2, 3, 4]);
    for (const job of record.jobs) {
      expect(job.outcome).toBe('done');
      expect(job.verified).toBe(true);
      expect(job.runs.length).toBeGreaterThan(0);
      expect(job.submittedS).toBeGreaterThanOrEqual(record.contacts[0]!.startS);
      expect(job.runs[0]!.startS).toBeGreaterThan(job.submittedS);
      expect(job.finishedS).toBeGreaterThanOrEqual(job.runs.at(-1)!.endS - 1e-9);
    }
    const kinds = new Set(record.events.map((event) => event.kind));
    for (const kind of ['reset', 'mode', 'latchup', 'upset', 'correction'] as const) expect(kinds, kind).toContain(kind);
    const latchups = record.events.filter((event) => event.kind === 'latchup');
    expect(latchups.map((event) => event.text)).toEqual([
      expect.stringContaining('(simulator)'),
      expect.stringMatching(/^latchup_tripped: latch-up on rail accelerator/),
    ]);
    expect(latchups[1]!.timeS - LATCHUP_AT_S).toBeLessThan(1);
    expect(record.events.every((event, i) => i === 0 || event.timeS >= record.events[i - 1]!.timeS)).toBe(true);
    expect(record.limits.find((limit) => limit.zone === 'accelerator')).toEqual({ zone: 'accelerator', yellowHighC: 85, redHighC: 105 });
    expect(record.digest).toBe(first.digest);
  });

  it('sums up energy, work against the bound, jobs, corruptions, state of charge, temperatures, commands, telemetry and drops', () => {
    const { figures, record } = first;
    const labels = record.summary.map(([label]) => label);
    for (const label of [
      'energy in (array)',
      'energy used (loads)',
      'verified work',
      'share of the energy bound',
      'jobs',
      'jobs retried',
      'corruptions',
      'state of charge',
      'peak temperatures',
      'commands',
      'telemetry',
      'drops',
    ]) {
      expect(labels).toContain(label);
    }
    expect(figures.energy.arrayDeliveredJ).toBeLessThanOrEqual(figures.energy.arrayAvailableJ);
    expect(figures.energy.acceleratorJ).toBeGreaterThan(0);
    expect(figures.energy.housekeepingJ + figures.energy.acceleratorJ).toBeCloseTo(figures.energy.loadJ, 6);
    expect(figures.work.verifiedFlop).toBeGreaterThan(0);
    expect(figures.work.groundVerifiedFlop).toBeCloseTo(figures.work.verifiedFlop, -6);
    expect(figures.work.verifiedFlop).toBeLessThan(figures.work.boundFlop);
    expect(figures.truth.latchups).toBe(1);
    expect(figures.truth.hbmUpsets + figures.truth.ramUpsets).toBeGreaterThan(0);
    expect(figures.memory.eccCorrected).toBeGreaterThan(0);
    expect(figures.socMinTruePct).toBeGreaterThan(50);
    expect(figures.socMinTruePct).toBe(Math.min(...record.samples.map((sample) => sample.socPctTrue)));
    expect(figures.peakTemperaturesC.accelerator).toBe(Math.max(...record.samples.map((sample) => sample.temperaturesC.accelerator!)));
    expect(figures.telemetry.packets).toBeGreaterThan(100);
    expect(figures.telemetry.contacts).toBe(1);
    expect(figures.drops.rejectedAtGround).toBe(0);
    expect(figures.softwareStarts).toBe(1);
  });

  it('archives every packet that reached the ground, the commands with their stages and the verified results', () => {
    const db = new Database(archivePath, { readonly: true });
    try {
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(count('SELECT COUNT(*) AS n FROM packets')).toBe(first.figures.telemetry.packets);
      expect(count('SELECT COUNT(*) AS n FROM commands')).toBe(first.figures.commands.sent);
      const byName = Object.fromEntries(
        (db.prepare('SELECT name, COUNT(*) AS n FROM commands GROUP BY name').all() as { name: string; n: number }[]).map((row) => [row.name, row.n]),
      );
      expect(byName).toMatchObject({ param_set: 1, param_save: 1, set_mode: 1, submit_job: 4, get_result: 4 });
      expect(byName.list_jobs).toBeGreaterThanOrEqual(1);
      expect(Object.keys(byName).sort()).toEqual(['get_result', 'list_jobs', 'param_save', 'param_set', 'set_mode', 'submit_job']);
      expect(count("SELECT COUNT(*) AS n FROM commands WHERE state = 'completed' AND final = 1")).toBe(first.figures.commands.sent);
      expect(count("SELECT COUNT(*) AS n FROM command_stages WHERE stage = 'completion'")).toBe(first.figures.commands.sent);
      expect(count('SELECT COUNT(*) AS n FROM jobs WHERE result_complete = 1')).toBe(4);
      expect(count("SELECT COUNT(*) AS n FROM events WHERE name = 'latchup_tripped'")).toBe(1);
    } finally {
      db.close();
    }
  });
});
