import { describe, expect, it } from 'vitest';
import { runBin } from '../../helpers/cli.js';

interface OrbitReport {
  orbit: { altitudeKm: number; betaDeg: number; inclinationDeg: number };
  periodMin: number;
  eclipseMin: number;
  eclipseFraction: number;
  criticalBetaDeg: number;
  eclipses: Array<{ entryS: number; exitS: number; durationS: number; entryUtc: string }>;
  station: { name: string; latDeg: number; lonDeg: number; minElevationDeg: number };
  contacts: Array<{ aosS: number; losS: number; durationS: number; maxElevationDeg: number; aosUtc: string }>;
}

describe('sim-hw orbit', () => {
  it('prints the REFERENCE.md figures, eclipses and contacts as JSON', async () => {
    const run = await runBin('sim-hw', ['orbit', '--altitude-km', '550', '--beta-deg', '0', '--json']);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as OrbitReport;
    expect(report.orbit).toEqual({ altitudeKm: 550, betaDeg: 0, inclinationDeg: 97.6 });
    // REFERENCE.md: 550 km, beta 0: period 95.65 min, eclipse 35.61 min, beta* 67.0 deg.
    expect(Math.abs(report.periodMin - 95.65)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(report.eclipseMin - 35.61)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(report.criticalBetaDeg - 67.0)).toBeLessThanOrEqual(0.05);
    expect(report.eclipseFraction).toBeCloseTo(35.61 / 95.65, 3);
    expect(report.eclipses).toHaveLength(5);
    expect(report.eclipses[0]!.durationS / 60).toBeCloseTo(35.61, 2);
    expect(report.eclipses[0]!.entryUtc).toMatch(/^2026-01-01T00:30:01/);
    expect(report.station).toMatchObject({ name: 'Svalbard', latDeg: 78.23, lonDeg: 15.41, minElevationDeg: 5 });
    expect(report.contacts).toHaveLength(5);
    for (const contact of report.contacts) {
      expect(contact.durationS).toBeGreaterThan(60);
      expect(contact.maxElevationDeg).toBeGreaterThanOrEqual(5);
      // The UTC stamp is the mission epoch plus the mission time, to the millisecond.
      expect(Math.abs(Date.parse(contact.aosUtc) - (Date.parse('2026-01-01T00:00:00Z') + contact.aosS * 1000))).toBeLessThan(1);
    }
  });

  it('prints a text summary and takes a station with a minimum elevation', async () => {
    const run = await runBin('sim-hw', ['orbit', '--altitude-km', '650', '--beta-deg', '-60', '--station', '-20,30,10', '--count', '2']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('period          97.73 min');
    expect(run.stdout).toContain('eclipse         17.84 min');
    expect(run.stdout).toContain('critical beta   65.2 deg');
    expect(run.stdout).toContain('minimum elevation 10 deg');
    expect(run.stdout.match(/^ {2}AOS /gm)).toHaveLength(2);
    expect(run.stdout.match(/^ {2}entry /gm)).toHaveLength(2);
  });

  it('refuses a bad value with one line on stderr and exit code 2', async () => {
    const run = await runBin('sim-hw', ['orbit', '--altitude-km', '-5']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/altitudeKm -5 is not 100\.\.50000 km/);
    const station = await runBin('sim-hw', ['orbit', '--station', 'north']);
    expect(station.code).toBe(2);
    expect(station.stderr).toMatch(/--station "north"/);
  });
});
