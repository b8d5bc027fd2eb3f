/**
 * A circular orbit in an Earth-centred inertial (ECI) frame, with the sun
 * placed so that the beta angle is exactly the configured one, a cylindrical
 * Earth shadow and a rotating Earth for the ground track. Analytic in time:
 * orbitAt(params, timeS) needs no state, so any instant can be evaluated
 * directly (see README.md for the geometry). Nothing is kept between calls:
 * the constants of a parameter set (orbitConstants) live with whoever keeps
 * the parameters (world.ts).
 */

/** Equatorial Earth radius (REFERENCE.md). */
export const EARTH_RADIUS_KM = 6378.137;
/** Earth's gravitational parameter (REFERENCE.md). */
export const EARTH_MU_KM3_S2 = 398600.4418;
/** Earth's sidereal rotation rate. */
export const EARTH_ROTATION_RAD_S = 7.2921159e-5;
/** Julian date of the mission epoch 2026-01-01T00:00:00Z (protocol/time-code.ts MISSION_EPOCH_ISO). */
export const MISSION_EPOCH_JD = 2461041.5;
/** Greenwich mean sidereal angle at the mission epoch: 280.46061837 + 360.98564736629 * (JD - 2451545.0), in 0..360. */
export const GMST_AT_EPOCH_DEG = (((280.46061837 + 360.98564736629 * (MISSION_EPOCH_JD - 2451545.0)) % 360) + 360) % 360;

const DEG = Math.PI / 180;
const TWO_PI = 2 * Math.PI;
const GMST_AT_EPOCH_RAD = GMST_AT_EPOCH_DEG * DEG;

export interface OrbitParams {
  /** Height above the equatorial radius (circular orbit). */
  readonly altitudeKm: number;
  /** Angle between the sun direction and the orbit plane; positive on the orbit-normal side. */
  readonly betaDeg: number;
  readonly inclinationDeg: number;
  /** Right ascension of the ascending node in the inertial frame. */
  readonly raanDeg: number;
  /** In-plane phase of the sun's projection, from the ascending node towards the direction of motion. */
  readonly sunPhaseDeg: number;
  /** Argument of latitude at mission time 0. */
  readonly u0Deg: number;
}

export const DEFAULT_ORBIT_PARAMS: OrbitParams = {
  altitudeKm: 550,
  betaDeg: 0,
  inclinationDeg: 97.6,
  raanDeg: 0,
  sunPhaseDeg: 0,
  u0Deg: 0,
};

export function checkOrbitParams(params: OrbitParams): string[] {
  const problems: string[] = [];
  if (!(params.altitudeKm >= 100 && params.altitudeKm <= 50_000)) problems.push(`orbit altitudeKm ${params.altitudeKm} is not 100..50000 km`);
  if (!(params.betaDeg >= -90 && params.betaDeg <= 90)) problems.push(`orbit betaDeg ${params.betaDeg} is not -90..90 deg`);
  if (!(params.inclinationDeg >= 0 && params.inclinationDeg <= 180)) problems.push(`orbit inclinationDeg ${params.inclinationDeg} is not 0..180 deg`);
  if (!(params.raanDeg >= -360 && params.raanDeg <= 360)) problems.push(`orbit raanDeg ${params.raanDeg} is not -360..360 deg`);
  if (!(params.sunPhaseDeg >= -360 && params.sunPhaseDeg <= 360)) problems.push(`orbit sunPhaseDeg ${params.sunPhaseDeg} is not -360..360 deg`);
  if (!(params.u0Deg >= -360 && params.u0Deg <= 360)) problems.push(`orbit u0Deg ${params.u0Deg} is not -360..360 deg`);
  return problems;
}

export function orbitRadiusKm(params: OrbitParams): number {
  return EARTH_RADIUS_KM + params.altitudeKm;
}

/** T = 2 pi sqrt(a^3 / mu). */
export function orbitPeriodS(params: OrbitParams): number {
  const radiusKm = orbitRadiusKm(params);
  return TWO_PI * Math.sqrt((radiusKm * radiusKm * radiusKm) / EARTH_MU_KM3_S2);
}

