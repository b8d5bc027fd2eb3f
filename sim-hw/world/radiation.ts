/**
 * The radiation environment along the ground track: the South Atlantic
 * Anomaly as an ellipse in latitude and longitude that multiplies the
 * single-event upset rate, a storm multiplier passed in by the caller (a
 * solar particle event scenario), and the mean total-dose rate.
 */

const SECONDS_PER_YEAR = 365.25 * 86_400;

export interface RadiationParams {
  readonly saaCenterLatDeg: number;
  readonly saaCenterLonDeg: number;
  /** Semi-axis of the SAA ellipse in latitude. */
  readonly saaSemiLatDeg: number;
  /** Semi-axis of the SAA ellipse in longitude. */
  readonly saaSemiLonDeg: number;
  /** Upset-rate factor inside the SAA (REFERENCE.md: 50-100x, grade U). */
  readonly saaMultiplier: number;
  /** Mean total ionising dose rate, orbit-averaged (REFERENCE.md, Trillium line: ~150 rad/yr shielded). */
  readonly doseRateRadPerYear: number;
}

export const DEFAULT_RADIATION_PARAMS: RadiationParams = {
  saaCenterLatDeg: -27,
  saaCenterLonDeg: -40,
  saaSemiLatDeg: 22,
  saaSemiLonDeg: 50,
  saaMultiplier: 75,
  doseRateRadPerYear: 150,
};

export function checkRadiationParams(params: RadiationParams): string[] {
  const problems: string[] = [];
  if (!(params.saaCenterLatDeg >= -90 && params.saaCenterLatDeg <= 90)) problems.push(`radiation saaCenterLatDeg ${params.saaCenterLatDeg} is not -90..90 deg`);
  if (!(params.saaCenterLonDeg >= -180 && params.saaCenterLonDeg <= 180))
    problems.push(`radiation saaCenterLonDeg ${params.saaCenterLonDeg} is not -180..180 deg`);
  if (!(params.saaSemiLatDeg > 0 && params.saaSemiLatDeg <= 90))
    problems.push(`radiation saaSemiLatDeg ${params.saaSemiLatDeg} is not 0..90 deg (exclusive of 0)`);
  if (!(params.saaSemiLonDeg > 0 && params.saaSemiLonDeg <= 180))
    problems.push(`radiation saaSemiLonDeg ${params.saaSemiLonDeg} is not 0..180 deg (exclusive of 0)`);
  if (!(params.saaMultiplier >= 1 && params.saaMultiplier <= 1000)) problems.push(`radiation saaMultiplier ${params.saaMultiplier} is not 1..1000`);
  if (!(params.doseRateRadPerYear >= 0 && params.doseRateRadPerYear <= 1e6))
    problems.push(`radiation doseRateRadPerYear ${params.doseRateRadPerYear} is not 0..1e6 rad/yr`);
  return problems;
}

/** Longitude difference wrapped to -180..180. */
export function wrapLonDeg(lonDeg: number): number {
  return lonDeg - 360 * Math.floor((lonDeg + 180) / 360);
}

/** Inside (or on) the SAA ellipse: (dLat / a)^2 + (dLon / b)^2 <= 1, dLon wrapped to -180..180. */
export function inSaa(params: RadiationParams, latDeg: number, lonDeg: number): boolean {
  const dLat = (latDeg - params.saaCenterLatDeg) / params.saaSemiLatDeg;
  const dLon = wrapLonDeg(lonDeg - params.saaCenterLonDeg) / params.saaSemiLonDeg;
  return dLat * dLat + dLon * dLon <= 1;
}

/** Factor on the background upset rate: saaMultiplier inside the SAA, 1 outside, times stormMultiplier. */
export function upsetRateMultiplier(params: RadiationParams, latDeg: number, lonDeg: number, stormMultiplier: number): number {
  return (inSaa(params, latDeg, lonDeg) ? params.saaMultiplier : 1) * stormMultiplier;
}

/** The orbit-averaged dose rate in rad per second. */
export function meanDoseRateRadPerS(params: RadiationParams): number {
  return params.doseRateRadPerYear / SECONDS_PER_YEAR;
}
