/**
 * A fleet ground in process over fake spacecraft (each with its own
 * spacecraft id and keys, one key file), on ephemeral loopback ports; the
 * token of the flight director `local` the server created. The same folder
 * and fakes again start another server on what an earlier one wrote.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyFile, readKeyFile } from '../../../protocol/index.js';
import { GroundServer, type FleetLink, type GroundServerOptions } from '../../../ground/server/ground-server.js';
import { RELAY_CONTACT, type UplinkContact } from '../../../ground/server/uplink-contact.js';
import { FakeSpacecraft } from './fake-spacecraft.js';

export interface FleetMemberSpec {
  readonly name: string;
  readonly spacecraftId: number;
  /** Default: always in view through a relay. */
  readonly contact?: UplinkContact;
}

export interface FleetMember {
  readonly name: string;
  readonly spacecraftId: number;
  readonly fake: FakeSpacecraft;
}

export interface FleetGround {
  readonly server: GroundServer;
  readonly members: readonly FleetMember[];
  readonly target: { readonly url: string; readonly token: string };
  readonly dir: string;
  readonly keyFile: string;
  /** Stops the server; the fakes go on. */
  stopServer(): Promise<void>;
  /** Stops the server and the fakes it started (once: again does nothing). */
  close(): Promise<void>;
}

export interface FleetGroundOptions {
  readonly members: readonly FleetMemberSpec[];
  /** The folder (default: a new one); its key file is created once, for every member. */
  readonly dir?: string;
  /** The key file's spacecraft ids when it is created (default: the members'). */
  readonly keyIds?: readonly number[];
  /** Fakes of an earlier ground, by member (not closed by this one). */
  readonly fakes?: readonly FakeSpacecraft[];
  readonly overrides?: Partial<GroundServerOptions>;
}

/** `count` members sat-a, sat-b, ... with spacecraft ids 1, 2, ... */
export const lettered = (count: number): FleetMemberSpec[] =>
  Array.from({ length: count }, (_, i) => ({ name: `sat-${String.fromCharCode(97 + i)}`, spacecraftId: i + 1 }));

export async function startFleetGround(options: FleetGroundOptions): Promise<FleetGround> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'ground-fleet-'));
  const keyFile = join(dir, 'keys.json');
  if (!existsSync(keyFile)) {
    const created = createKeyFile(keyFile, false, [...(options.keyIds ?? options.members.map((member) => member.spacecraftId))]);
    if (!created.ok) throw new Error(created.error);
  }
  const fakes =
    options.fakes ??
    (await Promise.all(
      options.members.map(async (member) => {
        const keys = readKeyFile(keyFile, member.spacecraftId);
        if (!keys.ok) throw new Error(keys.error);
        return FakeSpacecraft.start(keys.value, member.spacecraftId);
      }),
    ));
  const links: FleetLink[] = options.members.map((member, i) => ({
    name: member.name,
    spacecraftId: member.spacecraftId,
    tcTo: { host: '127.0.0.1', port: fakes[i]!.port },
    archivePath: join(dir, `${member.name}.sqlite`),
    contact: member.contact ?? RELAY_CONTACT,
  }));
  const started = await GroundServer.start({
    host: '127.0.0.1',
    tmPort: 0,
    tcTo: links[0]!.tcTo,
    apiPort: 0,
    archivePath: join(dir, 'unused.sqlite'),
    keyFile,
    usersFile: join(dir, 'users.json'),
    retransmitAfterS: 0.3,
    retransmitMax: 3,
    retentionDays: 30,
    fleet: links,
    ...options.overrides,
  });
  if (!started.ok) throw new Error(started.error);
  const server = started.value;
  for (const fake of fakes) fake.groundPort = server.tmPort;
  let stopped = false;
  let closed = false;
  const stopServer = async () => {
    if (!stopped) await server.close();
    stopped = true;
  };
  return {
    server,
    members: options.members.map((member, i) => ({ name: member.name, spacecraftId: member.spacecraftId, fake: fakes[i]! })),
    target: { url: `http://127.0.0.1:${server.apiPort}`, token: readFileSync(join(dir, 'ground-token'), 'utf8').trim() },
    dir,
    keyFile,
    stopServer,
    async close() {
      await stopServer();
      if (!options.fakes && !closed) await Promise.all(fakes.map((fake) => fake.close()));
      closed = true;
    },
  };
}
