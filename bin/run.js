// Runs a compiled entry point from dist/, building first when dist/ is
// missing or older than the sources, so `npx ground ...` works straight from
// a fresh clone once `npm ci` (or any make target) has installed the tools.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', '.build-stamp');
const sourceDirs = ['protocol', 'astro', 'fsw', 'sim-hw', 'ground', 'mission', 'bench', 'hil'];

function newestMtimeMs(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.(ts|json|html|css)$/.test(path) || path.endsWith('console/build.js') ? stat.mtimeMs : 0;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, name)));
  return newest;
}

/** Builds dist/ when stale. On failure: exits (for a CLI), or returns false when told not to. */
export function ensureBuilt({ exitOnFailure = true } = {}) {
  const sources = Math.max(
    ...sourceDirs.map((dir) => newestMtimeMs(join(root, dir))),
    newestMtimeMs(join(root, 'tsconfig.json')),
    newestMtimeMs(join(root, 'tsconfig.build.json')),
  );
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return true;
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    process.stderr.write('The TypeScript compiler is not installed: run `make build` (or `npm ci`) in the project folder first.\n');
    if (exitOnFailure) process.exit(3);
    return false;
  }
  process.stderr.write('building dist/ from the sources (tsc, and the web console with esbuild)...\n');
  const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (built.status !== 0) {
    if (exitOnFailure) process.exit(built.status ?? 1);
    return false;
  }
  // the web console, bundled for the browser (ground/console/build.js)
  const bundled = spawnSync(process.execPath, [join(root, 'ground', 'console', 'build.js')], { stdio: 'inherit' });
  if (bundled.status !== 0) {
    if (exitOnFailure) process.exit(bundled.status ?? 1);
    return false;
  }
  writeFileSync(stamp, '');
  return true;
}

export async function runEntry(relativePath) {
  ensureBuilt();
  await import(pathToFileURL(join(root, 'dist', relativePath)).href);
}
