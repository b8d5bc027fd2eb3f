/**
 * Where a worker thread's module is: node:worker_threads runs JavaScript,
 * so a pool started from dist/ runs its sibling file, and one started from
 * the sources (as under vitest) runs the same file compiled into the
 * repository's dist/ (the test set-up builds it).
 */
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The compiled `fileName` beside the module at `importMetaUrl` (its import.meta.url). */
export function compiledWorker(importMetaUrl: string, fileName: string): URL {
  const here = dirname(fileURLToPath(importMetaUrl));
  return pathToFileURL(here.includes('/dist/') ? join(here, fileName) : join(ROOT, 'dist', relative(ROOT, here), fileName));
}
