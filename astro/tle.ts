/**
 * An orbit given by a two-line element set, propagated with SGP4/SDP4
 * (satellite.js, the Vallado 2006 code). SGP4 runs in minutes since the
 * TLE's own epoch; mission time t maps to (JD(mission epoch) - JD(TLE
 * epoch)) * 1440 + t / 60, so a run is a pure function of mission time (no
 * wall clock). SGP4 gives TEME positions; the Earth-fixed frame is TEME
 * turned by the same Greenwich mean sidereal angle as the circular model
 * (orbit.ts greenwichAngleRad, the IAU 1982 angle TEME is defined against),
 * so stations and ground tracks use one Earth for both models.
 */

import { type SatRec, sgp4, twoline2satrec } from 'satellite.js';
import { EARTH_RADIUS_KM, type EarthRotation, fillOrbitSample, MISSION_EPOCH_JD, type OrbitSample, type Vector3Km } from './orbit.js';
import { sunDirectionAt } from './sun.js';

const TWO_PI = 2 * Math.PI;
const DEG = Math.PI / 180;
const MINUTES_PER_DAY = 1440;

export interface TleParams {
  /** Line 1 of the element set (69 characters, checksum in column 69). */
  readonly line1: string;
  /** Line 2 (69 characters, checksum in column 69). */
  readonly line2: string;
}

/** The TLE checksum: the digits of the first 68 columns plus one per minus sign, modulo 10. */
export function tleChecksum(line: string): number {
  let sum = 0;
  for (const char of line.slice(0, 68)) {
    if (char >= '0' && char <= '9') sum += char.charCodeAt(0) - 48;
    else if (char === '-') sum += 1;
  }
  return sum % 10;
}

/** Every problem of an element set (format, checksums, SGP4's own initialisation), empty when it is valid. */
export function checkTleParams(tle: TleParams): string[] {
  const problems: string[] = [];
  for (const [index, line] of [tle.line1, tle.line2].entries()) {
    const n = index + 1;
    if (typeof line !== 'string' || line.length !== 69) {
      problems.push(`TLE line ${n} is not 69 characters`);
      continue;
    }
    if (!line.startsWith(`${n} `)) problems.push(`TLE line ${n} does not start with "${n} "`);
    const given = line.charCodeAt(68) - 48;
    const computed = tleChecksum(line);
    if (given !== computed) problems.push(`TLE line ${n} checksum is ${line[68]}, the line sums to ${computed}`);
  }
  if (problems.length > 0) return problems;
  if (tle.line1.slice(2, 7) !== tle.line2.slice(2, 7)) problems.push(`TLE lines name two satellites (${tle.line1.slice(2, 7)} and ${tle.line2.slice(2, 7)})`);
  const satrec = twoline2satrec(tle.line1, tle.line2);
  if (satrec.error !== 0 || !Number.isFinite(satrec.no) || !(satrec.no > 0)) problems.push(`TLE does not initialise SGP4 (error ${satrec.error})`);
  else if (sgp4(satrec, (MISSION_EPOCH_JD - satrec.jdsatepoch) * MINUTES_PER_DAY) === null)
    problems.push(`TLE does not propagate to the mission epoch (SGP4 error ${satrec.error})`);
  return problems;
}

/** A TLE's mean elements as an operator reads them. */
export interface TleElements {
  readonly epochJd: number;
  readonly inclinationDeg: number;
  readonly raanDeg: number;
  readonly eccentricity: number;
  /** SGP4's (un-Kozai'd) mean motion, as a period. */
  readonly periodS: number;
}

export function tleElements(tle: TleParams): TleElements {
  const satrec = twoline2satrec(tle.line1, tle.line2);
  return {
    epochJd: satrec.jdsatepoch,
    inclinationDeg: satrec.inclo / DEG,
    raanDeg: satrec.nodeo / DEG,
    eccentricity: satrec.ecco,
    periodS: (TWO_PI / satrec.no) * 60,
  };
}

/**
 * The TLE orbit model: SGP4 position, the sun of the date (sun.ts), a
 * cylindrical Earth shadow as in the circular model, and the array incidence
 * cos(beta) with beta the angle between the sun and the osculating orbit
 * plane (r x v). One instance per spacecraft keeps the SGP4 record.
 */
export class TleOrbit {
  /** 2 pi / SGP4 mean motion: the nominal period that counts orbits (orbitNumber). */
  readonly periodS: number;
  private readonly satrec: SatRec;
  private readonly epochOffsetMin: number;
  private readonly sun: Vector3Km = { x: 0, y: 0, z: 0 };

  constructor(tle: TleParams) {
    const problems = checkTleParams(tle);
    if (problems.length > 0) throw new RangeError(problems.join('; '));
    this.satrec = twoline2satrec(tle.line1, tle.line2);
    this.epochOffsetMin = (MISSION_EPOCH_JD - this.satrec.jdsatepoch) * MINUTES_PER_DAY;
    this.periodS = (TWO_PI / this.satrec.no) * 60;
  }

  /** Minutes since the TLE epoch at mission time timeS. */
  minutesSinceEpoch(timeS: number): number {
    return this.epochOffsetMin + timeS / 60;
  }

  /** The orbit at rotation.timeS, into `out`. Throws when SGP4 fails (a decayed orbit cannot be flown). */
  sampleAt(rotation: EarthRotation, out: OrbitSample): OrbitSample {
    const timeS = rotation.timeS;
    const state = sgp4(this.satrec, this.minutesSinceEpoch(timeS));
    if (state === null) throw new RangeError(`SGP4 fails at mission time ${timeS} s (error ${this.satrec.error})`);
    const { x, y, z } = state.position;
    const v = state.velocity;
    const radiusKm = Math.sqrt(x * x + y * y + z * z);
    // Orbit normal h = r x v and node direction n = z x h.
    const hx = y * v.z - z * v.y;
    const hy = z * v.x - x * v.z;
    const hz = x * v.y - y * v.x;
    const h = Math.sqrt(hx * hx + hy * hy + hz * hz);
    const nx = -hy;
    const ny = hx;
    const n = Math.sqrt(nx * nx + ny * ny);
    let u = n > 0 ? Math.atan2((z * h) / n, (x * nx + y * ny) / n) : Math.atan2(y, x);
    u -= TWO_PI * Math.floor(u / TWO_PI);

    const sun = sunDirectionAt(timeS, this.sun);
    const alongSunKm = x * sun.x + y * sun.y + z * sun.z;
    const sunlit = alongSunKm >= 0 || radiusKm * radiusKm - alongSunKm * alongSunKm >= EARTH_RADIUS_KM * EARTH_RADIUS_KM;
    const sinBeta = (sun.x * hx + sun.y * hy + sun.z * hz) / h;
    const cosBeta = Math.sqrt(Math.max(0, 1 - sinBeta * sinBeta));

    return fillOrbitSample(out, rotation, Math.floor(timeS / this.periodS), u, x, y, z, radiusKm, sunlit, cosBeta, alongSunKm / radiusKm);
  }
}
