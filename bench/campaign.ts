/**
 * (8) The fault campaign on every core: a fixed set of short campaign
 * scenarios (seed 1) flown on the campaign's worker pool
 * (mission/campaign/pool.ts) with 1 worker and with one per core; scenarios
 * per minute of each, and the scaling efficiency
 * throughput(n cores) / (n x throughput(1 core)). Each pool flies in a
 * process of its own (campaign-child.ts) started as `make campaign` starts
 * one of that size: the pool on every core with V8 single-threaded, the
 * single worker with V8's helper threads (mission/campaign/single-threaded.ts).
 * The one-core figure is the single worker's process held to one core
 * (`taskset -c`, the first CPU it may use): left free, V8's compiler and collector threads borrow
 * the idle second core (one worker used 1.15 cores), which is not one
 * core's throughput; that unpinned figure is printed beside it. Each
 * worker first flies WARMUP_PER_WORKER scenarios untimed (other ones than
 * the timed set), so that both timings measure the steady state of a long
 * campaign.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { SHORT_PROFILE, scenarioArbitrary } from '../mission/campaign/arbitraries.js';
import type { CampaignScenario } from '../mission/campaign/campaign-scenario.js';
import { ALL_CORES_V8_FLAGS, takesEveryCore } from '../mission/campaign/single-threaded.js';
import { median } from './harness.js';
import { judge, type SummaryRow } from './summary.js';

const CHILD = fileURLToPath(new URL('./campaign-child.js', import.meta.url));
const TASKSET = ['/usr/bin/taskset', '/bin/taskset'].find((path) => existsSync(path)) ?? null;

/** The first CPU this process may run on (Cpus_allowed_list), where the one-core pool is held: CPU 0 may be outside a container's set. */
function firstAllowedCpu(): string {
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
  return /^Cpus_allowed_list:\s*(\d+)/m.exec(status)?.[1] ?? '0';
}

/** Scenarios per worker of the timed set: enough that the last one's tail is small, few enough to end well within a minute. */
const SCENARIOS_PER_WORKER = 24;
/** Rounds of the three pools, interleaved; each figure is the median of its rounds (a shared machine's noise is large over a few seconds). */
const ROUNDS = 3;
/** Untimed scenarios per worker before the timing (compiling). */
const WARMUP_PER_WORKER = 30;
const SCALING_TARGET = 0.9;

export interface CampaignBench {
  readonly workers: number;
  readonly scenarios: number;
  /** One worker held to one core (taskset), or unpinned where there is no taskset (`pinned` says which). */
  readonly perMinuteOne: number;
  readonly pinned: boolean;
  /** One worker free to use every core (V8's helper threads on the others). */
  readonly perMinuteOneFree: number;
  readonly perMinuteAll: number;
  /** throughput(n) / (n x throughput(1)); 1 on a one-core machine. */
  readonly efficiency: number;
  readonly load: string;
  /** The V8 flags of the pool on every core's process. */
  readonly allCoresFlags: readonly string[];
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

/** Scenarios per minute of a pool of `workers` flying the set for `set` workers, in a process of its own with `flags` (`oneCore`: held to core 0). */
async function perMinute(set: number, workers: number, flags: readonly string[], oneCore = false): Promise<number> {
  const command = [process.execPath, ...flags, CHILD, String(set), String(workers)];
  const [file, ...args] = oneCore && TASKSET ? [TASKSET, '-c', firstAllowedCpu(), ...command] : command;
  const child = spawn(file!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const line = stdout.split('\n').find((one) => one.startsWith('{'));
  if (code !== 0 || line === undefined) throw new Error(`bench/campaign: the pool of ${workers} ended with ${code}:\n${stderr}`);
  return (JSON.parse(line) as { perMinute: number }).perMinute;
}

export async function benchCampaign(): Promise<CampaignBench> {
  const workers = availableParallelism();
  const allCoresFlags = takesEveryCore(workers) ? ALL_CORES_V8_FLAGS : [];
  const rounds: { one: number; free: number; all: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const one = await perMinute(workers, 1, [], true);
    rounds.push({
      one,
      free: workers === 1 ? one : await perMinute(workers, 1, []),
      all: workers === 1 ? one : await perMinute(workers, workers, allCoresFlags),
    });
  }
  const perMinuteOne = median(rounds.map((round) => round.one));
  const perMinuteOneFree = median(rounds.map((round) => round.free));
  const perMinuteAll = median(rounds.map((round) => round.all));
  return {
    workers,
    pinned: TASKSET !== null,
    perMinuteOneFree,
    allCoresFlags,
    scenarios: SCENARIOS_PER_WORKER * workers,
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
  console.log(`  1 worker ${figures.pinned ? 'on one core' : 'unpinned (no taskset)'}: ${figures.perMinuteOne.toFixed(1)} scenarios per minute`);
  console.log(`  1 worker free to borrow the other cores (not judged): ${figures.perMinuteOneFree.toFixed(1)} scenarios per minute`);
  console.log(
    `  ${figures.workers} workers: ${figures.perMinuteAll.toFixed(1)} scenarios per minute${figures.allCoresFlags.length > 0 ? ` (V8 ${figures.allCoresFlags.join(' ')}, as make campaign runs them)` : ''}`,
  );
  console.log(
    `  scaling efficiency ${(figures.efficiency * 100).toFixed(1)} % (throughput(${figures.workers} cores) / (${figures.workers} x throughput(1 core)); against the free worker ${((figures.perMinuteAll / (figures.workers * figures.perMinuteOneFree)) * 100).toFixed(1)} %)`,
  );
}

export function campaignSummary(figures: CampaignBench): SummaryRow[] {
  return [
    {
      item: '8',
      figure: `campaign, short scenarios/min, 1 worker${figures.pinned ? ' on 1 core' : ''}`,
      measured: figures.perMinuteOne.toFixed(1),
      target: '',
      verdict: '-',
    },
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
