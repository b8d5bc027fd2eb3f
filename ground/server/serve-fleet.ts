/**
 * `ground serve --fleet SPEC`: the fleet's members as the ground serves them
 * (server/ground-server.ts FleetLink): each one's uplink endpoint (`--tc-to
 * NAME=HOST:PORT`, else the default endpoint's port plus its place in the
 * fleet), its archive (`DIR/NAME.sqlite` in the `--archive` folder), how
 * its contact is known (`--link station`: predicted passes over the
 * network; `relay`: always in view) and, from its orbit, the contacts and
 * eclipses the fleet job broker plans with.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TC_TO } from '../api/contract.js';
import { fleetOf, stationsOf } from '../cli/fleet-option.js';
import { environmentError, usageError } from '../cli/exit-codes.js';
import { parseEndpoint, type Endpoint } from '../link/udp-link.js';
import type { FleetLink } from './ground-server.js';
import { passPlan, relayPlan } from '../fleet/contact-plan.js';
import { passContact, RELAY_CONTACT } from './uplink-contact.js';

export const FLEET_LINKS = ['station', 'relay'] as const;
export type FleetLinkKind = (typeof FLEET_LINKS)[number];

export interface FleetServeOptions {
  readonly spec: string;
  readonly stationsFile?: string | undefined;
  readonly link: string;
  /** Each `--tc-to` given: NAME=HOST:PORT. */
  readonly tcTo: readonly string[];
  /** The archive folder (made when missing; its parent must exist). */
  readonly archiveDir: string;
}

/** The fleet's links; a bad spec, link, --tc-to or archive folder throws the CLI's error (exit 2, or 3 for a file that cannot be read or made). */
export function fleetLinks(options: FleetServeOptions): FleetLink[] {
  const fleet = fleetOf(options.spec);
  const stations = stationsOf(options.stationsFile);
  if (!(FLEET_LINKS as readonly string[]).includes(options.link)) throw usageError(`--link ${options.link} is not ${FLEET_LINKS.join(' or ')}`);
  const names = fleet.map((member) => member.name);
  const given = new Map<string, Endpoint>();
  for (const text of options.tcTo) {
    const match = /^([^=]+)=(.+)$/.exec(text);
    if (!match) throw usageError(`--tc-to ${text}: with --fleet, name the spacecraft: --tc-to NAME=HOST:PORT`);
    const [, name, address] = match as unknown as [string, string, string];
    if (!names.includes(name)) throw usageError(`--tc-to ${text}: no spacecraft ${name} in the fleet (${names.join(', ')})`);
    if (given.has(name)) throw usageError(`--tc-to ${text}: ${name} is given twice`);
    const endpoint = parseEndpoint(address);
    if (!endpoint.ok) throw usageError(`--tc-to ${text}: ${endpoint.error}`);
    given.set(name, endpoint.value);
  }
  const base = parseEndpoint(DEFAULT_TC_TO);
  if (!base.ok) throw new Error(`DEFAULT_TC_TO ${DEFAULT_TC_TO}: ${base.error}`);
  if (!existsSync(options.archiveDir)) {
    try {
      mkdirSync(options.archiveDir);
    } catch (error) {
      throw environmentError(`cannot make the archive folder ${options.archiveDir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  } else if (!statSync(options.archiveDir).isDirectory()) {
    throw usageError(`--archive ${options.archiveDir}: with --fleet, the archive is a folder (one file per spacecraft); this is a file`);
  }
  return fleet.map((member, i) => ({
    name: member.name,
    spacecraftId: member.spacecraftId,
    tcTo: given.get(member.name) ?? { host: base.value.host, port: base.value.port + i },
    archivePath: join(options.archiveDir, `${member.name}.sqlite`),
    contact: options.link === 'relay' ? RELAY_CONTACT : passContact(member, stations),
    plan: options.link === 'relay' ? relayPlan(member) : passPlan(member, stations),
  }));
}
