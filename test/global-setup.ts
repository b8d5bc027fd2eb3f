import { ensureBuilt } from '../bin/run.js';

/** Builds dist/ once before any test spawns a compiled entry point (bin/*.js). */
export default function setup(): void {
  // A failed build is reported by tsc above; only the tests that spawn a binary depend on it.
  if (!ensureBuilt({ exitOnFailure: false })) process.stderr.write('global setup: the build failed; tests that run bin/*.js will fail\n');
}
