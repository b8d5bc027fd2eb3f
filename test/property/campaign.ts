/**
 * The bounded campaign that `make test` runs: fast-check over the campaign
 * property (mission/campaign/), with the project's fast-check settings
 * (FC_SEED, FC_PATH and FC_RUNS from test/setup.ts). A failure prints the
 * violation, the seed and path, the shrunk scenario and how to replay it.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ScenarioProfile } from '../../mission/campaign/arbitraries.js';
import { campaignProperty, newTally, replayHint } from '../../mission/campaign/property.js';

const SHRINK_TIME_LIMIT_MS = 240_000;

export function runBoundedCampaign(profileName: string, profile: ScenarioProfile, runs: number): void {
  const tally = newTally();
  const global = fc.readConfigureGlobal() as { numRuns?: number; seed?: number; path?: string };
  const numRuns = global.numRuns ?? runs;
  // A failure's shrinking is cut off after SHRINK_TIME_LIMIT_MS (the counterexample so far is reported); `make campaign` shrinks fully.
  const details = fc.check(campaignProperty(profile, tally), {
    numRuns,
    interruptAfterTimeLimit: SHRINK_TIME_LIMIT_MS,
    ...(global.seed !== undefined ? { seed: global.seed } : {}),
    ...(global.path !== undefined ? { path: global.path } : {}),
  });
  if (details.failed) {
    const lines = [
      `campaign (${profileName}): ${String((details.errorInstance as Error | null)?.message ?? details.errorInstance)}`,
      `seed ${details.seed}, path ${details.counterexamplePath}`,
      `${replayHint(details.seed, details.counterexamplePath ?? undefined, profileName)}   (keeps the shrunk scenario under test/property/regressions/)`,
      `or: FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath} npx vitest run test/property/`,
      `shrunk scenario: ${JSON.stringify(details.counterexample?.[0])}`,
    ];
    console.error(lines.join('\n'));
  }
  expect(
    details.failed,
    details.failed
      ? `invariant broken (seed ${details.seed}, path ${details.counterexamplePath}): ${String((details.errorInstance as Error | null)?.message)}`
      : '',
  ).toBe(false);
  expect(tally.scenarios).toBeGreaterThanOrEqual(global.path === undefined ? numRuns : 1);
  console.log(`campaign (${profileName}): ${tally.scenarios} scenarios, ${tally.ticks} ticks, ${tally.checks} invariant checks, no violation`);
}
