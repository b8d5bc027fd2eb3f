import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  DEFAULT_ORBIT_PARAMS,
  EARTH_RADIUS_KM,
  EARTH_ROTATION_RAD_S,
  GMST_AT_EPOCH_DEG,
  checkOrbitParams,
  createOrbitSample,
  createOrbitState,
  criticalBetaDeg,
  eclipseDurationS,
  eclipseFraction,
  nextEclipses,
  orbitAt,
  orbitPeriodS,
  stepOrbit,
  sunDirectionEci,
} from '../../astro/orbit.js';
import type { EclipseWindow, OrbitParams } from '../../astro/orbit.js';

const DEG = Math.PI / 180;
const orbit = (altitudeKm: number, betaDeg: number): OrbitParams => ({ ...DEFAULT_ORBIT_PARAMS, altitudeKm, betaDeg });

/** REFERENCE.md, "Orbit and eclipse" (grade D): period, eclipse and beta* in minutes and degrees. */
const REFERENCE_TABLE = [
  { altitudeKm: 550, betaDeg: 0, periodMin: 95.65, eclipseMin: 35.61, betaStarDeg: 67.0 },
  { altitudeKm: 550, betaDeg: 60, periodMin: 95.65, eclipseMin: 20.54, betaStarDeg: 67.0 },
  { altitudeKm: 650, betaDeg: 0, periodMin: 97.73, eclipseMin: 35.38, betaStarDeg: 65.2 },
  { altitudeKm: 650, betaDeg: 60, periodMin: 97.73, eclipseMin: 17.84, betaStarDeg: 65.2 },
] as const;

/** True when timeS lies inside one of the windows; `near` is set when it is within 1 ms of an edge. */
function inWindows(windows: readonly EclipseWindow[], timeS: number): { inside: boolean; near: boolean } {
  let inside = false;
  let near = false;
  for (const w of windows) {
    if (timeS >= w.entryS && timeS < w.exitS) inside = true;
    if (Math.abs(timeS - w.entryS) < 1e-3 || Math.abs(timeS - w.exitS) < 1e-3) near = true;
  }
  return { inside, near };
}

describe('orbit figures (REFERENCE.md table)', () => {
  it('period, eclipse duration and beta* match the reference table', () => {
    for (const row of REFERENCE_TABLE) {
      const p = orbit(row.altitudeKm, row.betaDeg);
      expect(Math.abs(orbitPeriodS(p) / 60 - row.periodMin)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(eclipseDurationS(p) / 60 - row.eclipseMin)).toBeLessThanOrEqual(0.01);
      // The table gives beta* to 0.1 deg.
      expect(Math.abs(criticalBetaDeg(p) - row.betaStarDeg)).toBeLessThanOrEqual(0.05);
      expect(eclipseFraction(p)).toBeCloseTo(eclipseDurationS(p) / orbitPeriodS(p), 12);
    }
  });

  it('has no eclipse at or above beta*', () => {
    for (const altitudeKm of [550, 650]) {
      const betaStar = criticalBetaDeg(orbit(altitudeKm, 0));
      for (const betaDeg of [betaStar + 0.01, -(betaStar + 0.01), 75, 90, -90]) {
        const p = orbit(altitudeKm, betaDeg);
        expect(eclipseFraction(p)).toBe(0);
        expect(eclipseDurationS(p)).toBe(0);
        expect(nextEclipses(p, 0, 3)).toEqual([]);
        const sample = createOrbitSample();
        for (let t = 0; t < orbitPeriodS(p); t += 5) expect(orbitAt(p, t, sample).sunlit).toBe(true);
      }
      // Just below beta* there is a short eclipse.
      expect(eclipseDurationS(orbit(altitudeKm, betaStar - 1))).toBeGreaterThan(0);
    }
  });

  it('the fraction of 1 s samples in shadow over one orbit matches the analytic fraction within 0.2 %', () => {
    for (const row of REFERENCE_TABLE) {
      const p = orbit(row.altitudeKm, row.betaDeg);
      const sample = createOrbitSample();
      const samples = Math.floor(orbitPeriodS(p));
      let shadow = 0;
      for (let t = 0; t < samples; t++) if (!orbitAt(p, t, sample).sunlit) shadow++;
      const fraction = eclipseFraction(p);
      expect(Math.abs(shadow / samples - fraction) / fraction).toBeLessThanOrEqual(0.002);
    }
  });
});