/** beta* = asin(R / (R + h)): no eclipse when |beta| >= beta*. */
export function criticalBetaDeg(params: OrbitParams): number {
  return Math.asin(EARTH_RADIUS_KM / orbitRadiusKm(params)) / DEG;
}

/** Half the shadow arc, in argument of latitude: acos(sqrt(h^2 + 2 R h) / ((R + h) cos beta)), 0 when there is no eclipse. */
export function shadowHalfAngleRad(params: OrbitParams): number {
  const radiusKm = orbitRadiusKm(params);
  const h = params.altitudeKm;
  const cosBeta = Math.cos(params.betaDeg * DEG);
  const ratio = Math.sqrt(h * h + 2 * EARTH_RADIUS_KM * h) / (radiusKm * cosBeta);
  return ratio >= 1 || !(cosBeta > 0) ? 0 : Math.acos(ratio);
}

/** Fraction of the orbit in the cylindrical shadow (REFERENCE.md): half-angle / pi. */
export function eclipseFraction(params: OrbitParams): number {
  return shadowHalfAngleRad(params) / Math.PI;
}

export function eclipseDurationS(params: OrbitParams): number {
  return eclipseFraction(params) * orbitPeriodS(params);
}

export interface Vector3Km {
  x: number;
  y: number;
  z: number;
}

/** One instant of the orbit. Plain data; orbitAt fills it in place when given one. */
export interface OrbitSample {
  /** Completed orbits since mission time 0: floor(timeS / period). */
  orbitNumber: number;
  /** In 0..2 pi. */
  argumentOfLatitudeRad: number;
  readonly positionEciKm: Vector3Km;
  /** Outside the cylindrical Earth shadow. */
  sunlit: boolean;
  /** Sun on a single-axis tracking array whose axis is the orbit normal: cos(beta) in sunlight, 0 in shadow. */
  sunIncidenceCos: number;
  /** Cosine of the angle between the position vector and the sun direction (1 over the sub-solar point), for albedo. */
  earthSunCos: number;
  /** Sub-satellite point on a spherical Earth. */
  subLatDeg: number;
  /** In -180..180. */
  subLonDeg: number;
}

export type OrbitState = OrbitSample;

export function createOrbitSample(): OrbitSample {
  return {
    orbitNumber: 0,
    argumentOfLatitudeRad: 0,
    positionEciKm: { x: 0, y: 0, z: 0 },
    sunlit: true,
    sunIncidenceCos: 0,
    earthSunCos: 0,
    subLatDeg: 0,
    subLonDeg: 0,
  };
}

/** The orbit at mission time 0 (the model has no other state: see stepOrbit). */
export function createOrbitState(params: OrbitParams): OrbitState {
  return orbitAt(params, 0, createOrbitSample());
}

/** Moves the orbit state to mission time timeS (analytic, so any time step is exact). */
export function stepOrbit(state: OrbitState, params: OrbitParams, timeS: number): OrbitState {
  return orbitAt(params, timeS, state);
}

/** Greenwich sidereal angle at mission time timeS, in radians (not wrapped). */
export function greenwichAngleRad(timeS: number): number {
  return GMST_AT_EPOCH_RAD + EARTH_ROTATION_RAD_S * timeS;
}

/** Unit sun direction in the inertial frame: cos(beta) (cos(phi) n_node + sin(phi) n_perp) + sin(beta) n_normal. */
export function sunDirectionEci(params: OrbitParams, out: Vector3Km = { x: 0, y: 0, z: 0 }): Vector3Km {
  const cosI = Math.cos(params.inclinationDeg * DEG);
  const sinI = Math.sin(params.inclinationDeg * DEG);
  const cosO = Math.cos(params.raanDeg * DEG);
  const sinO = Math.sin(params.raanDeg * DEG);
  const cosB = Math.cos(params.betaDeg * DEG);
  const sinB = Math.sin(params.betaDeg * DEG);
  const a = cosB * Math.cos(params.sunPhaseDeg * DEG);
  const b = cosB * Math.sin(params.sunPhaseDeg * DEG);
  // n_node = (cosO, sinO, 0); n_perp = (-cosI sinO, cosI cosO, sinI); n_normal = (sinI sinO, -sinI cosO, cosI).
  out.x = a * cosO - b * cosI * sinO + sinB * sinI * sinO;
  out.y = a * sinO + b * cosI * cosO - sinB * sinI * cosO;
  out.z = b * sinI + sinB * cosI;
  return out;
}

