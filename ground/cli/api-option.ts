/**
 * What every verb that talks to the ground server shares: the --server,
 * --json and --help options, the client, and turning an API failure into one
 * line an operator can act on with the right exit code.
 */
import { HttpGroundApi } from '../client/http-ground-api.js';
import type { ApiFailure, ApiFailureCode, ApiResult } from '../client/api-result.js';
import { serverUrl } from '../client/server-url.js';
import { chooseToken, defaultTokenFilePath } from '../client/token.js';
import { CliError, EXIT, environmentError, usageError } from './exit-codes.js';

export const SERVER_OPTIONS = {
  server: { type: 'string' },
  'token-file': { type: 'string' },
  sc: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

export const SERVER_HELP = `  --server URL   the ground server (default: $ORBITAL_GROUND_URL, else http://127.0.0.1:8090)
  --token-file F your token (default: $ORBITAL_GROUND_TOKEN, else ${defaultTokenFilePath()})
  --sc NAME      the spacecraft, by its fleet name, of a ground that serves a fleet
                 (default: the only one; npx ground status lists a fleet's)
  --json         print JSON for tools instead of text
  --help         this text`;

/** Where the token came from, for the hint when the server refuses it. */
let tokenFrom = '';

/** The client for --server and --token-file (or their defaults). */
export function connect(options: {
  readonly server?: string | undefined;
  readonly 'token-file'?: string | undefined;
  readonly sc?: string | undefined;
}): HttpGroundApi {
  const choice = chooseToken(options['token-file']);
  if (!choice.ok) throw environmentError(choice.error);
  tokenFrom = choice.value.from;
  const url = serverUrl(options.server);
  if (!url.ok) throw usageError(url.error);
  // several names (A,B) or * are for the archive queries; the server says so to the other verbs
  const names = options.sc === '*' ? [] : (options.sc?.split(',') ?? []);
  const bad = names.find((name) => !/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/.test(name));
  if (bad !== undefined) throw usageError(`--sc ${options.sc}: ${bad === '' ? 'an empty name' : `${bad} is not a spacecraft name`} (letters, digits, - and _)`);
  return new HttpGroundApi(url.value, choice.value.token, options.sc);
}

const EXIT_OF: Readonly<Record<ApiFailureCode, number>> = {
  unreachable: EXIT.environment,
  'not-ready': EXIT.environment,
  unavailable: EXIT.environment,
  'bad-request': EXIT.usage,
  'unknown-command': EXIT.usage,
  'bad-argument': EXIT.usage,
  'not-found': EXIT.usage,
  'too-large': EXIT.usage,
  'unsupported-media-type': EXIT.usage,
  misdirected: EXIT.environment,
  unauthorized: EXIT.environment,
  forbidden: EXIT.failed,
  conflict: EXIT.failed,
  internal: EXIT.failed,
  'bad-response': EXIT.failed,
};

export function apiError(failure: ApiFailure): CliError {
  const hint =
    failure.code === 'unreachable'
      ? ': start it with `npx ground serve` (see docs/operations.md), or point to it with --server URL or ORBITAL_GROUND_URL'
      : failure.code === 'not-ready'
        ? ' (the server is not ready to command: see its output and `ground serve --help` for --key-file)'
        : failure.code === 'unauthorized'
          ? ` (token: ${tokenFrom}; the server's first lines say where its token file is, and a flight director makes tokens with \`npx ground users add NAME --role operator\`)`
          : '';
  return new CliError(`${failure.error}${hint}`, EXIT_OF[failure.code]);
}

export function unwrap<T>(result: ApiResult<T>): T {
  if (!result.ok) throw apiError(result);
  return result.value;
}
