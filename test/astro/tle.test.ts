import { describe, expect, it } from 'vitest';
import { ecfToLookAngles, eciToEcf, eciToGeodetic, gstime, twoline2satrec } from 'satellite.js';
import { eclipsesOf } from '../../astro/eclipses.js';
import { CircularOrbit, orbitModel, sampleOrbit } from '../../astro/orbit-model.js';
import {
  DEFAULT_ORBIT_PARAMS,
  EARTH_RADIUS_KM,
  eclipseFraction,
  greenwichAngleRad,
  MISSION_EPOCH_JD,
  nextEclipses,
  orbitAt,
  orbitPeriodS,
  type OrbitParams,
} from '../../astro/orbit.js';
import { contactWindowsOf, type StationParams } from '../../astro/station.js';
import { julianDateAt, sunDirectionAt } from '../../astro/sun.js';
import { formatTle } from '../../astro/tle-format.js';
import { checkTleParams, TleOrbit, type TleParams } from '../../astro/tle.js';

const DEG = Math.PI / 180;

/** Vallado, Crawford, Hujsak and Kelso 2006, "Revisiting Spacetrack Report #3", tcppver.out: satellite 00005 (Vanguard 1). */
const VANGUARD: TleParams = {
  line1: '1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753',
  line2: '2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667',
};
const VALLADO_00005 = [
  { tsinceMin: 0, r: [7022.46529266, -1400.08296755, 0.03995155] },
  { tsinceMin: 360, r: [-7154.03120202, -3783.17682504, -3536.19412294] },
  { tsinceMin: 720, r: [-7134.59340119, 6531.68641334, 3260.27186483] },
] as const;

/** An ISS-like element set with its epoch at the mission epoch. */
const ISS_2026 = formatTle({
  catalogNumber: 25544,
  epochS: 0,
  inclinationDeg: 51.64,
  raanDeg: 100,
  eccentricity: 0.0005,
  argumentOfPerigeeDeg: 90,
  meanAnomalyDeg: 270,
  meanMotionRevPerDay: 15.5,
});

/** A circular TLE with the Kepler period of the elements' altitude, its node at the right ascension given. */
function circularTle(inclinationDeg: number, altitudeKm: number, raanDeg = 0): TleParams {
  const periodS = orbitPeriodS({ ...DEFAULT_ORBIT_PARAMS, altitudeKm });
  return formatTle({
    catalogNumber: 90001,
    epochS: 0,
    inclinationDeg,
    raanDeg,
    eccentricity: 0,
    argumentOfPerigeeDeg: 0,
    meanAnomalyDeg: 0,
    meanMotionRevPerDay: 86_400 / periodS,
  });
}

/** Mission time of a number of minutes after a TLE's epoch. */
function missionTimeAt(tle: TleParams, tsinceMin: number): number {
  return ((twoline2satrec(tle.line1, tle.line2).jdsatepoch - MISSION_EPOCH_JD) * 1440 + tsinceMin) * 60;
}

