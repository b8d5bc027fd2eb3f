/**
 * `sim-hw serve --fleet SPEC --sc NAME [--stations FILE]`: the simulator
 * flies one member of a fleet, configured and seeded exactly as `npx
 * mission --fleet SPEC` flies it (../fleet/member.ts): the base of the
 * other options (start time, link, loss) with the member's orbit, the
 * station network (the default network unless --stations) and its
 * overrides, its seed drawn from --seed as the fleet run draws it. What
 * the fleet decides (the orbit, the stations) cannot be given as well, and
 * --sc or --stations without --fleet mean nothing: each refused in one line.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_NETWORK, type NetworkStation, parseNetworkText } from '../../astro/network.js';
import type { SpacecraftConfig } from '../config.js';
import type { FleetSpacecraft } from '../fleet/fleet-configs.js';
import { fleetMember, memberNames } from '../fleet/member.js';
import { loadFleet } from '../fleet/fleet-configs.js';
import { UsageError } from './options.js';

/** The options the fleet decides for each member: refused with --fleet. */
export const FLEET_ORBIT_OPTIONS = ['altitude-km', 'beta-deg', 'inclination-deg', 'station'] as const;

export interface FleetServeValues {
  readonly fleet?: string | undefined;
  readonly sc?: string | undefined;
  readonly stations?: string | undefined;
  readonly 'altitude-km'?: string | undefined;
  readonly 'beta-deg'?: string | undefined;
  readonly 'inclination-deg'?: string | undefined;
  readonly station?: string | undefined;
}

/** The fleet's options checked together: null without --fleet; the spec and the member's name with it. */
export function fleetRequest(values: FleetServeValues): { readonly spec: string; readonly name: string; readonly stationsFile: string | undefined } | null {
  if (values.fleet === undefined) {
    if (values.sc !== undefined) throw new UsageError(`--sc ${values.sc} names a member of a fleet: give the fleet with --fleet SPEC`);
    if (values.stations !== undefined)
      throw new UsageError('--stations is the network of a fleet: give the fleet with --fleet SPEC (alone, --station LAT,LON)');
    return null;
  }
  if (values.fleet.trim() === '') throw new UsageError('--fleet needs a spec: a fleet file, cluster:N or walker:PLANES/PER_PLANE');
  const fixed = FLEET_ORBIT_OPTIONS.find((option) => values[option] !== undefined);
  if (fixed)
    throw new UsageError(`--${fixed} is not for a fleet: each spacecraft's orbit comes from the fleet spec and its stations from the network (--stations)`);
  if (values.sc === undefined) {
    const loaded = loadFleet(values.fleet);
    const names = loaded.ok ? `: ${memberNames(loaded.fleet)}` : '';
    throw new UsageError(`--fleet needs --sc NAME, the spacecraft to fly${names}`);
  }
  return { spec: values.fleet, name: values.sc, stationsFile: values.stations };
}

/** The stations file's network (the default network without one); one that cannot be read or is invalid is a bad option. */
export function networkOf(file: string | undefined): readonly NetworkStation[] {
  if (file === undefined) return DEFAULT_NETWORK;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`stations file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const network = parseNetworkText(text, file);
  if (!network.ok) throw new UsageError(network.problems.join('; '));
  return network.stations;
}

/** The member of the fleet on `base`, seeded from `fleetSeed`: its configuration, checked whole. */
export function fleetServeMember(request: NonNullable<ReturnType<typeof fleetRequest>>, base: SpacecraftConfig, fleetSeed: number): FleetSpacecraft {
  const member = fleetMember(request.spec, request.name, fleetSeed, { base, stations: networkOf(request.stationsFile) });
  if (!member.ok) throw new UsageError(member.problems.slice(0, 5).join('; ') + (member.problems.length > 5 ? `; and ${member.problems.length - 5} more` : ''));
  return member.member;
}
