/**
 * One member of a fleet, as `sim-hw serve --fleet SPEC --sc NAME` flies it:
 * the member's configuration exactly as the fleet run builds it
 * (fleet-configs.ts: the base with the member's orbit, the station network
 * and its overrides) and seeded as the fleet run seeds it (fleet-seed.ts),
 * so one process of a hardware-in-the-loop fleet flies what the member
 * flies in `npx mission --fleet SPEC`. A name the fleet does not have is
 * refused naming the members.
 */
import { type FleetOptions, type FleetSpacecraft, loadFleet } from './fleet-configs.js';
import { seededConfig } from './fleet-seed.js';

/** Names listed when a name is not found; a larger fleet's are cut short. */
const NAMES_SHOWN_MAX = 12;

export type MemberLoad = { readonly ok: true; readonly member: FleetSpacecraft } | { readonly ok: false; readonly problems: readonly string[] };

/** The fleet's member names for a message: all of a small fleet, the first ones of a large one. */
export function memberNames(fleet: readonly FleetSpacecraft[]): string {
  const shown = fleet.slice(0, NAMES_SHOWN_MAX).map((member) => member.name);
  return fleet.length > NAMES_SHOWN_MAX ? `${shown.join(', ')} and ${fleet.length - NAMES_SHOWN_MAX} more` : shown.join(', ');
}

/** The member `name` of the fleet `spec`, its configuration seeded from `fleetSeed`; or every problem of the fleet, or the unknown name. */
export function fleetMember(spec: string, name: string, fleetSeed: number, options: FleetOptions = {}): MemberLoad {
  const loaded = loadFleet(spec, options);
  if (!loaded.ok) return loaded;
  const member = loaded.fleet.find((candidate) => candidate.name === name);
  if (!member) return { ok: false, problems: [`fleet ${spec} has no spacecraft ${name}; its spacecraft: ${memberNames(loaded.fleet)}`] };
  return { ok: true, member: { ...member, config: seededConfig(member.config, fleetSeed, member.spacecraftId) } };
}
