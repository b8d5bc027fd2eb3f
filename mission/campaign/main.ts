/**
 * `make campaign SEED=... RUNS=... [PATH=...] [PROFILE=short|orbit] [MUTANT=...]`:
 * runs the fast-check campaign with those settings (PATH replays one
 * counterexample), prints each violation with its seed and path, keeps the
 * shrunk counterexample under test/property/regressions/, and ends with
 * scenarios per minute and invariant checks per second.
 * This is a process entry point: it alone reads the wall clock (for the rates).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { ORBIT_PROFILE, SHORT_PROFILE, type ScenarioProfile } from './arbitraries.js';
import { MUTANTS, type MutantName } from './mutants.js';
import { campaignProperty, InvariantBroken, newTally, replayHint } from './property.js';
import { regressionOf, saveRegression } from './regressions.js';
import { describeScenario } from './campaign-scenario.js';

const PROFILES: Readonly<Record<string, ScenarioProfile>> = { short: SHORT_PROFILE, orbit: ORBIT_PROFILE };
/** The repository root from dist/mission/campaign/ or mission/campaign/. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), fileURLToPath(import.meta.url).includes('/dist/') ? '../../..' : '../..');
const REGRESSIONS_DIR = join(ROOT, 'test/property/regressions');

function fail(message: string): never {
  process.stderr.write(`campaign: ${message}\n`);
  process.exit(2);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      runs: { type: 'string' },
      path: { type: 'string' },
      profile: { type: 'string' },
      mutant: { type: 'string' },
      keep: { type: 'string' },
    },
  });
  const seed = values.seed ? Number(values.seed) : Date.now() % 0x7fffffff;
  const runs = values.runs ? Number(values.runs) : 100;
  const profileName = values.profile || 'orbit';
  const profile = PROFILES[profileName] ?? fail(`profile "${profileName}" is not one of ${Object.keys(PROFILES).join(', ')}`);
  const mutant = values.mutant || undefined;
  if (mutant !== undefined && !(mutant in MUTANTS)) fail(`mutant "${mutant}" is not one of ${Object.keys(MUTANTS).join(', ')}`);
  if (!Number.isInteger(seed)) fail(`SEED ${values.seed} is not an integer`);
  if (!Number.isInteger(runs) || runs < 1) fail(`RUNS ${values.runs} is not a positive integer`);
  const path = values.path || undefined;
  const keep = values.keep !== 'no';

  process.stdout.write(
    `campaign: profile ${profileName} (${profile.durationS} s per scenario), seed ${seed}${path ? `, path ${path}` : ''}, ${runs} runs${mutant ? `, mutant ${mutant}` : ''}\n`,
  );
  const tally = newTally();
  const startMs = performance.now();
  const details = fc.check(campaignProperty(profile, tally, mutant ? MUTANTS[mutant as MutantName] : undefined), {
    seed,
    numRuns: runs,
    ...(path ? { path } : {}),
  });
  const wallS = (performance.now() - startMs) / 1000;

  let status = 0;
  if (details.failed) {
    status = 1;
    const broken = details.errorInstance instanceof InvariantBroken ? details.errorInstance : null;
    process.stdout.write(
      `\ncampaign: VIOLATION after ${details.numRuns} runs and ${details.numShrinks} shrinks: ${broken?.message ?? String(details.errorInstance)}\n`,
    );
    process.stdout.write(`campaign: seed ${details.seed}, path ${details.counterexamplePath}\n`);
    process.stdout.write(`campaign: ${replayHint(details.seed, details.counterexamplePath ?? undefined, profileName)}${mutant ? ` MUTANT=${mutant}` : ''}\n`);
    if (broken) {
      process.stdout.write(`campaign: shrunk scenario: ${describeScenario(broken.scenario)}\n${JSON.stringify(broken.scenario)}\n`);
      if (keep) {
        const file = saveRegression(
          REGRESSIONS_DIR,
          regressionOf(broken.scenario, {
            seed: details.seed,
            path: details.counterexamplePath ?? '',
            profile: profileName,
            violation: broken.violation,
            ...(mutant ? { mutant } : {}),
          }),
        );
        process.stdout.write(`campaign: kept as ${file}\n`);
      }
    }
  } else {
    process.stdout.write(`campaign: no violation in ${details.numRuns} scenarios\n`);
  }
  const speedUp = tally.flownS / Math.max(wallS, 1e-9);
  process.stdout.write(
    `campaign: ${tally.scenarios} scenarios flown (shrinks included) in ${wallS.toFixed(1)} s: ${((tally.scenarios / wallS) * 60).toFixed(1)} scenarios per minute, ` +
      `${Math.round(tally.checks / wallS)} invariant checks per second (${tally.checks} checks over ${tally.ticks} ticks), ${Math.round(speedUp)}x real time\n`,
  );
  process.exit(status);
}

main();
