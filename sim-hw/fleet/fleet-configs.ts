/**
 * A fleet spec (a fleet file, `cluster:N` or `walker:PLANES/PER_PLANE`,
 * astro/fleet.ts and astro/formations.ts) made into the list a fleet run
 * flies: every spacecraft's name, spacecraft id and full simulator
 * configuration (the base with the member's orbit, the station network and
 * the member's overrides), validated whole. What `npx mission --fleet SPEC`
 * flies (mission/fleet/) and what `sim-hw serve --fleet SPEC --sc NAME`
 * serves (one member: member.ts): one piece of logic for both.
 */

import { readFileSync } from 'node:fs';
import type { FleetMember } from '../../astro/fleet.js';
import { resolveFleetSpec } from '../../astro/formations.js';
import { DEFAULT_NETWORK, type NetworkStation } from '../../astro/network.js';
import { checkSpacecraftConfig, DEFAULT_SPACECRAFT_CONFIG, type SpacecraftConfig } from '../config.js';
import { applyOverrides } from './overrides.js';

export interface FleetSpacecraft {
  readonly name: string;
  readonly spacecraftId: number;
  readonly config: SpacecraftConfig;
}

export interface FleetOptions {
  /** The configuration every member starts from (default: the simulator's defaults). */
  readonly base?: SpacecraftConfig;
  /** The network every member links through (default: astro's default network). */
  readonly stations?: readonly NetworkStation[];
  /** How a fleet file is read (default: from disk). */
  readonly readText?: (path: string) => string;
}

export type FleetLoad = { readonly ok: true; readonly fleet: readonly FleetSpacecraft[] } | { readonly ok: false; readonly problems: readonly string[] };

/** Each member's configuration, or every problem of every member. */
export function fleetConfigs(members: readonly FleetMember[], options: FleetOptions = {}): FleetLoad {
  const base = options.base ?? DEFAULT_SPACECRAFT_CONFIG;
  const network = options.stations ?? DEFAULT_NETWORK;
  const problems: string[] = [];
  const fleet: FleetSpacecraft[] = [];
  for (const member of members) {
    const withOrbit: SpacecraftConfig = {
      ...base,
      ...('tle' in member.orbit ? { tle: member.orbit.tle } : { orbit: member.orbit.elements, tle: null }),
      network,
    };
    const applied = applyOverrides(withOrbit, member.overrides, member.name);
    if (!applied.ok) {
      problems.push(...applied.problems);
      continue;
    }
    const invalid = checkSpacecraftConfig(applied.config);
    if (invalid.length > 0) problems.push(...invalid.map((problem) => `${member.name}: ${problem}`));
    else fleet.push({ name: member.name, spacecraftId: member.spacecraftId, config: applied.config });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, fleet };
}

/** A fleet spec string to the validated fleet list; generators place their sun at the base's start time. */
export function loadFleet(spec: string, options: FleetOptions = {}): FleetLoad {
  const base = options.base ?? DEFAULT_SPACECRAFT_CONFIG;
  const resolved = resolveFleetSpec(spec, options.readText ?? ((path) => readFileSync(path, 'utf8')), base.startTimeS);
  if (!resolved.ok) return resolved;
  return fleetConfigs(resolved.fleet, options);
}
