import { ensureBuilt } from '../bin/run.js';

/** Builds dist/ once before any test spawns a compiled entry point (bin/*.js). */
export default function setup(): void {
  ensureBuilt();
}
