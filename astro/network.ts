/**
 * A ground-station network: the stations file (JSON, validated whole), the
 * default network of real polar and mid-latitude sites, and the antenna
 * rule that decides which spacecraft a station serves when more want it
 * than it has antennas.
 */

import { compileSchema, describeErrors } from '../protocol/schema.js';
import { checkStationParams, type StationParams } from './station.js';

export interface NetworkStation extends StationParams {
  /** Data rate to the spacecraft while in contact. */
  readonly uplinkBps: number;
  /** Data rate from the spacecraft while in contact. */
  readonly downlinkBps: number;
  /** Spacecraft the station serves at once (one per antenna). */
  readonly antennas: number;
}

/** The simulated link's rates (sim-hw/link/channel.ts DEFAULT_LINK_PARAMS), so that a network station links as the one default station does. */
const UPLINK_BPS = 32_000;
const DOWNLINK_BPS = 256_000;

const site = (name: string, latDeg: number, lonDeg: number, altitudeM: number, antennas = 1): NetworkStation => ({
  name,
  latDeg,
  lonDeg,
  altitudeM,
  minElevationDeg: 5,
  uplinkBps: UPLINK_BPS,
  downlinkBps: DOWNLINK_BPS,
  antennas,
});

/**
 * Real sites (coordinates rounded to 0.01 deg, U: public site descriptions),
 * polar first: they see a polar orbit on most orbits. Antennas: 2 at
 * Svalbard (the largest polar site), 1 elsewhere (U: a planning assumption,
 * each real site has more).
 */
export const DEFAULT_NETWORK: readonly NetworkStation[] = [
  site('Svalbard', 78.23, 15.41, 500, 2),
  site('Troll', -72.01, 2.53, 1270),
  site('Kiruna', 67.88, 21.07, 341),
  site('Fairbanks', 64.86, -147.85, 180),
  site('McMurdo', -77.84, 166.67, 100),
  site('Wallops', 37.94, -75.46, 10),
  site('Hartebeesthoek', -25.89, 27.69, 1543),
];

export const STATIONS_FILE_SCHEMA = {
  type: 'object',
  required: ['stations'],
  additionalProperties: false,
  properties: {
    stations: {
      type: 'array',
      minItems: 1,
      maxItems: 256,
      items: {
        type: 'object',
        required: ['name', 'latDeg', 'lonDeg', 'altitudeM', 'minElevationDeg', 'uplinkBps', 'downlinkBps', 'antennas'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 64 },
          latDeg: { type: 'number' },
          lonDeg: { type: 'number' },
          altitudeM: { type: 'number' },
          minElevationDeg: { type: 'number' },
          uplinkBps: { type: 'number' },
          downlinkBps: { type: 'number' },
          antennas: { type: 'integer' },
        },
      },
    },
  },
} as const;

const validateStationsFile = compileSchema(STATIONS_FILE_SCHEMA);

export function checkNetworkStation(station: NetworkStation): string[] {
  const problems = checkStationParams(station);
  const where = `station ${station.name}`;
  if (!(station.uplinkBps >= 1_000 && station.uplinkBps <= 1e9)) problems.push(`${where} uplinkBps ${station.uplinkBps} is not 1e3..1e9`);
  if (!(station.downlinkBps >= 1_000 && station.downlinkBps <= 1e10)) problems.push(`${where} downlinkBps ${station.downlinkBps} is not 1e3..1e10`);
  if (!(Number.isInteger(station.antennas) && station.antennas >= 1 && station.antennas <= 64))
    problems.push(`${where} antennas ${station.antennas} is not 1..64`);
  return problems;
}

export type NetworkResult = { readonly ok: true; readonly stations: readonly NetworkStation[] } | { readonly ok: false; readonly problems: readonly string[] };

/** A stations file's parsed JSON, checked whole: its shape, every station's ranges, names unique. */
export function parseNetwork(json: unknown, source = 'stations file'): NetworkResult {
  if (!validateStationsFile(json)) return { ok: false, problems: [describeErrors(validateStationsFile.errors, source)] };
  const stations = (json as { stations: NetworkStation[] }).stations;
  const problems = stations.flatMap((station, i) => checkNetworkStation(station).map((problem) => `${source} stations[${i}]: ${problem}`));
  const seen = new Set<string>();
  for (const station of stations) {
    if (seen.has(station.name)) problems.push(`${source}: station name ${station.name} is given twice`);
    seen.add(station.name);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, stations };
}

/** The text of a stations file, parsed and checked. */
export function parseNetworkText(text: string, source = 'stations file'): NetworkResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${source} is not JSON: ${(error as Error).message}`] };
  }
  return parseNetwork(json, source);
}

/** One spacecraft seeing one station at an instant, at or above the station's minimum elevation. */
export interface StationView {
  readonly spacecraft: number;
  readonly station: number;
  readonly elevationDeg: number;
}

/**
 * The antenna rule: which station serves each spacecraft at an instant.
 * Every view (a spacecraft above a station's minimum elevation) is taken in
 * order of elevation, highest first (ties: lower spacecraft index, then lower
 * station index); a view is granted when its spacecraft has no station yet
 * and its station has an antenna free. So each spacecraft has at most one
 * station, each station serves at most `antennas` spacecraft, and a
 * spacecraft crowded out of its best station falls back to its next one in
 * view. Returns, per spacecraft, the station index or -1.
 */
export function allocateAntennas(views: readonly StationView[], antennas: readonly number[], spacecraftCount: number): number[] {
  const granted = new Array<number>(spacecraftCount).fill(-1);
  const used = new Array<number>(antennas.length).fill(0);
  const order = [...views].sort((a, b) => b.elevationDeg - a.elevationDeg || a.spacecraft - b.spacecraft || a.station - b.station);
  for (const view of order) {
    if (granted[view.spacecraft] !== -1 || used[view.station]! >= antennas[view.station]!) continue;
    granted[view.spacecraft] = view.station;
    used[view.station]!++;
  }
  return granted;
}
