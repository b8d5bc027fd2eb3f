/**
 * What every verb that talks to the ground server shares: the --server,
 * --json and --help options, the client, and turning an API failure into one
 * line an operator can act on with the right exit code.
 */
import { HttpGroundApi } from '../client/http-ground-api.js';
import type { ApiFailure, ApiFailureCode, ApiResult } from '../client/api-result.js';
import { serverUrl } from '../client/server-url.js';
import { CliError, EXIT } from './exit-codes.js';

export const SERVER_OPTIONS = {
  server: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

export const SERVER_HELP = `  --server URL   the ground server (default: $ORBITAL_GROUND_URL, else http://127.0.0.1:8090)
  --json         print JSON for tools instead of text
  --help         this text`;

export const connect = (option: string | undefined) => new HttpGroundApi(serverUrl(option));

const EXIT_OF: Readonly<Record<ApiFailureCode, number>> = {
  unreachable: EXIT.environment,
  'not-ready': EXIT.environment,
  'bad-request': EXIT.usage,
  'unknown-command': EXIT.usage,
  'bad-argument': EXIT.usage,
  'not-found': EXIT.usage,
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
        : '';
  return new CliError(`${failure.error}${hint}`, EXIT_OF[failure.code]);
}

export function unwrap<T>(result: ApiResult<T>): T {
  if (!result.ok) throw apiError(result);
  return result.value;
}
