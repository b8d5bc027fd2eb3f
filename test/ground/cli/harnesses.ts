/** In-process ground servers against fake spacecraft for one test file, closed after each test. */
import { afterEach } from 'vitest';
import { startHarness, type Harness } from '../server/harness.js';

export function harnesses(): (overrides?: Parameters<typeof startHarness>[0]) => Promise<Harness> {
  const open: Harness[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((harness) => harness.close()));
  });
  return async (overrides = {}) => {
    const harness = await startHarness(overrides);
    open.push(harness);
    return harness;
  };
}
