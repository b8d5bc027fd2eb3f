/**
 * Child process of bench/stack-memory.ts (run with node --expose-gc): flies the
 * in-process stack in NOMINAL with jobs running for the orbits given as its
 * first argument, or fewer when the wall seconds of its second argument
 * ("none": no limit) have passed at an orbit's end; at the end of each orbit
 * it collects garbage (and lets the collector's deferred freeing run) and
 * prints one JSON line with the memory then. Its
 * last line adds the peak resident size of the whole process (the kernel's
 * high-water mark).
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { DEFAULT_ORBIT_PARAMS, orbitPeriodS } from '../astro/orbit.js';
import { BUSY_WORKLOAD, BenchGround, benchStack } from './ground.js';

export interface OrbitMemory {
  readonly orbit: number;
  readonly rssB: number;
  readonly heapUsedB: number;
  /** The collector's heap, in use or not. */
  readonly heapTotalB: number;
  /** Part of heapTotal: the young generation (V8's new space), sized by V8 and by --max-semi-space-size. */
  readonly newSpaceB: number;
  /** Outside the JavaScript heap: typed arrays' buffers (the NVM image), native objects. */
  readonly externalB: number;
  /** Part of external: the backing stores of ArrayBuffers and Buffers. */
  readonly arrayBuffersB: number;
  readonly wallS: number;
  /** Jobs the flight software has finished so far (its bounded stores of finished jobs fill with them). */
  readonly jobsDone: number;
}

export interface StackMemoryEnd {
  readonly done: true;
  readonly peakRssB: number;
  readonly starts: number;
  readonly mode: string;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('bench/stack-memory-child: run with node --expose-gc');
const orbits = Number(process.argv[2]);
if (!(Number.isInteger(orbits) && orbits >= 1)) throw new Error(`bench/stack-memory-child: orbits ${process.argv[2]} is not a positive integer`);
const budgetS = process.argv[3] === 'none' ? Number.POSITIVE_INFINITY : Number(process.argv[3]);
if (!(budgetS > 0)) throw new Error(`bench/stack-memory-child: budget ${process.argv[3]} is not a positive number or none`);

/**
 * A full collection, then the work it leaves to later: V8 frees the backing stores of dead
 * ArrayBuffers and releases emptied pages in tasks that run after gc() returns, so a sample
 * taken at once counted 5 to 20 MB of buffers already dead (external "11 -> 26 MB" of issue 17).
 */
async function collect(collectGarbage: () => void): Promise<void> {
  collectGarbage();
  for (let turn = 0; turn < 3; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
  }
}

const periodS = orbitPeriodS(DEFAULT_ORBIT_PARAMS);
const g = new BenchGround(benchStack());
g.goNominal();
const startMs = performance.now();
for (let orbit = 1; orbit <= orbits; orbit++) {
  g.fly(orbit * periodS, BUSY_WORKLOAD);
  await collect(gc);
  const usage = process.memoryUsage();
  const line: OrbitMemory = {
    orbit,
    rssB: usage.rss,
    heapUsedB: usage.heapUsed,
    heapTotalB: usage.heapTotal,
    newSpaceB: getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0,
    externalB: usage.external,
    arrayBuffersB: usage.arrayBuffers,
    wallS: (performance.now() - startMs) / 1000,
    jobsDone: g.published('jobs.done'),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  // Stop when one more orbit, at the pace so far, would end past the budget.
  if ((line.wallS * (orbit + 1)) / orbit > budgetS) break;
}
const end: StackMemoryEnd = { done: true, peakRssB: process.resourceUsage().maxRSS * 1024, starts: g.stack.starts, mode: g.stack.fsw.executive.mode };
process.stdout.write(`${JSON.stringify(end)}\n`);
