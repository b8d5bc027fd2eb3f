/**
 * `npx ground serve`: the ground server as a process. Prints one line with
 * what it bound, logs on stderr, and stops cleanly (archive written) on
 * SIGINT or SIGTERM.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_API_PORT, DEFAULT_TC_TO, DEFAULT_TM_PORT } from '../api/contract.js';
import { ROUTES } from '../api/routes.js';
import { DEFAULT_RETENTION_DAYS } from '../archive/archive.js';
import { environmentError, usageError, EXIT } from '../cli/exit-codes.js';
import { defaultKeyFilePath, isDefaultKeyPlace } from '../cli/key-option.js';
import { parseEndpoint } from '../link/udp-link.js';
import { parseHostPort } from '../auth/request-guard.js';
import { defaultUsersFilePath } from '../auth/users-file.js';
import { DEFAULT_SPACECRAFT_ID, SPACECRAFT_ID_MAX } from '../../protocol/index.js';
import { GroundServer } from './ground-server.js';
import { fleetLinks } from './serve-fleet.js';
import { NatsBus } from '../bus/nats-bus.js';
import { natsUrlOf } from '../bus/nats-url.js';

export const DEFAULT_ARCHIVE_FILE = 'ground-archive.sqlite';
/** A fleet's archive folder, one file per spacecraft. */
export const DEFAULT_FLEET_ARCHIVE_DIR = 'ground-archive';
export const DEFAULT_RETRANSMIT_AFTER_S = 5;
export const DEFAULT_RETRANSMIT_MAX = 3;

const HELP = `Usage: ground serve [options]

The ground server: owns the space link (UDP, one packet per datagram),
authenticates, decodes and archives every telemetry packet, signs, sends
and tracks telecommands (retransmitting those not acknowledged in time),
and serves operators over HTTP+JSON and a WebSocket at ${ROUTES.stream.path}
(docs/ground-api.md). Every request needs a user's token; with no users
file it creates one holding the flight director "local", whose token it
writes to the token file beside it, where the CLI finds it.

Options:
  --tm-port N              UDP port the TM frames arrive on, 0 for any free one (default ${DEFAULT_TM_PORT})
  --tc-to HOST:PORT        where the TC frames go: the flight software's --tc-port (default ${DEFAULT_TC_TO})
  --spacecraft-id N        the spacecraft's CCSDS id in the frames, 0..1023 (default ${DEFAULT_SPACECRAFT_ID})
  --fleet SPEC             serve every spacecraft of a fleet (a fleet file, cluster:N or
                           walker:PLANES/PER_PLANE; ground passes --help): TM frames by
                           spacecraft id, one archive file per spacecraft in the --archive
                           folder (default ./${DEFAULT_FLEET_ARCHIVE_DIR}/NAME.sqlite), keys for every
                           member in the key file (added when missing), commands by
                           ?sc=NAME (the CLI's --sc NAME)
  --tc-to NAME=HOST:PORT   with --fleet: where that spacecraft's TC frames go, repeatable
                           (default: ${DEFAULT_TC_TO} with the port plus the member's place, 0 first)
  --link station|relay     with --fleet: how a spacecraft hears the ground: station (default),
                           during the passes predicted over the station network, commands
                           out of view held until the next pass; relay, at all times
  --stations FILE          with --fleet: the station network (default: the default network)
  --nats URL               take TM frames from the NATS JetStream stream FRAMES (what
                           \`ground station\` processes publish; default: $NATS_URL, else none:
                           the UDP port alone), send commands to tc.SCID, the fleet's
                           latest state to the KV bucket fleet-state (docs/scaling.md)
  --shard K/N              with --nats and --fleet: serve only the members whose spacecraft
                           id is K modulo N (0 <= K < N); run N of them, anywhere; archive
                           queries about any member (?sc=A,B, ?sc=*) work from every shard
  --api-port N             HTTP port of the operator API, 0 for any free one (default ${DEFAULT_API_PORT})
  --host H                 address the API and telemetry port bind to (default 127.0.0.1)
  --archive FILE           the SQLite archive, created when missing (default ./${DEFAULT_ARCHIVE_FILE})
  --key-file F             link keys, created (mode 0600) when missing
                           (default $ORBITAL_KEY_FILE or ~/.config/orbital-node/keys.json)
  --users-file F           users, roles and token hashes (ground users --help), created when
                           missing (default: users.json beside the key file)
  --allowed-host H         a host name (or host:port) the API answers to besides its listen
                           address and localhost; repeatable (for access through a name)
  --retransmit-after-s S   send a command again when not acknowledged within S seconds (default ${DEFAULT_RETRANSMIT_AFTER_S})
  --retransmit-max N       retransmissions before a command is timed-out (default ${DEFAULT_RETRANSMIT_MAX})
  --retention-days D       delete archive rows received more than D days before the archive's
                           newest row, at start and every hour, saying what went (default:
                           ${DEFAULT_RETENTION_DAYS} for the default archive; none for a file named with --archive)
  -h, --help               this text

There is no contact signal on the link: a command is sent at once and
retransmitted until acknowledged, and ends timed-out when never answered.

Exit codes: 0 stopped, 2 bad option, 3 cannot open the archive or bind a port.`;

