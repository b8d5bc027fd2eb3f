/**
 * A ground station on a spherical, rotating Earth: elevation and range to
 * the spacecraft, and contact windows (elevation above the station's
 * minimum) found by sampling and refined by bisection. Nothing is kept
 * between calls: a station's geometry (stationGeometry) lives with whoever
 * keeps the station (world.ts).
 */

import { EARTH_RADIUS_KM, createOrbitSample, earthRotationAt, orbitAt } from './orbit.js';
import type { EarthRotation, OrbitParams, Vector3Km } from './orbit.js';
import { CircularOrbit, type OrbitModel } from './orbit-model.js';

const DEG = Math.PI / 180;

export interface StationParams {
  readonly name: string;
  readonly latDeg: number;
  readonly lonDeg: number;
  /** Height above the spherical Earth's surface. */
  readonly altitudeM: number;
  /** Contact when the spacecraft is at or above this elevation. */
  readonly minElevationDeg: number;
}

/** KSAT's SvalSat, Platåberget, Svalbard. */
export const DEFAULT_STATION_PARAMS: StationParams = {
  name: 'Svalbard',
  latDeg: 78.23,
  lonDeg: 15.41,
  altitudeM: 500,
  minElevationDeg: 5,
};

export function checkStationParams(params: StationParams): string[] {
  const problems: string[] = [];
  if (!(typeof params.name === 'string' && params.name.length >= 1 && params.name.length <= 64))
    problems.push(`station name "${String(params.name)}" is not 1..64 characters`);
  if (!(params.latDeg >= -90 && params.latDeg <= 90)) problems.push(`station latDeg ${params.latDeg} is not -90..90 deg`);
  if (!(params.lonDeg >= -180 && params.lonDeg <= 360)) problems.push(`station lonDeg ${params.lonDeg} is not -180..360 deg`);
  if (!(params.altitudeM >= -500 && params.altitudeM <= 9000)) problems.push(`station altitudeM ${params.altitudeM} is not -500..9000 m`);
  if (!(params.minElevationDeg >= 0 && params.minElevationDeg <= 60)) problems.push(`station minElevationDeg ${params.minElevationDeg} is not 0..60 deg`);
  return problems;
}

export interface LookAngles {
  elevationDeg: number;
  rangeKm: number;
}

/**
 * Elevation and range from the station to a spacecraft at positionEciKm at
 * mission time timeS. Writes into `out` when given (no allocation).
 * Computes the station's geometry on each call: a caller that looks from one
 * station many times keeps it (stationGeometry) and calls lookAnglesFrom.
 */
export function lookAngles(
  positionEciKm: Readonly<Vector3Km>,
  station: StationParams,
  timeS: number,
  out: LookAngles = { elevationDeg: 0, rangeKm: 0 },
): LookAngles {
  return lookAnglesFrom(positionEciKm, stationGeometry(station), earthRotationAt(timeS), out);
}

/** Where a station is in the Earth-fixed frame: its local up (a unit vector) and its distance from the centre. */
export interface StationGeometry {
  readonly upX: number;
  readonly upY: number;
  readonly upZ: number;
  readonly radiusKm: number;
}

/** Computed once by whoever keeps the station (world.ts for the spacecraft, contactWindows for a search). */
export function stationGeometry(station: StationParams): StationGeometry {
  const cosLat = Math.cos(station.latDeg * DEG);
  return {
    upX: cosLat * Math.cos(station.lonDeg * DEG),
    upY: cosLat * Math.sin(station.lonDeg * DEG),
    upZ: Math.sin(station.latDeg * DEG),
    radiusKm: EARTH_RADIUS_KM + station.altitudeM / 1000,
  };
}

/** lookAngles from the station's geometry and the Earth's rotation at the instant. */
export function lookAnglesFrom(positionEciKm: Readonly<Vector3Km>, station: StationGeometry, rotation: EarthRotation, out: LookAngles): LookAngles {
  // Spacecraft in the Earth-fixed frame.
  const cosT = rotation.cos;
  const sinT = rotation.sin;
  const satX = cosT * positionEciKm.x + sinT * positionEciKm.y;
  const satY = -sinT * positionEciKm.x + cosT * positionEciKm.y;
  const satZ = positionEciKm.z;
  // Station unit vector (local up) in the Earth-fixed frame.
  const { upX, upY, upZ } = station;
  const stationRadiusKm = station.radiusKm;
  const dx = satX - stationRadiusKm * upX;
  const dy = satY - stationRadiusKm * upY;
  const dz = satZ - stationRadiusKm * upZ;
  const rangeKm = Math.sqrt(dx * dx + dy * dy + dz * dz);
  const sinEl = (dx * upX + dy * upY + dz * upZ) / rangeKm;
  out.elevationDeg = Math.asin(Math.max(-1, Math.min(1, sinEl))) / DEG;
  out.rangeKm = rangeKm;
  return out;
}

/** Look angles from the orbit at mission time timeS (allocates; per tick, use orbitAt + lookAngles with outs). */
export function stationLookAt(orbitParams: OrbitParams, station: StationParams, timeS: number, out?: LookAngles): LookAngles {
  return lookAngles(orbitAt(orbitParams, timeS).positionEciKm, station, timeS, out);
}

