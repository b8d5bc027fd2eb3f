/**
 * Where the sun is on a date: the unit vector from the Earth's centre to the
 * sun in the inertial frame, from the low-precision solar ephemeris of the
 * Astronomical Almanac as Vallado gives it (satellite.js `sunPos`: mean
 * longitude and anomaly, ecliptic longitude with two equation-of-centre
 * terms, obliquity of date; 0.01 deg, valid 1950..2050). Used by the TLE
 * orbit model, whose sun follows the date; the circular model places the sun
 * by its beta angle instead (orbit.ts).
 */

import { sunPos } from 'satellite.js';
import { MISSION_EPOCH_JD, type Vector3Km } from './orbit.js';

const SECONDS_PER_DAY = 86_400;

/** Julian date of mission time timeS (seconds since 2026-01-01T00:00:00Z, no leap seconds inside a mission). */
export function julianDateAt(timeS: number): number {
  return MISSION_EPOCH_JD + timeS / SECONDS_PER_DAY;
}

/** Unit sun direction at mission time timeS, into `out` when given. */
export function sunDirectionAt(timeS: number, out: Vector3Km = { x: 0, y: 0, z: 0 }): Vector3Km {
  const { rsun } = sunPos(julianDateAt(timeS));
  const norm = Math.sqrt(rsun.x * rsun.x + rsun.y * rsun.y + rsun.z * rsun.z);
  out.x = rsun.x / norm;
  out.y = rsun.y / norm;
  out.z = rsun.z / norm;
  return out;
}