describe('TLE orbits (SGP4)', () => {
  it("SGP4 reproduces Vallado's verification positions for satellite 00005 within 1 m", () => {
    const orbit = new TleOrbit(VANGUARD);
    for (const { tsinceMin, r } of VALLADO_00005) {
      const p = sampleOrbit(orbit, missionTimeAt(VANGUARD, tsinceMin)).positionEciKm;
      expect(Math.hypot(p.x - r[0], p.y - r[1], p.z - r[2]), `t + ${tsinceMin} min`).toBeLessThan(0.001);
    }
  });

  it("the ground track agrees with satellite.js's own transforms: longitude within 0.001 deg, latitude within the Earth's flattening", () => {
    const orbit = new TleOrbit(ISS_2026);
    for (let timeS = 0; timeS <= 86_400; timeS += 600) {
      const sample = sampleOrbit(orbit, timeS);
      const geodetic = eciToGeodetic(sample.positionEciKm, gstime(julianDateAt(timeS)));
      const lonDiff = ((((geodetic.longitude / DEG - sample.subLonDeg) % 360) + 540) % 360) - 180;
      expect(Math.abs(lonDiff), `t ${timeS} s`).toBeLessThan(0.001);
      expect(Math.abs(geodetic.latitude / DEG - sample.subLatDeg), `t ${timeS} s`).toBeLessThan(0.25);
      expect(Math.abs(sample.subLatDeg)).toBeLessThanOrEqual(51.7);
    }
  });

  it("elevation over the passes agrees with satellite.js's look angles within 0.01 deg, so AOS and LOS agree to the second", () => {
    // On the equator geodetic and geocentric coordinates coincide: the spherical station is the ellipsoidal one.
    const station: StationParams = { name: 'Equator', latDeg: 0, lonDeg: 30, altitudeM: 0, minElevationDeg: 10 };
    const orbit = new TleOrbit(ISS_2026);
    const passes = contactWindowsOf(orbit, station, 0, 86_400);
    expect(passes.length).toBeGreaterThanOrEqual(2);
    const observer = { latitude: 0, longitude: station.lonDeg * DEG, height: 0 };
    const theirs = (timeS: number): number =>
      ecfToLookAngles(observer, eciToEcf(sampleOrbit(orbit, timeS).positionEciKm, greenwichAngleRad(timeS))).elevation / DEG;
    for (const pass of passes) {
      // 0.01 deg of elevation is well under a second at the 0.2..1 deg/s a LEO pass rises.
      expect(Math.abs(theirs(pass.aosS) - station.minElevationDeg)).toBeLessThan(0.01);
      expect(Math.abs(theirs(pass.losS) - station.minElevationDeg)).toBeLessThan(0.01);
      expect(theirs(pass.aosS - 1)).toBeLessThan(station.minElevationDeg);
      expect(theirs(pass.losS + 1)).toBeLessThan(station.minElevationDeg);
      for (let timeS = pass.aosS; timeS <= pass.losS; timeS += 5) expect(theirs(timeS)).toBeGreaterThan(station.minElevationDeg - 0.01);
    }
  });

  it('a circular TLE flies the radius and period of the circular model at its altitude (polar and equatorial)', () => {
    for (const inclinationDeg of [97.6, 0]) {
      const elements: OrbitParams = { ...DEFAULT_ORBIT_PARAMS, inclinationDeg, altitudeKm: 550 };
      const orbit = new TleOrbit(circularTle(inclinationDeg, 550));
      expect(orbit.periodS / orbitPeriodS(elements)).toBeCloseTo(1, 2);
      // Time between crossings of the start's argument of latitude (nodal period with J2): within 0.5 % of Kepler's.
      const crossings: number[] = [];
      let previous = sampleOrbit(orbit, 0).argumentOfLatitudeRad;
      for (let timeS = 1; timeS <= 4 * orbit.periodS; timeS += 1) {
        const u = sampleOrbit(orbit, timeS).argumentOfLatitudeRad;
        if (u < previous - Math.PI) crossings.push(timeS);
        previous = u;
        const p = sampleOrbit(orbit, timeS).positionEciKm;
        if (timeS % 60 === 0) expect(Math.abs(Math.hypot(p.x, p.y, p.z) - EARTH_RADIUS_KM - 550), `i ${inclinationDeg} t ${timeS}`).toBeLessThan(25);
      }
      expect(crossings.length).toBeGreaterThanOrEqual(3);
      const measuredS = (crossings.at(-1)! - crossings[0]!) / (crossings.length - 1);
      expect(Math.abs(measuredS / orbitPeriodS(elements) - 1), `i ${inclinationDeg}`).toBeLessThan(0.005);
    }
  });

  it("a circular TLE's eclipse fraction matches the circular model's at the same beta angle within 1 % of an orbit (polar and equatorial)", () => {
    // The polar plane's node at the sun's right ascension: a noon-midnight orbit, beta near the sun's declination.
    const sunRaDeg = Math.atan2(sunDirectionAt(0).y, sunDirectionAt(0).x) / DEG;
    for (const inclinationDeg of [97.6, 0]) {
      const orbit = new TleOrbit(circularTle(inclinationDeg, 550, sunRaDeg));
      // The TLE's beta: the sun (of the mission epoch's date) against the orbit normal from two nearby positions.
      const a = { ...sampleOrbit(orbit, 0).positionEciKm };
      const b = sampleOrbit(orbit, 10).positionEciKm;
      const n = { x: a.y * b.z - a.z * b.y, y: a.z * b.x - a.x * b.z, z: a.x * b.y - a.y * b.x };
      const sun = sunDirectionAt(0);
      const betaDeg = Math.asin((n.x * sun.x + n.y * sun.y + n.z * sun.z) / Math.hypot(n.x, n.y, n.z)) / DEG;
      const elements: OrbitParams = { ...DEFAULT_ORBIT_PARAMS, inclinationDeg, altitudeKm: 550, betaDeg };
      const shadowS = eclipsesOf(orbit, 0, 3 * orbit.periodS, 5).reduce((sum, w) => sum + (w.exitS - w.entryS), 0);
      expect(eclipseFraction(elements)).toBeGreaterThan(0.2);
      expect(Math.abs(shadowS / (3 * orbit.periodS) - eclipseFraction(elements)), `i ${inclinationDeg}, beta ${betaDeg.toFixed(1)}`).toBeLessThan(0.01);
    }
  });

  it("eclipsesOf finds the circular model's analytic eclipses to the millisecond", () => {
    const params: OrbitParams = { ...DEFAULT_ORBIT_PARAMS, betaDeg: 30, u0Deg: 40 };
    const found = eclipsesOf(new CircularOrbit(params), 100, 100 + 5 * orbitPeriodS(params));
    const analytic = nextEclipses(params, 100, found.length);
    expect(found.length).toBeGreaterThanOrEqual(5);
    for (const [i, window] of found.entries()) {
      expect(Math.abs(window.entryS - analytic[i]!.entryS)).toBeLessThan(0.002);
      expect(Math.abs(window.exitS - analytic[i]!.exitS)).toBeLessThan(0.002);
    }
  });

  it('the sun model puts the sun on the equator at the 2026 March equinox and at 23.44 deg at the June solstice', () => {
    // 2026-03-20T14:46Z and 2026-06-21T08:24Z (published equinox and solstice times).
    const equinoxS = (78 * 24 + 14) * 3600 + 46 * 60;
    const solsticeS = (171 * 24 + 8) * 3600 + 24 * 60;
    expect(Math.abs(Math.asin(sunDirectionAt(equinoxS).z) / DEG)).toBeLessThan(0.02);
    expect(Math.abs(Math.asin(sunDirectionAt(solsticeS).z) / DEG - 23.436)).toBeLessThan(0.02);
  });

  it("checks a TLE's length, checksums, catalogue number and SGP4 initialisation", () => {
    expect(checkTleParams(ISS_2026)).toEqual([]);
    expect(checkTleParams(VANGUARD)).toEqual([]);
    const flip = (line: string) => `${line.slice(0, 68)}${(Number(line[68]) + 1) % 10}`;
    expect(checkTleParams({ ...ISS_2026, line1: flip(ISS_2026.line1) })).toEqual([expect.stringMatching(/line 1 checksum/)]);
    expect(checkTleParams({ ...ISS_2026, line2: ISS_2026.line2.slice(0, 60) })).toEqual(['TLE line 2 is not 69 characters']);
    const other = formatTle({
      catalogNumber: 11111,
      epochS: 0,
      inclinationDeg: 51.64,
      raanDeg: 100,
      eccentricity: 0,
      argumentOfPerigeeDeg: 0,
      meanAnomalyDeg: 0,
      meanMotionRevPerDay: 15.5,
    });
    expect(checkTleParams({ line1: ISS_2026.line1, line2: other.line2 })).toEqual([expect.stringMatching(/two satellites/)]);
    expect(checkTleParams({ line1: ISS_2026.line2, line2: ISS_2026.line1 })).toEqual([
      expect.stringMatching(/line 1 does not start/),
      expect.stringMatching(/line 2 does not start/),
    ]);
    expect(() => new TleOrbit({ ...ISS_2026, line1: flip(ISS_2026.line1) })).toThrow(/checksum/);
  });

  it('orbitModel flies elements with the circular model, bit for bit, and a TLE with SGP4', () => {
    const circular = orbitModel({ elements: DEFAULT_ORBIT_PARAMS });
    expect(circular.periodS).toBe(orbitPeriodS(DEFAULT_ORBIT_PARAMS));
    for (const timeS of [0, 1234.5, 86_400]) expect(sampleOrbit(circular, timeS)).toEqual(orbitAt(DEFAULT_ORBIT_PARAMS, timeS));
    const tle = orbitModel({ tle: ISS_2026 });
    expect(tle).toBeInstanceOf(TleOrbit);
    expect(Math.abs(tle.periodS / (86_400 / 15.5) - 1)).toBeLessThan(0.001);
  });
});