export function elevationDeg(orbitParams: OrbitParams, station: StationParams, timeS: number): number {
  return stationLookAt(orbitParams, station, timeS).elevationDeg;
}

export function rangeKm(orbitParams: OrbitParams, station: StationParams, timeS: number): number {
  return stationLookAt(orbitParams, station, timeS).rangeKm;
}

export interface ContactWindow {
  /** Acquisition of signal: elevation rises through the minimum (or fromS when already in contact). */
  readonly aosS: number;
  /** Loss of signal: elevation falls through the minimum (or toS when still in contact). */
  readonly losS: number;
  readonly maxElevationDeg: number;
}

/** Bisection stops below this interval: 1 ms, so the elevation at AOS/LOS is within ~0.001 deg of the minimum at LEO rates. */
export const CONTACT_TIME_TOLERANCE_S = 0.001;
/** Most elevation samples one contactWindows call may take (a bound, not a tuning knob). */
export const CONTACT_SAMPLES_MAX = 20_000_000;

/**
 * Contact windows in [fromS, toS]: elevation sampled every stepS, each
 * crossing of the minimum refined by bisection to CONTACT_TIME_TOLERANCE_S,
 * the maximum elevation refined by golden-section search around the highest
 * sample. Windows are clipped to [fromS, toS]. A pass that stays above the
 * minimum for less than about stepS between two samples can be missed.
 */
export function contactWindows(orbitParams: OrbitParams, station: StationParams, fromS: number, toS: number, stepS = 10): ContactWindow[] {
  return contactWindowsOf(new CircularOrbit(orbitParams), station, fromS, toS, stepS);
}

/** contactWindows for any orbit model (circular or TLE, orbit-model.ts). */
export function contactWindowsOf(model: OrbitModel, station: StationParams, fromS: number, toS: number, stepS = 10): ContactWindow[] {
  if (!(Number.isFinite(fromS) && Number.isFinite(toS))) throw new RangeError(`contact search ${fromS}..${toS} s is not finite`);
  if (!(stepS > 0)) throw new RangeError(`contact search step ${stepS} s is not > 0`);
  if (!(toS > fromS)) return [];
  const samples = Math.ceil((toS - fromS) / stepS);
  if (samples > CONTACT_SAMPLES_MAX)
    throw new RangeError(`contact search ${fromS}..${toS} s at ${stepS} s takes ${samples} samples, more than ${CONTACT_SAMPLES_MAX}`);

  const geometry = stationGeometry(station);
  const rotation = earthRotationAt(fromS);
  const sample = createOrbitSample();
  const look: LookAngles = { elevationDeg: 0, rangeKm: 0 };
  const margin = (timeS: number): number => {
    model.sampleAt(earthRotationAt(timeS, rotation), sample);
    return lookAnglesFrom(sample.positionEciKm, geometry, rotation, look).elevationDeg - station.minElevationDeg;
  };
  const windows: ContactWindow[] = [];
  let previousS = fromS;
  let previousMargin = margin(fromS);
  let aosS = previousMargin >= 0 ? fromS : Number.NaN;
  let bestS = fromS;
  let bestMargin = previousMargin;
  for (let i = 1; i <= samples; i++) {
    const timeS = i === samples ? toS : fromS + i * stepS;
    const m = margin(timeS);
    if (m >= 0 && previousMargin < 0) {
      aosS = crossing(margin, previousS, timeS);
      bestS = timeS;
      bestMargin = m;
    } else if (m >= 0 && m > bestMargin) {
      bestS = timeS;
      bestMargin = m;
    }
    if (m < 0 && previousMargin >= 0) {
      const losS = crossing(margin, timeS, previousS);
      windows.push({ aosS, losS, maxElevationDeg: peakMargin(margin, aosS, losS, bestS, stepS) + station.minElevationDeg });
      aosS = Number.NaN;
    }
    previousS = timeS;
    previousMargin = m;
  }
  if (previousMargin >= 0) windows.push({ aosS, losS: toS, maxElevationDeg: peakMargin(margin, aosS, toS, bestS, stepS) + station.minElevationDeg });
  return windows;
}

/**
 * The crossing time in (belowS, aboveS] or [aboveS, belowS), bisected to
 * CONTACT_TIME_TOLERANCE_S, where `margin` turns from negative to >= 0: the
 * contact and the eclipse searches.
 */
export function crossing(margin: (timeS: number) => number, belowS: number, aboveS: number): number {
  let low = belowS;
  let high = aboveS;
  while (Math.abs(high - low) > CONTACT_TIME_TOLERANCE_S) {
    const mid = (low + high) / 2;
    if (margin(mid) >= 0) high = mid;
    else low = mid;
  }
  return (low + high) / 2;
}

/** Golden-section search for the peak of a unimodal pass in [startS, endS], within widthS around the best sample. */
function peakMargin(margin: (timeS: number) => number, startS: number, endS: number, aroundS: number, widthS: number): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = Math.max(startS, aroundS - widthS);
  let b = Math.min(endS, aroundS + widthS);
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = margin(c);
  let fd = margin(d);
  while (b - a > CONTACT_TIME_TOLERANCE_S) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = margin(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = margin(d);
    }
  }
  return Math.max(fc, fd, margin(aroundS), margin(startS), margin(endS));
}