function numberOption(name: string, text: string, min: number, max: number, integer = false): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw usageError(`--${name} ${text} is not ${integer ? 'an integer' : 'a number'} ${min}..${max}`);
  }
  return value;
}

/** `--shard K/N` (default 0/1: everything); only with --nats and --fleet. */
function shardOf(text: string | undefined, nats: boolean, fleet: boolean): { readonly index: number; readonly of: number } {
  if (text === undefined) return { index: 0, of: 1 };
  if (!nats || !fleet) throw usageError('--shard is for a fleet ground on the bus (--fleet SPEC --nats URL)');
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = match ? Number(match[1]) : Number.NaN;
  const of = match ? Number(match[2]) : Number.NaN;
  if (!(of >= 1 && of <= 1024 && index >= 0 && index < of)) throw usageError(`--shard ${text} is not K/N with 0 <= K < N <= 1024`);
  return { index, of };
}

export async function serveVerb(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'tm-port': { type: 'string', default: String(DEFAULT_TM_PORT) },
      'api-port': { type: 'string', default: String(DEFAULT_API_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
      archive: { type: 'string' },
      'key-file': { type: 'string' },
      'users-file': { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'retransmit-after-s': { type: 'string', default: String(DEFAULT_RETRANSMIT_AFTER_S) },
      'retransmit-max': { type: 'string', default: String(DEFAULT_RETRANSMIT_MAX) },
      'retention-days': { type: 'string' },
      'spacecraft-id': { type: 'string' },
      fleet: { type: 'string' },
      link: { type: 'string' },
      stations: { type: 'string' },
      'tc-to': { type: 'string', multiple: true },
      nats: { type: 'string' },
      shard: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  const fleetSpec = values.fleet;
  if (fleetSpec === undefined) {
    for (const option of ['link', 'stations'] as const) if (values[option] !== undefined) throw usageError(`--${option} is for a fleet ground (--fleet SPEC)`);
  } else if (values['spacecraft-id'] !== undefined) throw usageError("--spacecraft-id is for one spacecraft: with --fleet, the fleet names each one's id");
  const tcToTexts = values['tc-to'] ?? [];
  if (fleetSpec === undefined && tcToTexts.length > 1)
    throw usageError('--tc-to is given more than once: one spacecraft has one uplink (a fleet: --fleet SPEC)');
  const archivePath = resolve(values.archive ?? (fleetSpec === undefined ? DEFAULT_ARCHIVE_FILE : DEFAULT_FLEET_ARCHIVE_DIR));
  const nats = natsUrlOf(values.nats);
  if (!nats.ok) throw usageError(nats.error);
  const shard = shardOf(values.shard, nats.value !== null, fleetSpec !== undefined);
  const members =
    fleetSpec === undefined
      ? undefined
      : fleetLinks({ spec: fleetSpec, stationsFile: values.stations, link: values.link ?? 'station', tcTo: tcToTexts, archiveDir: archivePath });
  const fleet = members?.filter((member) => member.spacecraftId % shard.of === shard.index);
  if (fleet !== undefined && fleet.length === 0)
    throw usageError(`--shard ${values.shard}: no member of the fleet has a spacecraft id ${shard.index} modulo ${shard.of}`);
  let bus: NatsBus | null = null;
  if (nats.value !== null) {
    const opened = await NatsBus.open(nats.value, `ground-serve-${shard.index}`);
    if (!opened.ok) throw environmentError(opened.error);
    bus = opened.value;
  }
  // A lone spacecraft's uplink (a fleet's members each have their own).
  const single = parseEndpoint(fleet ? `${fleet[0]!.tcTo.host}:${fleet[0]!.tcTo.port}` : (tcToTexts[0] ?? DEFAULT_TC_TO));
  if (!single.ok) throw usageError(`--tc-to ${single.error}`);
  const tcTo = single.value;
  // Nothing the operator did not ask to delete: a file named with --archive keeps everything unless told.
  const retentionDays =
    values['retention-days'] !== undefined
      ? numberOption('retention-days', values['retention-days'], 0.001, 36_500)
      : values.archive === undefined
        ? DEFAULT_RETENTION_DAYS
        : Infinity;
  const keyFile = values['key-file'] ?? defaultKeyFilePath();
  for (const host of values['allowed-host'] ?? []) if (parseHostPort(host) === null) throw usageError(`--allowed-host ${host} is not a host name or host:port`);
  const started = await GroundServer.start({
    host: values.host,
    tmPort: numberOption('tm-port', values['tm-port'], 0, 65535, true),
    tcTo,
    ...(fleet ? { fleet } : {}),
    apiPort: numberOption('api-port', values['api-port'], 0, 65535, true),
    archivePath,
    keyFile,
    // Only the default place's folder is made; a folder named on the command line must exist.
    makeFolders: isDefaultKeyPlace(keyFile) && (values['users-file'] === undefined || resolve(values['users-file']) === resolve(defaultUsersFilePath(keyFile))),
    usersFile: resolve(values['users-file'] ?? defaultUsersFilePath(keyFile)),
    allowedHosts: values['allowed-host'] ?? [],
    retransmitAfterS: numberOption('retransmit-after-s', values['retransmit-after-s'], 0.01, 3600),
    retransmitMax: numberOption('retransmit-max', values['retransmit-max'], 0, 100, true),
    retentionDays,
    spacecraftId: numberOption('spacecraft-id', values['spacecraft-id'] ?? String(DEFAULT_SPACECRAFT_ID), 0, SPACECRAFT_ID_MAX, true),
    log: (line) => process.stderr.write(`ground serve: ${line}\n`),
    ...(bus
      ? {
          bus: {
            bus,
            shard: `${shard.index}/${shard.of}`,
            peers: (members ?? [])
              .filter((member) => !fleet!.includes(member))
              .map((member) => ({ name: member.name, spacecraftId: member.spacecraftId, shard: `${member.spacecraftId % shard.of}/${shard.of}` })),
          },
        }
      : {}),
  });
  if (!started.ok) {
    await bus?.close();
    throw environmentError(started.error);
  }
  const server = started.value;
  const host = values.host;
  const uplinks = fleet ? fleet.map((member) => `${member.name}=${member.tcTo.host}:${member.tcTo.port}`).join(' ') : `${tcTo.host}:${tcTo.port}`;
  process.stdout.write(
    `ground serve: api http://${host}:${server.apiPort} tm udp ${host}:${server.tmPort} tc -> ${uplinks} archive ${archivePath}${fleet ? ` (fleet ${fleetSpec}: ${fleet.length} spacecraft, link ${values.link ?? 'station'})` : ''}${bus ? ` bus ${bus.describe} shard ${shard.index}/${shard.of}` : ''}\n`,
  );
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await bus?.close();
  process.stderr.write('ground serve: stopped, archive written\n');
  return EXIT.ok;
}
