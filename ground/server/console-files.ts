/**
 * The web console's files (ground/console/, bundled into dist/console/ by
 * `make build`), served at / and /console/NAME with a strict content
 * security policy: scripts, styles and connections of this server only, no
 * framing. They are read once, at the first request; nothing else on disk
 * is reachable (only plain names in that folder).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

export interface ConsoleFile {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | string;
}

/** The project's root: the nearest folder above this module with a package.json (from the sources and from dist/ alike). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const CONSOLE_DIR = join(projectRoot(), 'dist', 'console');

let files: ReadonlyMap<string, Buffer> | null = null;

function load(): ReadonlyMap<string, Buffer> {
  if (files && files.size > 0) return files;
  const found = new Map<string, Buffer>();
  if (existsSync(CONSOLE_DIR)) for (const name of readdirSync(CONSOLE_DIR)) if (TYPES[extname(name)]) found.set(name, readFileSync(join(CONSOLE_DIR, name)));
  files = found;
  return found;
}

/** The answer for a GET of `pathname` when it is the console's (/ or /console/NAME), else null. */
export function consoleFile(pathname: string): ConsoleFile | null {
  const name = pathname === '/' ? 'index.html' : /^\/console\/([\w.-]+)$/.exec(pathname)?.[1];
  if (name === undefined) return null;
  const body = load().get(name);
  if (!body) {
    const missing = name === 'index.html' && !load().has('index.html');
    return {
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: `${JSON.stringify({ error: missing ? 'the web console is not built: run make build' : `${pathname} not found`, code: 'not-found' })}\n`,
    };
  }
  return {
    status: 200,
    headers: {
      'content-type': TYPES[extname(name)]!,
      'content-security-policy': CONSOLE_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    },
    body,
  };
}
