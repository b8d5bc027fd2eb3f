/** Which ground server the tools talk to: --server, else ORBITAL_GROUND_URL, else the default port on loopback. */
import { DEFAULT_API_PORT } from '../api/contract.js';

export const DEFAULT_SERVER_URL = `http://127.0.0.1:${DEFAULT_API_PORT}`;

export function serverUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = option ?? env.ORBITAL_GROUND_URL ?? DEFAULT_SERVER_URL;
  return chosen.replace(/\/+$/, '');
}
