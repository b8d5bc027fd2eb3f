/**
 * The spacecraft of a fleet set-up: each member's name and spacecraft id,
 * from the fleet spec (astro/formations.ts, the spec every program reads),
 * so that hil can give each its ports, its NVM image and its id. The
 * members' configurations (orbits, overrides) are the simulators' to check
 * (sim-hw serve --fleet refuses a bad one with exit 2, which hil passes
 * on); a spec that does not resolve, or more spacecraft than one machine
 * should run, is hil's own bad option.
 */
import { readFileSync } from 'node:fs';
import { resolveFleetSpec } from '../astro/formations.js';
import { FLEET_SIZE_MAX, HilUsageError } from './options.js';

export interface HilMember {
  readonly name: string;
  readonly spacecraftId: number;
}

/** The members of the fleet spec, in fleet order; throws HilUsageError for a spec that does not resolve or is too large. */
export function fleetMembers(spec: string, readText: (path: string) => string = (path) => readFileSync(path, 'utf8')): readonly HilMember[] {
  const resolved = resolveFleetSpec(spec, readText);
  if (!resolved.ok)
    throw new HilUsageError(resolved.problems.slice(0, 3).join('; ') + (resolved.problems.length > 3 ? `; and ${resolved.problems.length - 3} more` : ''));
  if (resolved.fleet.length > FLEET_SIZE_MAX)
    throw new HilUsageError(
      `--fleet ${spec} has ${resolved.fleet.length} spacecraft: hil runs at most ${FLEET_SIZE_MAX} (three processes each) on this machine`,
    );
  return resolved.fleet.map(({ name, spacecraftId }) => ({ name, spacecraftId }));
}
