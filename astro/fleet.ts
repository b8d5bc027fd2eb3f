/**
 * The fleet file: every spacecraft by name and spacecraft id, with its orbit
 * (elements of the circular model, any left out taken from the defaults, or
 * a TLE) and optional configuration overrides, which this layer carries
 * unread: sim-hw/fleet/ checks them against the simulator's configuration.
 * A fleet spec is a file or a generator (formations.ts): `cluster:N`,
 * `walker:PLANES/PER_PLANE`. Validated whole; every problem is named.
 */

import { DEFAULT_SPACECRAFT_ID, SPACECRAFT_ID_MAX } from '../protocol/frames/link-config.js';
import { compileSchema, describeErrors } from '../protocol/schema.js';
import { checkOrbitSpec, type OrbitSpec } from './orbit-model.js';
import { DEFAULT_ORBIT_PARAMS, type OrbitParams } from './orbit.js';

/** Most spacecraft a fleet may name (one per spacecraft id). */
export const FLEET_SIZE_MAX = SPACECRAFT_ID_MAX + 1;

export interface FleetMember {
  readonly name: string;
  /** 0..1023. */
  readonly spacecraftId: number;
  readonly orbit: OrbitSpec;
  /** Configuration overrides by section (sim-hw/fleet/ checks them). */
  readonly overrides: Readonly<Record<string, unknown>>;
}

export type FleetResult = { readonly ok: true; readonly fleet: readonly FleetMember[] } | { readonly ok: false; readonly problems: readonly string[] };

/** The fleet of the default mission: one spacecraft on the default orbit. */
export const DEFAULT_FLEET: readonly FleetMember[] = [
  { name: 'ocn-1', spacecraftId: DEFAULT_SPACECRAFT_ID, orbit: { elements: DEFAULT_ORBIT_PARAMS }, overrides: {} },
];

const ELEMENTS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(Object.keys(DEFAULT_ORBIT_PARAMS).map((key) => [key, { type: 'number' }])),
};

export const FLEET_FILE_SCHEMA = {
  type: 'object',
  required: ['spacecraft'],
  additionalProperties: false,
  properties: {
    spacecraft: {
      type: 'array',
      minItems: 1,
      maxItems: FLEET_SIZE_MAX,
      items: {
        type: 'object',
        required: ['name', 'spacecraftId', 'orbit'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$' },
          spacecraftId: { type: 'integer', minimum: 0, maximum: SPACECRAFT_ID_MAX },
          orbit: {
            oneOf: [
              { type: 'object', required: ['elements'], additionalProperties: false, properties: { elements: ELEMENTS_SCHEMA } },
              {
                type: 'object',
                required: ['tle'],
                additionalProperties: false,
                properties: {
                  tle: {
                    type: 'object',
                    required: ['line1', 'line2'],
                    additionalProperties: false,
                    properties: { line1: { type: 'string' }, line2: { type: 'string' } },
                  },
                },
              },
            ],
          },
          overrides: { type: 'object' },
        },
      },
    },
  },
} as const;

const validateFleetFile = compileSchema(FLEET_FILE_SCHEMA);

interface FileMember {
  name: string;
  spacecraftId: number;
  orbit: { elements: Partial<OrbitParams> } | { tle: { line1: string; line2: string } };
  overrides?: Record<string, unknown>;
}

/** A fleet file's parsed JSON, checked whole: shape, orbits (elements' ranges, TLE checksums and SGP4), names and ids unique. */
export function parseFleet(json: unknown, source = 'fleet file'): FleetResult {
  if (!validateFleetFile(json)) return { ok: false, problems: [describeErrors(validateFleetFile.errors, source)] };
  const members = (json as { spacecraft: FileMember[] }).spacecraft;
  const fleet: FleetMember[] = members.map((member) => ({
    name: member.name,
    spacecraftId: member.spacecraftId,
    orbit: 'tle' in member.orbit ? { tle: member.orbit.tle } : { elements: { ...DEFAULT_ORBIT_PARAMS, ...member.orbit.elements } },
    overrides: member.overrides ?? {},
  }));
  return checkFleet(fleet, source);
}

/** Every problem of a fleet list (generated or parsed): orbits, names and ids unique. */
export function checkFleet(fleet: readonly FleetMember[], source = 'fleet'): FleetResult {
  const problems: string[] = [];
  if (fleet.length === 0) problems.push(`${source} names no spacecraft`);
  if (fleet.length > FLEET_SIZE_MAX) problems.push(`${source} names ${fleet.length} spacecraft, more than ${FLEET_SIZE_MAX}`);
  const names = new Set<string>();
  const ids = new Map<number, string>();
  for (const member of fleet) {
    for (const problem of checkOrbitSpec(member.orbit)) problems.push(`${source} ${member.name}: ${problem}`);
    if (!(Number.isInteger(member.spacecraftId) && member.spacecraftId >= 0 && member.spacecraftId <= SPACECRAFT_ID_MAX))
      problems.push(`${source} ${member.name}: spacecraft id ${member.spacecraftId} is not 0..${SPACECRAFT_ID_MAX}`);
    if (names.has(member.name)) problems.push(`${source}: the name ${member.name} is given twice`);
    const holder = ids.get(member.spacecraftId);
    if (holder !== undefined) problems.push(`${source} ${member.name}: spacecraft id ${member.spacecraftId} is ${holder}'s already`);
    names.add(member.name);
    ids.set(member.spacecraftId, member.name);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, fleet };
}

/** The text of a fleet file, parsed and checked. */
export function parseFleetText(text: string, source = 'fleet file'): FleetResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${source} is not JSON: ${(error as Error).message}`] };
  }
  return parseFleet(json, source);
}
