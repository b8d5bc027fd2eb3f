/** Which ground server the tools talk to: --server, else ORBITAL_GROUND_URL, else the default port on loopback. */
import { DEFAULT_API_PORT } from '../api/contract.js';
import { accept, fail, type Outcome } from '../../protocol/index.js';

export const DEFAULT_SERVER_URL = `http://127.0.0.1:${DEFAULT_API_PORT}`;

/** The server's base URL, checked: http:// (or https://), a host, an optional port, nothing else. */
export function serverUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Outcome<string> {
  const from = option !== undefined ? '--server' : env.ORBITAL_GROUND_URL !== undefined ? '$ORBITAL_GROUND_URL' : null;
  const chosen = (option ?? env.ORBITAL_GROUND_URL ?? DEFAULT_SERVER_URL).replace(/\/+$/, '');
  let url: URL | null = null;
  try {
    url = new URL(chosen);
  } catch {
    url = null;
  }
  if (
    url === null ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.hostname === '' ||
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== ''
  ) {
    return fail(`${from ?? 'the server URL'} ${JSON.stringify(chosen)} is not a server URL: give http://HOST:PORT, for example ${DEFAULT_SERVER_URL}`);
  }
  return accept(chosen);
}