describe('orbit geometry', () => {
  it('starts at orbit noon in sunlight with the defaults', () => {
    const s = createOrbitState(DEFAULT_ORBIT_PARAMS);
    expect(s.sunlit).toBe(true);
    expect(s.argumentOfLatitudeRad).toBe(0);
    expect(s.earthSunCos).toBeCloseTo(1, 12);
    expect(s.sunIncidenceCos).toBeCloseTo(1, 12);
    expect(s.subLatDeg).toBeCloseTo(0, 9);
    expect(s.orbitNumber).toBe(0);
  });

  it('orbitAt sunlit agrees with nextEclipses at 1 s resolution', () => {
    const cases: OrbitParams[] = [
      DEFAULT_ORBIT_PARAMS,
      { ...DEFAULT_ORBIT_PARAMS, betaDeg: 60 },
      { altitudeKm: 650, betaDeg: -35, inclinationDeg: 51.6, raanDeg: 123, sunPhaseDeg: 200, u0Deg: -70 },
    ];
    for (const p of cases) {
      const spanS = 3 * orbitPeriodS(p);
      const windows = nextEclipses(p, 0, 5);
      expect(windows.length).toBe(5);
      const sample = createOrbitSample();
      let compared = 0;
      let skipped = 0;
      let shadowSamples = 0;
      for (let t = 0; t <= spanS; t++) {
        const { inside, near } = inWindows(windows, t);
        if (near) {
          skipped++;
          continue;
        }
        expect(orbitAt(p, t, sample).sunlit).toBe(!inside);
        compared++;
        if (inside) shadowSamples++;
      }
      expect(skipped).toBeLessThanOrEqual(2);
      expect(compared).toBeGreaterThan(spanS - 3);
      expect(shadowSamples).toBeGreaterThan(0);
    }
  });

  it('nextEclipses lists eclipses one period apart, starting with one in progress', () => {
    const p = DEFAULT_ORBIT_PARAMS;
    const periodS = orbitPeriodS(p);
    const [first, second] = nextEclipses(p, 0, 2);
    expect(first).toBeDefined();
    expect(second!.entryS - first!.entryS).toBeCloseTo(periodS, 6);
    expect(first!.exitS - first!.entryS).toBeCloseTo(eclipseDurationS(p), 6);
    // Shadow centred on the anti-sun point (u = 180 deg), half-angle pi * fraction: entry at u = 180 deg - 67.0 deg.
    expect(first!.entryS).toBeCloseTo(((Math.PI - Math.PI * eclipseFraction(p)) / (2 * Math.PI)) * periodS, 6);
    const midS = (first!.entryS + first!.exitS) / 2;
    const fromMid = nextEclipses(p, midS, 3);
    expect(fromMid[0]).toEqual(first);
    expect(fromMid).toHaveLength(3);
    expect(nextEclipses(p, first!.exitS, 1)[0]!.entryS).toBeCloseTo(second!.entryS, 6);
    expect(nextEclipses(p, 0, 0)).toEqual([]);
  });

  it('counts whole orbits and writes into the given sample', () => {
    const p = DEFAULT_ORBIT_PARAMS;
    const periodS = orbitPeriodS(p);
    const out = createOrbitSample();
    const position = out.positionEciKm;
    expect(orbitAt(p, 3 * periodS - 0.01, out)).toBe(out);
    expect(out.positionEciKm).toBe(position);
    expect(out.orbitNumber).toBe(2);
    expect(orbitAt(p, 3 * periodS + 0.01, out).orbitNumber).toBe(3);
    expect(stepOrbit(out, p, 10 * periodS + 1).orbitNumber).toBe(10);
  });

  it('the ground track starts at the node below the Greenwich angle of the epoch and drifts west by the Earth rotation per orbit', () => {
    // GMST = 280.46061837 + 360.98564736629 * (2461041.5 - 2451545.0) deg, mod 360.
    const gmstDeg = (((280.46061837 + 360.98564736629 * 9496.5) % 360) + 360) % 360;
    expect(GMST_AT_EPOCH_DEG).toBeCloseTo(gmstDeg, 9);
    expect(GMST_AT_EPOCH_DEG).toBeCloseTo(100.6608, 3);
    const p = DEFAULT_ORBIT_PARAMS;
    const periodS = orbitPeriodS(p);
    // At u = 0 the spacecraft is at the ascending node, RAAN 0: longitude = -GMST.
    const start = orbitAt(p, 0);
    expect(start.subLonDeg).toBeCloseTo(-GMST_AT_EPOCH_DEG, 9);
    const shiftDeg = (EARTH_ROTATION_RAD_S * periodS) / DEG; // 23.96 deg per orbit
    const next = orbitAt(p, periodS);
    expect(next.subLatDeg).toBeCloseTo(0, 6);
    expect(next.subLonDeg).toBeCloseTo(-GMST_AT_EPOCH_DEG - shiftDeg, 6);
    // Highest latitude of a 97.6 deg orbit: 180 - 97.6 = 82.4 deg, a quarter orbit after the node.
    expect(orbitAt(p, periodS / 4).subLatDeg).toBeCloseTo(82.4, 9);
  });

  test.prop(
    [
      fc.record({
        altitudeKm: fc.double({ min: 200, max: 2000, noNaN: true }),
        betaDeg: fc.double({ min: -90, max: 90, noNaN: true }),
        inclinationDeg: fc.double({ min: 0, max: 180, noNaN: true }),
        raanDeg: fc.double({ min: -360, max: 360, noNaN: true }),
        sunPhaseDeg: fc.double({ min: -360, max: 360, noNaN: true }),
        u0Deg: fc.double({ min: -360, max: 360, noNaN: true }),
      }),
      fc.double({ min: 0, max: 1e7, noNaN: true }),
    ],
    { seed: 20260101, numRuns: 300 },
  )('keeps the configured radius, beta angle and shadow for any valid orbit', (p, timeS) => {
    expect(checkOrbitParams(p)).toEqual([]);
    const s = orbitAt(p, timeS);
    const radiusKm = EARTH_RADIUS_KM + p.altitudeKm;
    const { x, y, z } = s.positionEciKm;
    expect(Math.hypot(x, y, z)).toBeCloseTo(radiusKm, 6);
    // The sun makes the configured angle with the plane of two positions a quarter orbit apart.
    const q = orbitAt(p, timeS + orbitPeriodS(p) / 4).positionEciKm;
    const n = { x: y * q.z - z * q.y, y: z * q.x - x * q.z, z: x * q.y - y * q.x };
    const sun = sunDirectionEci(p);
    const sinBeta = (sun.x * n.x + sun.y * n.y + sun.z * n.z) / Math.hypot(n.x, n.y, n.z);
    expect(Math.asin(Math.max(-1, Math.min(1, sinBeta))) / DEG).toBeCloseTo(p.betaDeg, 5);
    // earthSunCos is the cosine between the position and the sun.
    expect(s.earthSunCos).toBeCloseTo((x * sun.x + y * sun.y + z * sun.z) / radiusKm, 9);
    expect(s.sunIncidenceCos).toBe(s.sunlit ? Math.cos(p.betaDeg * DEG) : 0);
    expect(Math.abs(s.subLatDeg)).toBeLessThanOrEqual(Math.min(p.inclinationDeg, 180 - p.inclinationDeg) + 1e-6);
    expect(s.subLonDeg).toBeGreaterThanOrEqual(-180);
    expect(s.subLonDeg).toBeLessThanOrEqual(180);
    // Cylindrical shadow, checked directly, away from the shadow edge.
    const along = x * sun.x + y * sun.y + z * sun.z;
    const offAxisKm = Math.sqrt(Math.max(0, radiusKm * radiusKm - along * along));
    if (Math.abs(offAxisKm - EARTH_RADIUS_KM) > 1e-3 || along > 0) expect(s.sunlit).toBe(along > 0 || offAxisKm > EARTH_RADIUS_KM);
    // The analytic eclipse list agrees.
    const [eclipse] = nextEclipses(p, timeS, 1);
    if (eclipse !== undefined && Math.abs(timeS - eclipse.entryS) > 1e-3 && Math.abs(timeS - eclipse.exitS) > 1e-3) {
      expect(s.sunlit).toBe(!(timeS >= eclipse.entryS && timeS < eclipse.exitS));
    }
    if (eclipse === undefined) expect(s.sunlit).toBe(true);
  });

  it('checks every parameter against its range', () => {
    expect(checkOrbitParams(DEFAULT_ORBIT_PARAMS)).toEqual([]);
    const bad: Array<[keyof OrbitParams, number]> = [
      ['altitudeKm', -5],
      ['altitudeKm', Number.NaN],
      ['betaDeg', 91],
      ['inclinationDeg', -1],
      ['raanDeg', 400],
      ['sunPhaseDeg', Number.POSITIVE_INFINITY],
      ['u0Deg', -361],
    ];
    for (const [name, value] of bad) {
      const problems = checkOrbitParams({ ...DEFAULT_ORBIT_PARAMS, [name]: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(name);
    }
  });
});