/**
 * The orbit at mission time timeS. Writes into `out` when given (no
 * allocation), else into a new sample. Shadow is the physical cylinder test
 * on the position vector; nextEclipses gives the same intervals analytically.
 * Computes the parameters' constants on each call: a caller that samples one
 * orbit many times keeps them (orbitConstants) and calls orbitSampleAt.
 */
export function orbitAt(params: OrbitParams, timeS: number, out: OrbitSample = createOrbitSample()): OrbitSample {
  return orbitSampleAt(orbitConstants(params), earthRotationAt(timeS), out);
}

/** orbitAt from the parameters' constants and the Earth's rotation at the instant (rotation.timeS). */
export function orbitSampleAt(c: OrbitConstants, rotation: EarthRotation, out: OrbitSample): OrbitSample {
  const timeS = rotation.timeS;
  const radiusKm = c.radiusKm;
  const periodS = c.periodS;
  const cycles = timeS / periodS;
  const orbitNumber = Math.floor(cycles);
  let u = c.u0Rad + TWO_PI * (cycles - orbitNumber);
  u -= TWO_PI * Math.floor(u / TWO_PI);

  const cosI = c.cosI;
  const sinI = c.sinI;
  const cosO = c.cosO;
  const sinO = c.sinO;
  const cosU = Math.cos(u);
  const sinU = Math.sin(u);
  // r = a (cos u n_node + sin u n_perp)
  const x = radiusKm * (cosU * cosO - sinU * cosI * sinO);
  const y = radiusKm * (cosU * sinO + sinU * cosI * cosO);
  const z = radiusKm * sinU * sinI;

  // In orbit-plane coordinates the sun is (cos b cos phi, cos b sin phi, sin b) and r / a is (cos u, sin u, 0).
  const cosB = c.cosB;
  const earthSunCos = cosB * (cosU * c.cosPhi + sinU * c.sinPhi);
  const alongSunKm = radiusKm * earthSunCos;
  const sunlit = alongSunKm >= 0 || radiusKm * radiusKm - alongSunKm * alongSunKm >= EARTH_RADIUS_KM * EARTH_RADIUS_KM;

  return fillOrbitSample(out, rotation, orbitNumber, u, x, y, z, radiusKm, sunlit, cosB, earthSunCos);
}

/**
 * An orbit sample from the position (ECI, km) and the sun of the instant, with
 * the sub-satellite point in the Earth-fixed frame of `rotation`: one place
 * for every orbit model (circular here, SGP4 in tle.ts). `incidenceCos` is the
 * array's sun incidence in sunlight (0 in eclipse).
 */
export function fillOrbitSample(
  out: OrbitSample,
  rotation: EarthRotation,
  orbitNumber: number,
  argumentOfLatitudeRad: number,
  x: number,
  y: number,
  z: number,
  radiusKm: number,
  sunlit: boolean,
  incidenceCos: number,
  earthSunCos: number,
): OrbitSample {
  const xEcef = rotation.cos * x + rotation.sin * y;
  const yEcef = -rotation.sin * x + rotation.cos * y;
  out.orbitNumber = orbitNumber;
  out.argumentOfLatitudeRad = argumentOfLatitudeRad;
  out.positionEciKm.x = x;
  out.positionEciKm.y = y;
  out.positionEciKm.z = z;
  out.sunlit = sunlit;
  out.sunIncidenceCos = sunlit ? incidenceCos : 0;
  out.earthSunCos = earthSunCos;
  out.subLatDeg = Math.asin(Math.max(-1, Math.min(1, z / radiusKm))) / DEG;
  out.subLonDeg = Math.atan2(yEcef, xEcef) / DEG;
  return out;
}

