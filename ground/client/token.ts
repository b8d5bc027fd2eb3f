/**
 * Which token the tools send: --token-file F, else $ORBITAL_GROUND_TOKEN
 * (the token itself), else the token file beside the default key file (where
 * `ground serve` writes the token of its first user, `local`). No token at
 * all is not an error here: the server answers 401 and says what it wants.
 */
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { fileExists, type Outcome } from '../../protocol/index.js';
import { readTokenFile } from '../auth/users-file.js';

export interface TokenChoice {
  readonly token: string | null;
  /** Where it came from, or where the tools looked, for the operator. */
  readonly from: string;
}

/** The key file's default place: $ORBITAL_KEY_FILE, else ~/.config/orbital-node/keys.json. */
export function defaultKeyFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.ORBITAL_KEY_FILE || join(homedir(), '.config', 'orbital-node', 'keys.json');
}

export const defaultTokenFilePath = (env: NodeJS.ProcessEnv = process.env): string => join(dirname(defaultKeyFilePath(env)), 'ground-token');

export function chooseToken(tokenFile: string | undefined, env: NodeJS.ProcessEnv = process.env): Outcome<TokenChoice> {
  if (tokenFile !== undefined) {
    const read = readTokenFile(tokenFile);
    return read.ok ? { ok: true, value: { token: read.value, from: tokenFile } } : read;
  }
  const fromEnv = env.ORBITAL_GROUND_TOKEN?.trim();
  if (fromEnv) return { ok: true, value: { token: fromEnv, from: '$ORBITAL_GROUND_TOKEN' } };
  const path = defaultTokenFilePath(env);
  if (!fileExists(path)) return { ok: true, value: { token: null, from: `no --token-file, no $ORBITAL_GROUND_TOKEN, no ${path}` } };
  const read = readTokenFile(path);
  return read.ok ? { ok: true, value: { token: read.value, from: path } } : read;
}
