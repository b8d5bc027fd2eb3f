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

export const DEFAULT_ARCHIVE_FILE = 'ground-archive.sqlite';
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

export async function serveVerb(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'tm-port': { type: 'string', default: String(DEFAULT_TM_PORT) },
      'tc-to': { type: 'string', default: DEFAULT_TC_TO },
      'api-port': { type: 'string', default: String(DEFAULT_API_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
      archive: { type: 'string' },
      'key-file': { type: 'string' },
      'users-file': { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'retransmit-after-s': { type: 'string', default: String(DEFAULT_RETRANSMIT_AFTER_S) },
      'retransmit-max': { type: 'string', default: String(DEFAULT_RETRANSMIT_MAX) },
      'retention-days': { type: 'string' },
      'spacecraft-id': { type: 'string', default: String(DEFAULT_SPACECRAFT_ID) },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  const tcTo = parseEndpoint(values['tc-to']);
  if (!tcTo.ok) throw usageError(`--tc-to ${tcTo.error}`);
  const archivePath = resolve(values.archive ?? DEFAULT_ARCHIVE_FILE);
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
    tcTo: tcTo.value,
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
    spacecraftId: numberOption('spacecraft-id', values['spacecraft-id'], 0, SPACECRAFT_ID_MAX, true),
    log: (line) => process.stderr.write(`ground serve: ${line}\n`),
  });
  if (!started.ok) throw environmentError(started.error);
  const server = started.value;
  const host = values.host;
  process.stdout.write(
    `ground serve: api http://${host}:${server.apiPort} tm udp ${host}:${server.tmPort} tc -> ${tcTo.value.host}:${tcTo.value.port} archive ${archivePath}\n`,
  );
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stderr.write('ground serve: stopped, archive written\n');
  return EXIT.ok;
}