/**
 * The parts of orbitAt that depend on the parameters only. Whoever keeps the
 * parameters computes them once (world.ts for the spacecraft, contactWindows
 * for a search).
 */
export interface OrbitConstants {
  readonly radiusKm: number;
  readonly periodS: number;
  readonly u0Rad: number;
  readonly cosI: number;
  readonly sinI: number;
  readonly cosO: number;
  readonly sinO: number;
  readonly cosB: number;
  readonly cosPhi: number;
  readonly sinPhi: number;
}

export function orbitConstants(params: OrbitParams): OrbitConstants {
  const radiusKm = orbitRadiusKm(params);
  const phi = params.sunPhaseDeg * DEG;
  return {
    radiusKm,
    periodS: TWO_PI * Math.sqrt((radiusKm * radiusKm * radiusKm) / EARTH_MU_KM3_S2),
    u0Rad: params.u0Deg * DEG,
    cosI: Math.cos(params.inclinationDeg * DEG),
    sinI: Math.sin(params.inclinationDeg * DEG),
    cosO: Math.cos(params.raanDeg * DEG),
    sinO: Math.sin(params.raanDeg * DEG),
    cosB: Math.cos(params.betaDeg * DEG),
    cosPhi: Math.cos(phi),
    sinPhi: Math.sin(phi),
  };
}

/** The Earth's rotation at one instant: cos and sin of the Greenwich angle (the orbit sample and the station's look angles both use it). */
export interface EarthRotation {
  timeS: number;
  cos: number;
  sin: number;
}

/** The Earth's rotation at timeS, into `out` when given (no allocation). */
export function earthRotationAt(timeS: number, out: EarthRotation = { timeS: Number.NaN, cos: Number.NaN, sin: Number.NaN }): EarthRotation {
  const theta = greenwichAngleRad(timeS);
  out.timeS = timeS;
  out.cos = Math.cos(theta);
  out.sin = Math.sin(theta);
  return out;
}

/** Rotates an inertial position into the Earth-fixed frame at mission time timeS. */
export function eciToEcefKm(positionEciKm: Readonly<Vector3Km>, timeS: number, out: Vector3Km = { x: 0, y: 0, z: 0 }): Vector3Km {
  const theta = greenwichAngleRad(timeS);
  const cosT = Math.cos(theta);
  const sinT = Math.sin(theta);
  const { x, y, z } = positionEciKm;
  out.x = cosT * x + sinT * y;
  out.y = -sinT * x + cosT * y;
  out.z = z;
  return out;
}

export interface EclipseWindow {
  readonly entryS: number;
  readonly exitS: number;
}

/**
 * The next `count` eclipses whose exit is after fromS (an eclipse in progress
 * at fromS comes first, with its entry before fromS), from the shadow
 * half-angle: entry at u = phi + pi - half, exit at u = phi + pi + half.
 * Empty when |beta| >= beta*.
 */
export function nextEclipses(params: OrbitParams, fromS: number, count: number): EclipseWindow[] {
  if (!(Number.isInteger(count) && count >= 0)) throw new RangeError(`eclipse count ${count} is not a non-negative integer`);
  if (!Number.isFinite(fromS)) throw new RangeError(`fromS ${fromS} is not finite`);
  const half = shadowHalfAngleRad(params);
  if (!(half > 0) || count === 0) return [];
  const periodS = orbitPeriodS(params);
  const durationS = (2 * half * periodS) / TWO_PI;
  let entryU = params.sunPhaseDeg * DEG + Math.PI - half - params.u0Deg * DEG;
  entryU -= TWO_PI * Math.floor(entryU / TWO_PI);
  const firstEntryS = (entryU / TWO_PI) * periodS;
  const first = Math.floor((fromS - firstEntryS - durationS) / periodS) + 1;
  const windows: EclipseWindow[] = [];
  for (let k = first; windows.length < count; k++) {
    const entryS = firstEntryS + k * periodS;
    windows.push({ entryS, exitS: entryS + durationS });
  }
  return windows;
}
