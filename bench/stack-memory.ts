/**
 * Memory of the whole in-process stack over many orbits: a child process
 * (stack-memory-child.ts, node --expose-gc) flies NOMINAL with jobs running
 * and reports, after a garbage collection at each orbit's end, its resident
 * size, the JavaScript heap in use and in total, external memory and the
 * ArrayBuffers' part of it; at the end, its peak resident size.
 * Growth = after the last orbit - after the first. Heap in use after a full
 * collection is what the program holds; resident size also carries the
 * collector's and the allocator's slack.
 * The child runs with V8's young generation held at the size it has in orbit
 * 1 (SEMI_SPACE_MB): left to itself V8 doubles it once, in orbit 2 or 3
 * (+16 MB of heap, +17 MB resident), a bounded step of V8's sizing policy that
 * would hide any growth of what the program holds; the figures per orbit
 * show its size, and BENCH_SEMI_SPACE_MB=16 (V8's default on 64 bits) shows it.
 * Orbits: BENCH_ORBITS (no time limit), else 100, or as many as end within
 * BUDGET_S of wall time (printed, with the reason).
 * Targets: resident size grows by less than RSS_GROWTH_MAX_B after the
 * first orbit; heap in use grows by at most GROWTH_TOLERANCE_B after the
 * orbit at which the bounded stores of finished jobs are full (the flight
 * software's FINISHED_MAX summaries, the simulator's jobHistoryMax job
 * truths): filling them is memory the design sets aside, at 16 jobs an
 * orbit until orbit 8, not growth. Heap growth after orbit 1 is printed too.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FINISHED_MAX } from '../fsw/jobs/jobs-bounds.js';
import { DEFAULT_ACCELERATOR_PARAMS } from '../sim-hw/accelerator/index.js';
import { DEFAULT_ORBIT_PARAMS, orbitPeriodS } from '../astro/orbit.js';
import type { OrbitMemory, StackMemoryEnd } from './stack-memory-child.js';
import { judge, type SummaryRow } from './summary.js';

export const ORBITS_WANTED = 100;
const BUDGET_S = 120;
/** Heap growth still called none: allocator and code-cache noise. */
export const GROWTH_TOLERANCE_B = 1024 * 1024;
/** Issue 17 point 8. */
export const RSS_GROWTH_MAX_B = 10 * 1024 * 1024;
/** The young generation's semi-space (MB) the child runs with: the size V8 gives it at the start, on 64 bits. */
export const SEMI_SPACE_MB = 8;
/** Jobs finished when every bounded store of finished jobs is full. */
export const STORES_FULL_JOBS = Math.max(FINISHED_MAX, DEFAULT_ACCELERATOR_PARAMS.jobHistoryMax);

const CHILD = fileURLToPath(new URL('./stack-memory-child.js', import.meta.url));

export interface OrbitPlan {
  readonly orbits: number;
  /** Wall seconds after which no further orbit starts (Infinity: none). */
  readonly budgetS: number;
  /** --max-semi-space-size of the child. */
  readonly semiSpaceMb: number;
}

/** BENCH_ORBITS orbits without a time limit, else ORBITS_WANTED within BUDGET_S; BENCH_SEMI_SPACE_MB, else SEMI_SPACE_MB. */
export function planOrbits(env: NodeJS.ProcessEnv = process.env): OrbitPlan {
  const semi = env.BENCH_SEMI_SPACE_MB;
  const semiSpaceMb = semi === undefined ? SEMI_SPACE_MB : Number(semi);
  if (!(Number.isInteger(semiSpaceMb) && semiSpaceMb >= 1)) throw new Error(`BENCH_SEMI_SPACE_MB=${semi} is not a positive integer`);
  const asked = env.BENCH_ORBITS;
  if (asked === undefined) return { orbits: ORBITS_WANTED, budgetS: BUDGET_S, semiSpaceMb };
  const orbits = Number(asked);
  if (!(Number.isInteger(orbits) && orbits >= 1)) throw new Error(`BENCH_ORBITS=${asked} is not a positive integer`);
  return { orbits, budgetS: Number.POSITIVE_INFINITY, semiSpaceMb };
}

export interface StackMemoryFigures {
  readonly plan: OrbitPlan;
  readonly orbits: readonly OrbitMemory[];
  readonly end: StackMemoryEnd;
  readonly heapGrowthB: number;
  /** The first orbit whose end saw the bounded job stores full (null: not within the run). */
  readonly storesFullOrbit: number | null;
  /** Heap growth from storesFullOrbit to the last orbit (NaN without one before the last). */
  readonly heapGrowthFullB: number;
  readonly rssGrowthB: number;
  readonly externalGrowthB: number;
  readonly arrayBuffersGrowthB: number;
}

