/**
 * The spacecraft the mission flies: the simulator's defaults (REFERENCE
 * rates of upsets, the Svalbard station, a lossy link) with the orbit from
 * the options, and the orbit's node placed so that every one of the first
 * three orbits crosses the South Atlantic Anomaly and passes over the
 * station.
 *
 * Why RAAN -72 deg: with RAAN 0 the ground track of orbits 0-2 misses the
 * SAA (its passes fall on orbits 3-6 and 10-13, sim-hw/world/README.md).
 * The track moves about 24 deg west per orbit, so moving the node 72 deg
 * west gives orbits 0, 1 and 2 the tracks of orbits 3, 4 and 5. At 550 km,
 * beta 0 (sampled at 5 s with the world model, `test/mission/run-config.test.ts`):
 * SAA passes of about 580, 700 and 650 s in orbits 0, 1 and 2 (the first in
 * eclipse), and one Svalbard contact of about 9.5 min per orbit, at about
 * 1330, 7030 and 12710 s. The sun is placed by beta, not by RAAN
 * (sim-hw/world/README.md), so power and eclipses do not change.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ORBIT_PARAMS, spacecraftConfig, type SpacecraftConfig } from '../../sim-hw/index.js';

export const MISSION_RAAN_DEG = -72;

export interface MissionWorld {
  readonly altitudeKm: number;
  readonly betaDeg: number;
  readonly seed: number;
}

export function missionConfig(world: MissionWorld): SpacecraftConfig {
  return spacecraftConfig({
    seed: world.seed,
    orbit: { ...DEFAULT_ORBIT_PARAMS, altitudeKm: world.altitudeKm, betaDeg: world.betaDeg, raanDeg: MISSION_RAAN_DEG },
  });
}

const here = dirname(fileURLToPath(import.meta.url));

/** A file shipped beside the runner's sources (found from the sources or from dist/). */
export function shippedFile(name: string): string {
  const candidates = [join(here, name), join(here, '..', '..', '..', 'mission', 'run', name)];
  return candidates.find((path) => existsSync(path)) ?? candidates[0]!;
}

export const DEFAULT_WORKLOAD_FILE = 'default-workload.json';
export const DEFAULT_SCENARIO_FILE = 'default-scenario.json';
