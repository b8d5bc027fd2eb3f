// Bundles the web console (ground/console/*.ts) for the browser into dist/console/: app.js
// (esbuild, minified, one file), app.css (ours and uPlot's) and index.html. `make build` and
// bin/run.js's on-demand build call it; nothing is fetched at run time (no CDN).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(root, 'dist', 'console');

export async function buildConsole() {
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(here, 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    outfile: join(out, 'app.js'),
    logLevel: 'warning',
  });
  const uplotCss = readFileSync(join(root, 'node_modules', 'uplot', 'dist', 'uPlot.min.css'), 'utf8');
  writeFileSync(join(out, 'app.css'), `${uplotCss}\n${readFileSync(join(here, 'style.css'), 'utf8')}`);
  copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildConsole();