export async function benchStackMemory(plan: OrbitPlan): Promise<StackMemoryFigures> {
  const budget = Number.isFinite(plan.budgetS) ? String(plan.budgetS) : 'none';
  const child = spawn(process.execPath, ['--expose-gc', `--max-semi-space-size=${plan.semiSpaceMb}`, CHILD, String(plan.orbits), budget], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const lines = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as OrbitMemory | StackMemoryEnd);
  const orbits = lines.filter((line): line is OrbitMemory => 'orbit' in line);
  const end = lines.find((line): line is StackMemoryEnd => 'done' in line);
  if (code !== 0 || end === undefined || orbits.length === 0)
    throw new Error(`bench/stack-memory: the child ended with ${code} after ${orbits.length} orbits:\n${stderr}`);
  const first = orbits[0]!;
  const last = orbits.at(-1)!;
  const full = orbits.find((orbit) => orbit.jobsDone >= STORES_FULL_JOBS);
  return {
    plan,
    orbits,
    end,
    heapGrowthB: last.heapUsedB - first.heapUsedB,
    storesFullOrbit: full?.orbit ?? null,
    heapGrowthFullB: full !== undefined && full !== last ? last.heapUsedB - full.heapUsedB : Number.NaN,
    rssGrowthB: last.rssB - first.rssB,
    externalGrowthB: last.externalB - first.externalB,
    arrayBuffersGrowthB: last.arrayBuffersB - first.arrayBuffersB,
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function printStackMemoryBench(figures: StackMemoryFigures): void {
  const first = figures.orbits[0]!;
  const last = figures.orbits.at(-1)!;
  console.log(
    `\nmemory of the in-process stack, ${figures.orbits.length} orbits in NOMINAL with jobs (child process, young generation ${figures.plan.semiSpaceMb} MB semi-spaces, sampled after a full GC at each orbit's end; ${last.wallS.toFixed(0)} s wall)`,
  );
  if (figures.orbits.length < ORBITS_WANTED) {
    const why = Number.isFinite(figures.plan.budgetS)
      ? `at ${Math.round(last.wallS / last.orbit)} s of wall time per orbit (${((last.orbit * orbitPeriodS(DEFAULT_ORBIT_PARAMS)) / last.wallS).toFixed(0)}x real time), ${ORBITS_WANTED} orbits would take ~${((ORBITS_WANTED * last.wallS) / last.orbit / 60).toFixed(1)} min, over the ${figures.plan.budgetS} s budget (BENCH_ORBITS=${ORBITS_WANTED} flies them all)`
      : `BENCH_ORBITS=${figures.plan.orbits}`;
    console.log(`  ran ${figures.orbits.length} orbits, not ${ORBITS_WANTED}: ${why}`);
  }
  const state = (o: OrbitMemory) =>
    `RSS ${mb(o.rssB)}, heap ${mb(o.heapUsedB)} in use of ${mb(o.heapTotalB)} (young generation ${mb(o.newSpaceB)}), external ${mb(o.externalB)} (ArrayBuffers ${mb(o.arrayBuffersB)})`;
  console.log(`  peak RSS ${mb(figures.end.peakRssB)}; after orbit 1: ${state(first)}; after orbit ${last.orbit}: ${state(last)}`);
  const step = Math.max(1, Math.floor(figures.orbits.length / 8));
  const sampled = figures.orbits.filter((_, index) => index % step === 0 || index === figures.orbits.length - 1);
  const series = (pick: (o: OrbitMemory) => number) => sampled.map((o) => `${o.orbit}: ${(pick(o) / 1024 / 1024).toFixed(1)}`).join('  ');
  console.log(`  heap in use by orbit: ${series((o) => o.heapUsedB)} MB`);
  console.log(`  RSS by orbit:         ${series((o) => o.rssB)} MB`);
  console.log(`  external by orbit:    ${series((o) => o.externalB)} MB`);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  console.log(
    `  growth after orbit 1: heap ${kib(figures.heapGrowthB)}, RSS ${kib(figures.rssGrowthB)}, external ${kib(figures.externalGrowthB)} (ArrayBuffers ${kib(figures.arrayBuffersGrowthB)}) (flight software starts ${figures.end.starts}, mode at the end ${figures.end.mode})`,
  );
  console.log(
    figures.storesFullOrbit === null
      ? `  the bounded job stores (${STORES_FULL_JOBS} finished jobs) were not full within the run`
      : `  the bounded job stores were full (${STORES_FULL_JOBS} finished jobs) at the end of orbit ${figures.storesFullOrbit}; heap growth since: ${Number.isNaN(figures.heapGrowthFullB) ? '-' : kib(figures.heapGrowthFullB)}`,
  );
}

export function stackMemorySummary(figures: StackMemoryFigures): SummaryRow[] {
  const orbits = figures.orbits.length;
  return [
    { item: '7', figure: `stack peak RSS, ${orbits} orbits`, measured: mb(figures.end.peakRssB), target: '', verdict: '-' },
    { item: '7', figure: `stack heap growth, orbit 1 -> ${orbits}`, measured: `${(figures.heapGrowthB / 1024).toFixed(0)} KiB`, target: '', verdict: '-' },
    {
      item: '7',
      figure: `stack heap growth, job stores full (orbit ${figures.storesFullOrbit ?? '-'}) -> ${orbits}`,
      measured: Number.isNaN(figures.heapGrowthFullB) ? `stores not full before orbit ${orbits}` : `${(figures.heapGrowthFullB / 1024).toFixed(0)} KiB`,
      target: `<= ${GROWTH_TOLERANCE_B / 1024} KiB`,
      verdict: Number.isNaN(figures.heapGrowthFullB) ? '-' : judge(figures.heapGrowthFullB <= GROWTH_TOLERANCE_B),
    },
    {
      item: '7',
      figure: `stack RSS growth, orbit 1 -> ${orbits}`,
      measured: mb(figures.rssGrowthB),
      target: `< ${mb(RSS_GROWTH_MAX_B)}`,
      verdict: orbits < 2 ? '-' : judge(figures.rssGrowthB < RSS_GROWTH_MAX_B),
    },
    {
      item: '7',
      figure: `stack external growth, orbit 1 -> ${orbits}`,
      measured: `${mb(figures.externalGrowthB)} (ArrayBuffers ${mb(figures.arrayBuffersGrowthB)})`,
      target: '',
      verdict: '-',
    },
  ];
}
