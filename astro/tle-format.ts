/**
 * Writes a two-line element set from mean elements (no drag terms), with
 * checksums: how a generator or a test states an orbit for SGP4. The epoch
 * is a mission time, so a TLE made for a mission has its epoch at the
 * mission's start (no propagation across years).
 */

import { tleChecksum, type TleParams } from './tle.js';

export interface TleMeanElements {
  /** NORAD catalogue number, 0..99999. */
  readonly catalogNumber: number;
  /** The epoch as a mission time (seconds since 2026-01-01T00:00:00Z), within the year 2026. */
  readonly epochS: number;
  readonly inclinationDeg: number;
  readonly raanDeg: number;
  /** 0 <= e < 1. */
  readonly eccentricity: number;
  readonly argumentOfPerigeeDeg: number;
  readonly meanAnomalyDeg: number;
  readonly meanMotionRevPerDay: number;
}

const wrap360 = (deg: number): number => ((deg % 360) + 360) % 360;
const field = (value: number, width: number, digits: number): string => value.toFixed(digits).padStart(width, ' ');

/** Lines 1 and 2 with checksums; the epoch 2026-01-01T00:00Z is day 1.0 of year 26. */
export function formatTle(e: TleMeanElements): TleParams {
  if (!(Number.isInteger(e.catalogNumber) && e.catalogNumber >= 0 && e.catalogNumber <= 99_999))
    throw new RangeError(`catalog number ${e.catalogNumber} is not 0..99999`);
  if (!(e.epochS >= 0 && e.epochS < 365 * 86_400)) throw new RangeError(`TLE epoch ${e.epochS} s is not within 2026`);
  if (!(e.eccentricity >= 0 && e.eccentricity < 1)) throw new RangeError(`eccentricity ${e.eccentricity} is not 0..1`);
  if (!(e.inclinationDeg >= 0 && e.inclinationDeg <= 180)) throw new RangeError(`inclination ${e.inclinationDeg} deg is not 0..180`);
  if (!(e.meanMotionRevPerDay > 0 && e.meanMotionRevPerDay < 100)) throw new RangeError(`mean motion ${e.meanMotionRevPerDay} rev/day is not 0..100`);
  const satnum = String(e.catalogNumber).padStart(5, '0');
  const dayOfYear = 1 + e.epochS / 86_400;
  const body1 = `1 ${satnum}U 26001A   26${dayOfYear.toFixed(8).padStart(12, '0')}  .00000000  00000-0  00000-0 0  999`;
  const ecc = Math.round(e.eccentricity * 1e7)
    .toString()
    .padStart(7, '0');
  const body2 = `2 ${satnum} ${field(e.inclinationDeg, 8, 4)} ${field(wrap360(e.raanDeg), 8, 4)} ${ecc} ${field(wrap360(e.argumentOfPerigeeDeg), 8, 4)} ${field(wrap360(e.meanAnomalyDeg), 8, 4)} ${field(e.meanMotionRevPerDay, 11, 8)}    1`;
  return { line1: `${body1}${tleChecksum(body1)}`, line2: `${body2}${tleChecksum(body2)}` };
}
