/**
 * Fleet generators: `cluster:N`, a Suncatcher-like formation of N spacecraft
 * within about 1 km in a dawn-dusk sun-synchronous orbit near 650 km, and
 * `walker:PLANES/PER_PLANE`, a Walker delta constellation. Both give
 * elements of the circular model with every member's beta angle and sun
 * phase taken from one sun (the sun of the start date, sun.ts), so the
 * members share a sky. A spec string resolves to a generated or a file
 * fleet (resolveFleetSpec).
 */

import { SPACECRAFT_ID_MAX } from '../protocol/frames/link-config.js';
import { checkFleet, type FleetMember, type FleetResult, parseFleetText } from './fleet.js';
import { EARTH_RADIUS_KM, EARTH_MU_KM3_S2, type OrbitParams, type Vector3Km } from './orbit.js';
import { sunDirectionAt } from './sun.js';

const DEG = Math.PI / 180;
/** Earth's J2 (EGM-96, as WGS-84 uses). */
export const EARTH_J2 = 1.08262668e-3;
/** The mean sun's motion, 360 deg per tropical year: the nodal rate of a sun-synchronous orbit. */
const SUN_SYNCHRONOUS_RATE_RAD_S = (2 * Math.PI) / (365.2422 * 86_400);

/** cos i = -dOmega/dt / (1.5 n J2 (R / a)^2) for a circular orbit. */
export function sunSynchronousInclinationDeg(altitudeKm: number): number {
  const a = EARTH_RADIUS_KM + altitudeKm;
  const n = Math.sqrt(EARTH_MU_KM3_S2 / (a * a * a));
  const cosI = -SUN_SYNCHRONOUS_RATE_RAD_S / (1.5 * n * EARTH_J2 * (EARTH_RADIUS_KM / a) ** 2);
  return Math.acos(cosI) / DEG;
}

/** Elements of a plane (altitude, inclination, RAAN, phase) with beta and sun phase from the inertial sun direction. */
export function elementsUnderSun(
  plane: { readonly altitudeKm: number; readonly inclinationDeg: number; readonly raanDeg: number; readonly u0Deg: number },
  sun: Readonly<Vector3Km>,
): OrbitParams {
  const cosI = Math.cos(plane.inclinationDeg * DEG);
  const sinI = Math.sin(plane.inclinationDeg * DEG);
  const cosO = Math.cos(plane.raanDeg * DEG);
  const sinO = Math.sin(plane.raanDeg * DEG);
  const alongNode = sun.x * cosO + sun.y * sinO;
  const alongPerp = -sun.x * cosI * sinO + sun.y * cosI * cosO + sun.z * sinI;
  const alongNormal = sun.x * sinI * sinO - sun.y * sinI * cosO + sun.z * cosI;
  return {
    altitudeKm: plane.altitudeKm,
    inclinationDeg: plane.inclinationDeg,
    raanDeg: plane.raanDeg,
    u0Deg: plane.u0Deg,
    betaDeg: Math.asin(Math.max(-1, Math.min(1, alongNormal))) / DEG,
    sunPhaseDeg: Math.atan2(alongPerp, alongNode) / DEG,
  };
}

export const CLUSTER_ALTITUDE_KM = 650;
/** Across-track side of the grid; along track it is longer by the rows' stagger (1/side of a column each): the widest separation is under 1 km. */
export const CLUSTER_SIDE_KM = 0.66;
const wrap = (deg: number) => ((((deg + 180) % 360) + 360) % 360) - 180;

/**
 * N spacecraft on a grid ceil(sqrt N) wide, 0.66 km a side, in one
 * dawn-dusk sun-synchronous orbit at 650 km: columns apart along track
 * (argument of latitude), rows apart across track (RAAN, the separation
 * widest at the equator and shrinking to nothing over the poles), each row
 * staggered along track so that no two members meet where the rows cross.
 * Every member has the same radius, so none drifts along track. The node is
 * at 6 pm local time (RAAN = sun's right ascension + 90 deg) at startS.
 * The circular model has no eccentricity, so the radial separation a real
 * formation flies (e/i-vector separation) is not expressible: over the poles
 * the closest members are one stagger apart (about 9 m for 81).
 */
