import { describe, expect, it } from 'vitest';
import { DEFAULT_ORBIT_PARAMS, EARTH_RADIUS_KM, EARTH_ROTATION_RAD_S, greenwichAngleRad, orbitPeriodS } from '../../astro/orbit.js';
import type { OrbitParams } from '../../astro/orbit.js';
import { DEFAULT_STATION_PARAMS, checkStationParams, contactWindows, elevationDeg, lookAngles, rangeKm } from '../../astro/station.js';
import type { StationParams } from '../../astro/station.js';

const DEG = Math.PI / 180;
const DAY_S = 86_400;

/** Earth-central angle from the sub-satellite point to the edge of visibility at elevation e: acos(R cos e / (R + h)) - e. */
function visibilityRadiusRad(altitudeKm: number, minElevationDeg: number): number {
  const e = minElevationDeg * DEG;
  return Math.acos((EARTH_RADIUS_KM * Math.cos(e)) / (EARTH_RADIUS_KM + altitudeKm)) - e;
}

/** An inertial position directly above (lat, lon) at height altitudeKm, at mission time timeS. */
function positionAbove(latDeg: number, lonDeg: number, altitudeKm: number, timeS: number): { x: number; y: number; z: number } {
  const r = EARTH_RADIUS_KM + altitudeKm;
  const lon = lonDeg * DEG + greenwichAngleRad(timeS);
  return { x: r * Math.cos(latDeg * DEG) * Math.cos(lon), y: r * Math.cos(latDeg * DEG) * Math.sin(lon), z: r * Math.sin(latDeg * DEG) };
}

