/**
 * (8) The fault campaign on every core: a fixed set of short campaign
 * scenarios (seed 1) flown on the campaign's worker pool
 * (mission/campaign/pool.ts) with 1 worker and with one per core; scenarios
 * per minute of each, and the scaling efficiency
 * throughput(n) / (n x throughput(1)). Each worker first flies
 * WARMUP_PER_WORKER scenarios untimed (other ones than the timed set), so
 * that both timings measure the steady state of a long campaign: V8
 * compiles and collects on background threads, and a single worker gets
 * that work done on the idle core for free (one worker used 1.5 cores over
 * its first dozen scenarios, 1.33 after 8, 1.15 after 30), which makes the
 * scaling read low for a reason a campaign of hundreds of scenarios has
 * less of.
 */
import { availableParallelism, loadavg } from 'node:os';
import fc from 'fast-check';
import { SHORT_PROFILE, scenarioArbitrary } from '../mission/campaign/arbitraries.js';
import type { CampaignScenario } from '../mission/campaign/campaign-scenario.js';
import { FlightPool } from '../mission/campaign/pool.js';
import { judge, type SummaryRow } from './summary.js';

/** Scenarios per worker of the timed set: enough that the last one's tail is small, few enough to end well within a minute. */
const SCENARIOS_PER_WORKER = 12;
/** Untimed scenarios per worker before the timing (compiling). */
const WARMUP_PER_WORKER = 30;
const SCALING_TARGET = 0.9;

export interface CampaignBench {
  readonly workers: number;
  readonly scenarios: number;
  readonly perMinuteOne: number;
  readonly perMinuteAll: number;
  /** throughput(n) / (n x throughput(1)); 1 on a one-core machine. */
  readonly efficiency: number;
  readonly load: string;
}

/** What flies scenarios: the pool of threads, or the bus's worker processes (bench/campaign-nats.ts). */
export interface ScenarioPool {
  fly(scenario: CampaignScenario): Promise<unknown>;
  close(): Promise<void>;
}

/** Scenarios per minute of a pool of `workers` after its warm-up (WARMUP_PER_WORKER each, untimed); the pool is closed after. */
export async function timedPerMinute(
  pool: ScenarioPool,
  workers: number,
  warmup: readonly CampaignScenario[],
  scenarios: readonly CampaignScenario[],
): Promise<number> {
  try {
    await Promise.all(warmup.slice(0, WARMUP_PER_WORKER * workers).map((scenario) => pool.fly(scenario)));
    const startMs = performance.now();
    await Promise.all(scenarios.map((scenario) => pool.fly(scenario)));
    return (scenarios.length / (performance.now() - startMs)) * 60_000;
  } finally {
    await pool.close();
  }
}

/** The timed set and the warm-up of the campaign bench, for `workers` workers. */
export function benchScenarios(workers: number): { warmup: CampaignScenario[]; scenarios: CampaignScenario[] } {
  const drawn = fc.sample(scenarioArbitrary(SHORT_PROFILE), { seed: 1, numRuns: (WARMUP_PER_WORKER + SCENARIOS_PER_WORKER) * workers, path: '' });
  return { warmup: drawn.slice(0, WARMUP_PER_WORKER * workers), scenarios: drawn.slice(WARMUP_PER_WORKER * workers) };
}

const perMinute = (workers: number, warmup: readonly CampaignScenario[], scenarios: readonly CampaignScenario[]) =>
  timedPerMinute(new FlightPool(workers), workers, warmup, scenarios);

export async function benchCampaign(): Promise<CampaignBench> {
  const workers = availableParallelism();
  const { warmup, scenarios } = benchScenarios(workers);
  const perMinuteOne = await perMinute(1, warmup, scenarios);
  const perMinuteAll = workers === 1 ? perMinuteOne : await perMinute(workers, warmup, scenarios);
  return {
    workers,
    scenarios: scenarios.length,
    perMinuteOne,
    perMinuteAll,
    efficiency: perMinuteAll / (workers * perMinuteOne),
    load: loadavg()
      .map((value) => value.toFixed(2))
      .join(' '),
  };
}

export function printCampaignBench(figures: CampaignBench): void {
  console.log(`\ncampaign on the worker pool (${figures.scenarios} short scenarios, seed 1; load average ${figures.load})`);
  console.log(`  1 worker:   ${figures.perMinuteOne.toFixed(1)} scenarios per minute`);
  console.log(`  ${figures.workers} workers: ${figures.perMinuteAll.toFixed(1)} scenarios per minute`);
  console.log(`  scaling efficiency ${(figures.efficiency * 100).toFixed(1)} % (throughput(${figures.workers}) / (${figures.workers} x throughput(1)))`);
}

export function campaignSummary(figures: CampaignBench): SummaryRow[] {
  return [
    { item: '8', figure: 'campaign, short scenarios/min, 1 worker', measured: figures.perMinuteOne.toFixed(1), target: '', verdict: '-' },
    { item: '8', figure: `campaign, short scenarios/min, ${figures.workers} workers`, measured: figures.perMinuteAll.toFixed(1), target: '', verdict: '-' },
    {
      item: '8',
      figure: `campaign scaling efficiency, ${figures.workers} workers`,
      measured: `${(figures.efficiency * 100).toFixed(1)} %`,
      target: `>= ${SCALING_TARGET * 100} %`,
      verdict: figures.workers === 1 ? '-' : judge(figures.efficiency >= SCALING_TARGET),
    },
  ];
}
