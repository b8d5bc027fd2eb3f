import { describe, expect, it } from 'vitest';
import { DEFAULT_ORBIT_PARAMS, createOrbitSample, orbitAt, orbitPeriodS } from '../../../astro/orbit.js';
import { DEFAULT_RADIATION_PARAMS, checkRadiationParams, inSaa, meanDoseRateRadPerS, upsetRateMultiplier } from '../../../sim-hw/world/radiation.js';
import type { RadiationParams } from '../../../sim-hw/world/radiation.js';

const DAY_S = 86_400;
const p = DEFAULT_RADIATION_PARAMS;

/** SAA passes of the default orbit over the first day at 1 s: per-orbit seconds inside and every contiguous pass. */
function saaDay(): { secondsInside: number; orbitsWithPass: Set<number>; passesS: number[]; orbits: number } {
  const sample = createOrbitSample();
  const orbitsWithPass = new Set<number>();
  const passesS: number[] = [];
  let secondsInside = 0;
  let currentS = 0;
  for (let t = 0; t < DAY_S; t++) {
    orbitAt(DEFAULT_ORBIT_PARAMS, t, sample);
    if (inSaa(p, sample.subLatDeg, sample.subLonDeg)) {
      secondsInside++;
      currentS++;
      orbitsWithPass.add(sample.orbitNumber);
    } else if (currentS > 0) {
      passesS.push(currentS);
      currentS = 0;
    }
  }
  if (currentS > 0) passesS.push(currentS);
  return { secondsInside, orbitsWithPass, passesS, orbits: Math.floor(DAY_S / orbitPeriodS(DEFAULT_ORBIT_PARAMS)) };
}

describe('radiation environment', () => {
  it('the SAA is an ellipse in latitude and longitude, longitude wrapped', () => {
    expect(inSaa(p, -27, -40)).toBe(true);
    expect(inSaa(p, -27 + 22, -40)).toBe(true); // on the ellipse
    expect(inSaa(p, -27 + 22.01, -40)).toBe(false);
    expect(inSaa(p, -27, -40 - 50)).toBe(true);
    expect(inSaa(p, -27, -40 + 50.01)).toBe(false);
    // (0.8)^2 + (0.6)^2 = 1: on the ellipse; a little further out is outside.
    expect(inSaa(p, -27 + 0.8 * 22, -40 + 0.6 * 50)).toBe(true);
    expect(inSaa(p, -27 + 0.81 * 22, -40 + 0.61 * 50)).toBe(false);
    expect(inSaa(p, 40, -40)).toBe(false);
    expect(inSaa(p, -27, 140)).toBe(false);
    // Across the date line: centre 170 E, point 175 W is 15 deg away.
    const pacific: RadiationParams = { ...p, saaCenterLonDeg: 170, saaSemiLonDeg: 20 };
    expect(inSaa(pacific, -27, -175)).toBe(true);
    expect(inSaa(pacific, -27, 185)).toBe(true);
    expect(inSaa(pacific, -27, -165)).toBe(false);
  });

  it('multiplies the upset rate inside the SAA and by the storm factor', () => {
    expect(upsetRateMultiplier(p, 40, 0, 1)).toBe(1);
    expect(upsetRateMultiplier(p, -27, -40, 1)).toBe(75);
    expect(upsetRateMultiplier(p, -27, -40, 10)).toBe(750);
    expect(upsetRateMultiplier(p, 40, 0, 10)).toBe(10);
    // REFERENCE.md: 50-100x inside the SAA.
    expect(p.saaMultiplier).toBeGreaterThanOrEqual(50);
    expect(p.saaMultiplier).toBeLessThanOrEqual(100);
  });

  it('the default orbit crosses the SAA on runs of at least three consecutive orbits, twice a day', () => {
    const { orbitsWithPass, orbits } = saaDay();
    // The track at a given latitude moves 24.0 deg west per orbit; the ellipse is up to 100 deg wide,
    // so about 4 descending and 4 ascending orbits a day cross it (out of 15).
    const runs: number[][] = [];
    for (let orbit = 0; orbit < orbits; orbit++) {
      if (!orbitsWithPass.has(orbit)) continue;
      const last = runs[runs.length - 1];
      if (last !== undefined && last[last.length - 1] === orbit - 1) last.push(orbit);
      else runs.push([orbit]);
    }
    expect(runs).toHaveLength(2);
    for (const run of runs) expect(run.length).toBeGreaterThanOrEqual(3);
    expect(orbitsWithPass.size).toBeGreaterThanOrEqual(6);
    expect(orbitsWithPass.size).toBeLessThanOrEqual(10);
    // With the epoch's Greenwich angle and RAAN 0, the first SAA orbit is the fourth (orbits 0-2 cross
    // latitude 27 S over the Indian Ocean, southern Africa and the Pacific, east and west of the ellipse).
    expect(Math.min(...orbitsWithPass)).toBe(3);
  });

  it('spends 3 % to 20 % of a day in the SAA, in passes of a few minutes', () => {
    const { secondsInside, passesS } = saaDay();
    const fraction = secondsInside / DAY_S;
    expect(fraction).toBeGreaterThanOrEqual(0.03);
    expect(fraction).toBeLessThanOrEqual(0.2);
    // Through the centre a pass crosses 44 deg of latitude: 44 / 360 of 95.65 min = 11.7 min.
    for (const passS of passesS) expect(passS / 60).toBeLessThanOrEqual(12.5);
    expect(Math.max(...passesS) / 60).toBeGreaterThan(5);
  });

  it('the mean dose rate integrates to the yearly dose', () => {
    expect(meanDoseRateRadPerS(p) * 365.25 * DAY_S).toBeCloseTo(150, 9);
  });

  it('checks every parameter against its range', () => {
    expect(checkRadiationParams(p)).toEqual([]);
    const bad: Array<[keyof RadiationParams, number]> = [
      ['saaCenterLatDeg', -91],
      ['saaCenterLonDeg', 181],
      ['saaSemiLatDeg', 0],
      ['saaSemiLonDeg', 200],
      ['saaMultiplier', 0.5],
      ['doseRateRadPerYear', -1],
      ['doseRateRadPerYear', Number.NaN],
    ];
    for (const [name, value] of bad) {
      const problems = checkRadiationParams({ ...p, [name]: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(name);
    }
  });
});