describe('ground station visibility', () => {
  it('Svalbard sees the default orbit on most orbits of a day', () => {
    const windows = contactWindows(DEFAULT_ORBIT_PARAMS, DEFAULT_STATION_PARAMS, 0, DAY_S);
    // 15.06 orbits a day; the track passes within 7.6 deg of the pole and the station is 11.8 deg from it,
    // so the track comes within 4.2..19.4 deg of the station, against an 18.5 deg visibility radius:
    // all but the orbits whose apex is near the far side of the pole are seen, at most one pass per orbit.
    expect(windows.length).toBeGreaterThanOrEqual(10);
    expect(windows.length).toBeLessThanOrEqual(16);
    for (let i = 1; i < windows.length; i++) expect(windows[i]!.aosS).toBeGreaterThan(windows[i - 1]!.losS);
  });

  it('passes last 2 to 15 min at 550 km, no longer than an overhead pass', () => {
    const windows = contactWindows(DEFAULT_ORBIT_PARAMS, DEFAULT_STATION_PARAMS, 0, DAY_S);
    // Overhead pass: 2 * 18.5 deg of a 95.65 min orbit = 9.8 min (plus Earth rotation, under 1 %).
    const overheadMin = ((2 * visibilityRadiusRad(550, 5)) / (2 * Math.PI)) * (orbitPeriodS(DEFAULT_ORBIT_PARAMS) / 60);
    expect(overheadMin).toBeCloseTo(9.8, 1);
    for (const w of windows) {
      const durationMin = (w.losS - w.aosS) / 60;
      expect(durationMin).toBeGreaterThanOrEqual(2);
      expect(durationMin).toBeLessThanOrEqual(15);
      expect(durationMin).toBeLessThanOrEqual(overheadMin * 1.01);
    }
  });

  it('elevation at AOS and LOS equals the minimum within 0.01 deg, and the maximum is the peak', () => {
    const windows = contactWindows(DEFAULT_ORBIT_PARAMS, DEFAULT_STATION_PARAMS, 0, DAY_S);
    expect(windows.length).toBeGreaterThan(0);
    for (const w of windows) {
      expect(Math.abs(elevationDeg(DEFAULT_ORBIT_PARAMS, DEFAULT_STATION_PARAMS, w.aosS) - 5)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(elevationDeg(DEFAULT_ORBIT_PARAMS, DEFAULT_STATION_PARAMS, w.losS) - 5)).toBeLessThanOrEqual(0.01);
      expect(elevationDeg(DEFAULT_ORBIT_PARAMS, DEFAULT_STATION_PARAMS, w.aosS - 1)).toBeLessThan(5);
      expect(elevationDeg(DEFAULT_ORBIT_PARAMS, DEFAULT_STATION_PARAMS, w.losS + 1)).toBeLessThan(5);
      let peak = -90;
      for (let t = w.aosS; t <= w.losS; t += 1) peak = Math.max(peak, elevationDeg(DEFAULT_ORBIT_PARAMS, DEFAULT_STATION_PARAMS, t));
      expect(peak).toBeGreaterThanOrEqual(5);
      expect(w.maxElevationDeg).toBeGreaterThanOrEqual(peak - 1e-9);
      expect(w.maxElevationDeg - peak).toBeLessThanOrEqual(0.01);
    }
  });

  it('clips a contact in progress to the search window', () => {
    const [first] = contactWindows(DEFAULT_ORBIT_PARAMS, DEFAULT_STATION_PARAMS, 0, DAY_S);
    const midS = (first!.aosS + first!.losS) / 2;
    const clipped = contactWindows(DEFAULT_ORBIT_PARAMS, DEFAULT_STATION_PARAMS, midS, midS + 60);
    expect(clipped).toEqual([{ aosS: midS, losS: midS + 60, maxElevationDeg: expect.any(Number) }]);
    expect(contactWindows(DEFAULT_ORBIT_PARAMS, DEFAULT_STATION_PARAMS, 100, 100)).toEqual([]);
  });

  it('has no contact at all where geometry forbids it: inclination 10 deg and a station at 80 N', () => {
    // The sub-satellite point never passes 10 deg of latitude and the visibility radius at 550 km and
    // 5 deg elevation is 18.5 deg, so only stations below 28.5 deg of latitude can ever see it.
    const low: OrbitParams = { ...DEFAULT_ORBIT_PARAMS, inclinationDeg: 10 };
    const arctic: StationParams = { ...DEFAULT_STATION_PARAMS, name: 'arctic', latDeg: 80 };
    expect(10 + visibilityRadiusRad(550, 5) / DEG).toBeLessThan(29);
    expect(contactWindows(low, arctic, 0, 2 * DAY_S)).toEqual([]);
    for (let t = 0; t < DAY_S; t += 600) expect(elevationDeg(low, arctic, t)).toBeLessThan(0);
  });

  it('a station under an equatorial orbit sees every synodic revolution, each pass as long as geometry says', () => {
    const equatorial: OrbitParams = { ...DEFAULT_ORBIT_PARAMS, inclinationDeg: 0 };
    const station: StationParams = { name: 'equator', latDeg: 0, lonDeg: 0, altitudeM: 0, minElevationDeg: 5 };
    const meanMotionRadS = (2 * Math.PI) / orbitPeriodS(equatorial);
    const relativeRateRadS = meanMotionRadS - EARTH_ROTATION_RAD_S;
    const synodicS = (2 * Math.PI) / relativeRateRadS; // 6130 s
    const windows = contactWindows(equatorial, station, 0, 2 * DAY_S);
    expect(Math.abs(windows.length - (2 * DAY_S) / synodicS)).toBeLessThanOrEqual(1);
    const durationS = (2 * visibilityRadiusRad(550, 5)) / relativeRateRadS;
    const full = windows.filter((w) => w.aosS > 0 && w.losS < 2 * DAY_S);
    expect(full.length).toBeGreaterThan(25);
    for (const w of full) {
      expect(Math.abs(w.losS - w.aosS - durationS)).toBeLessThanOrEqual(0.05);
      expect(w.maxElevationDeg).toBeGreaterThan(89.9);
    }
    for (let i = 1; i < full.length; i++) expect(full[i]!.aosS - full[i - 1]!.aosS).toBeCloseTo(synodicS, 1);
  });

  it('range is the altitude overhead and the horizon distance at zero elevation', () => {
    const station: StationParams = { name: 'sea level', latDeg: 30, lonDeg: -60, altitudeM: 0, minElevationDeg: 0 };
    const overhead = lookAngles(positionAbove(30, -60, 550, 1234), station, 1234);
    expect(overhead.elevationDeg).toBeCloseTo(90, 6);
    expect(overhead.rangeKm).toBeCloseTo(550, 6);
    // Spacecraft on the station's horizon: central angle acos(R / (R + h)), slant range sqrt((R + h)^2 - R^2).
    const horizonCentralDeg = Math.acos(EARTH_RADIUS_KM / (EARTH_RADIUS_KM + 550)) / DEG;
    const out = { elevationDeg: 0, rangeKm: 0 };
    expect(lookAngles(positionAbove(30 + horizonCentralDeg, -60, 550, 99), station, 99, out)).toBe(out);
    expect(out.elevationDeg).toBeCloseTo(0, 6);
    expect(out.rangeKm).toBeCloseTo(Math.sqrt((EARTH_RADIUS_KM + 550) ** 2 - EARTH_RADIUS_KM ** 2), 6);
    expect(rangeKm(DEFAULT_ORBIT_PARAMS, DEFAULT_STATION_PARAMS, 0)).toBeGreaterThan(550);
  });

  it('checks every parameter against its range', () => {
    expect(checkStationParams(DEFAULT_STATION_PARAMS)).toEqual([]);
    const bad: Array<[keyof StationParams, number | string]> = [
      ['name', ''],
      ['latDeg', 91],
      ['lonDeg', -181],
      ['altitudeM', 10_000],
      ['minElevationDeg', -1],
      ['minElevationDeg', Number.NaN],
    ];
    for (const [name, value] of bad) {
      const problems = checkStationParams({ ...DEFAULT_STATION_PARAMS, [name]: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(name);
    }
  });
});