export function clusterFleet(count: number, startS = 0): FleetMember[] {
  if (!(Number.isInteger(count) && count >= 1 && count <= SPACECRAFT_ID_MAX)) throw new RangeError(`cluster size ${count} is not 1..${SPACECRAFT_ID_MAX}`);
  const sun = sunDirectionAt(startS);
  const inclinationDeg = sunSynchronousInclinationDeg(CLUSTER_ALTITUDE_KM);
  const raanDeg = wrap(Math.atan2(sun.y, sun.x) / DEG + 90);
  const radiusKm = EARTH_RADIUS_KM + CLUSTER_ALTITUDE_KM;
  const side = Math.ceil(Math.sqrt(count));
  const spacingKm = side > 1 ? CLUSTER_SIDE_KM / (side - 1) : 0;
  const width = String(count).length;
  return Array.from({ length: count }, (_, i) => {
    // Each row staggered along track by 1/side of a column: the rows cross over the poles, where they are apart along track only.
    const alongKm = ((i % side) - (side - 1) / 2 + (Math.floor(i / side) - (side - 1) / 2) / side) * spacingKm;
    const acrossKm = (Math.floor(i / side) - (side - 1) / 2) * spacingKm;
    // Same radius, small dOmega and du: dr = a ((du + dOmega cos i) along + (-dOmega sin i cos u) across), so the
    // RAAN offset gives the across-track separation (widest at the equator) and du takes back its along-track part.
    const dRaanRad = acrossKm / (radiusKm * Math.sin(inclinationDeg * DEG));
    const plane = {
      altitudeKm: CLUSTER_ALTITUDE_KM,
      inclinationDeg,
      raanDeg: raanDeg + dRaanRad / DEG,
      u0Deg: (alongKm / radiusKm - dRaanRad * Math.cos(inclinationDeg * DEG)) / DEG,
    };
    return { name: `cluster-${String(i + 1).padStart(width, '0')}`, spacecraftId: i + 1, orbit: { elements: elementsUnderSun(plane, sun) }, overrides: {} };
  });
}

export const WALKER_ALTITUDE_KM = 550;
export const WALKER_INCLINATION_DEG = 53;

/**
 * A Walker delta constellation i: T/P/F with T = planes x perPlane, F = 1,
 * 550 km, 53 deg: plane p at RAAN 360 p / P, member s at argument of
 * latitude 360 s / S + 360 F p / T.
 */
export function walkerFleet(planes: number, perPlane: number, startS = 0): FleetMember[] {
  const total = planes * perPlane;
  if (!(Number.isInteger(planes) && planes >= 1 && Number.isInteger(perPlane) && perPlane >= 1 && total <= SPACECRAFT_ID_MAX))
    throw new RangeError(`walker ${planes}/${perPlane} is not whole planes and members, at most ${SPACECRAFT_ID_MAX} in all`);
  const sun = sunDirectionAt(startS);
  const fleet: FleetMember[] = [];
  for (let p = 0; p < planes; p++) {
    for (let s = 0; s < perPlane; s++) {
      const plane = {
        altitudeKm: WALKER_ALTITUDE_KM,
        inclinationDeg: WALKER_INCLINATION_DEG,
        raanDeg: wrap((360 * p) / planes),
        u0Deg: wrap((360 * s) / perPlane + (360 * p) / total),
      };
      fleet.push({ name: `walker-${p + 1}-${s + 1}`, spacecraftId: fleet.length + 1, orbit: { elements: elementsUnderSun(plane, sun) }, overrides: {} });
    }
  }
  return fleet;
}

/**
 * A fleet spec: `cluster:N`, `walker:PLANES/PER_PLANE`, or the path of a
 * fleet file (read with readText, so this layer does no I/O of its own).
 */
export function resolveFleetSpec(spec: string, readText: (path: string) => string, startS = 0): FleetResult {
  const cluster = /^cluster:(\d+)$/.exec(spec);
  if (cluster) {
    const count = Number(cluster[1]);
    if (!(count >= 1 && count <= SPACECRAFT_ID_MAX)) return { ok: false, problems: [`fleet ${spec}: the cluster size is not 1..${SPACECRAFT_ID_MAX}`] };
    return checkFleet(clusterFleet(count, startS), spec);
  }
  const walker = /^walker:(\d+)\/(\d+)$/.exec(spec);
  if (walker) {
    const planes = Number(walker[1]);
    const perPlane = Number(walker[2]);
    if (!(planes >= 1 && perPlane >= 1 && planes * perPlane <= SPACECRAFT_ID_MAX))
      return { ok: false, problems: [`fleet ${spec}: planes and members per plane must be >= 1 and at most ${SPACECRAFT_ID_MAX} in all`] };
    return checkFleet(walkerFleet(planes, perPlane, startS), spec);
  }
  if (/^(cluster|walker):/.test(spec)) return { ok: false, problems: [`fleet ${spec}: write cluster:N or walker:PLANES/PER_PLANE`] };
  let text: string;
  try {
    text = readText(spec);
  } catch (error) {
    return { ok: false, problems: [`fleet file ${spec} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`] };
  }
  return parseFleetText(text, spec);
}
