/**
 * `make campaign SEED=... RUNS=... [PATH=...] [PROFILE=short|orbit] [MUTANT=...] [WORKERS=n] [NATS=URL]`:
 * runs the fast-check campaign with those settings (PATH replays one
 * counterexample) on a pool of WORKERS worker threads (default: one per
 * core; a pool on every core in a process with V8 single-threaded,
 * single-threaded.ts), or with NATS=URL (or $NATS_URL) on the `campaign worker`
 * processes that take scenarios from that NATS server (bus-pool.ts;
 * WORKERS scenarios in flight at once), the same verdicts, counterexample
 * and shrinking whatever their number (ordered-check.ts); prints each violation with its seed and path,
 * keeps the shrunk counterexample under test/property/regressions/, gives
 * scenarios per minute and invariant checks per second, and closes with
 * `campaign: N scenarios, V violations, digest HEX` (verdicts.ts).
 * This is a process entry point: it alone reads the wall clock (for the rates).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ORBIT_PROFILE, SHORT_PROFILE, scenarioArbitrary, type ScenarioProfile } from './arbitraries.js';
import { MUTANTS } from './mutants.js';
import { orderedCheck, type OrderedCheckDetails } from './ordered-check.js';
import { FlightPool, WORKERS_MAX } from './pool.js';
import { BusFlightPool } from './bus-pool.js';
import { NatsBus, natsUrlOf } from '../../ground/index.js';
import { newTally, replayHint } from './property.js';
import { failed, VerdictDigest, type FlightVerdict } from './verdicts.js';
import { describeViolation } from './violation.js';
import { regressionOf, saveRegression } from './regressions.js';
import { describeScenario, type CampaignScenario } from './campaign-scenario.js';
import { ALL_CORES_V8_FLAGS, rerunWith, runsSingleThreaded, takesEveryCore } from './single-threaded.js';

const PROFILES: Readonly<Record<string, ScenarioProfile>> = { short: SHORT_PROFILE, orbit: ORBIT_PROFILE };
/** The repository root from dist/mission/campaign/ or mission/campaign/. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), fileURLToPath(import.meta.url).includes('/dist/') ? '../../..' : '../..');
const REGRESSIONS_DIR = join(ROOT, 'test/property/regressions');

/** Scenarios in flight through NATS when WORKERS is not given: room for several worker processes. */
const NATS_WINDOW_DEFAULT = 8;

/** The pool through NATS; no server: exit 3 with the reason. */
async function busPool(url: string, mutant: string | undefined): Promise<BusFlightPool> {
  const bus = await NatsBus.open(url, 'campaign');
  if (!bus.ok) {
    process.stderr.write(`campaign: ${bus.error}\n`);
    process.exit(3);
  }
  const pool = await BusFlightPool.open(bus.value, mutant);
  const close = pool.close.bind(pool);
  pool.close = async () => {
    await close();
    await bus.value.close();
  };
  // Nobody answering is the usual mistake: say what to start, once.
  const hint = setTimeout(() => {
    if (pool.byWorker.size === 0) process.stderr.write(`campaign: no verdict yet: start workers with \`npx campaign worker --nats ${url}\`\n`);
  }, 10_000);
  hint.unref();
  return pool;
}

function fail(message: string): never {
  process.stderr.write(`campaign: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      runs: { type: 'string' },
      path: { type: 'string' },
      profile: { type: 'string' },
      mutant: { type: 'string' },
      keep: { type: 'string' },
      workers: { type: 'string' },
      nats: { type: 'string' },
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
  const nats = natsUrlOf(values.nats || undefined);
  if (!nats.ok) fail(nats.error);
  const workers = values.workers ? Number(values.workers) : nats.value !== null ? NATS_WINDOW_DEFAULT : availableParallelism();
  if (!Number.isInteger(workers) || workers < 1 || workers > WORKERS_MAX) fail(`WORKERS ${values.workers} is not an integer in 1..${WORKERS_MAX}`);
  const path = values.path || undefined;
  const keep = values.keep !== 'no';
  // A pool on every core flies faster with V8 single-threaded (single-threaded.ts): this entry again, so.
  if (nats.value === null && takesEveryCore(workers) && !runsSingleThreaded())
    process.exit(await rerunWith(ALL_CORES_V8_FLAGS, fileURLToPath(import.meta.url)));

  process.stdout.write(
    `campaign: profile ${profileName} (${profile.durationS} s per scenario), seed ${seed}${path ? `, path ${path}` : ''}, ${runs} runs${mutant ? `, mutant ${mutant}` : ''}, ${nats.value !== null ? `through NATS ${nats.value}, ${workers} scenarios in flight` : `${workers} workers${runsSingleThreaded() ? ' (V8 single-threaded, a thread a worker)' : ''}`}\n`,
  );
  const tally = newTally();
  const digest = new VerdictDigest();
  const startMs = performance.now();
  const pool = nats.value !== null ? await busPool(nats.value, mutant) : new FlightPool(workers, mutant);
  let details: OrderedCheckDetails<CampaignScenario, FlightVerdict>;
  try {
    details = await orderedCheck(
      scenarioArbitrary(profile),
      (scenario) => pool.fly(scenario),
      failed,
      { seed, numRuns: runs, path: path ?? '', window: workers },
      (_scenario, verdict) => {
        digest.add(verdict);
        tally.scenarios++;
        tally.ticks += verdict.ticks;
        tally.checks += verdict.checks;
        tally.flownS += verdict.ticks * 0.1;
      },
    );
  } catch (error) {
    process.stderr.write(`campaign: ${(error as Error).message}\n`);
    process.exit(2);
  } finally {
    await pool.close();
  }
  const wallS = (performance.now() - startMs) / 1000;

  let status = 0;
  if (details.failed) {
    status = 1;
    const verdict = details.failure!;
    const broken = verdict.violation ? { violation: verdict.violation, scenario: details.counterexample! } : null;
    process.stdout.write(
      `\ncampaign: VIOLATION after ${details.numRuns} runs and ${details.numShrinks} shrinks: ${broken ? describeViolation(broken.violation) : `the flight threw: ${verdict.error}`}\n`,
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
      `${Math.round(tally.checks / wallS)} invariant checks per second (${tally.checks} checks over ${tally.ticks} ticks), ${Math.round(speedUp)}x real time, ${
        pool instanceof BusFlightPool
          ? `${pool.byWorker.size} worker processes through NATS (${[...pool.byWorker].map(([name, n]) => `${name}: ${n}`).join(', ')}; ${pool.duplicates} verdicts twice, counted once)`
          : `${workers} workers`
      }\n`,
  );
  process.stdout.write(`${digest.closingLine()}\n`);
  process.exit(status);
}

await main();
