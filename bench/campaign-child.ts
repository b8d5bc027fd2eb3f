/**
 * bench (8)'s flying process: `node [V8 flags] campaign-child.js SET WORKERS`
 * flies the campaign bench's warm-up and timed set for SET workers
 * (benchScenarios) on a pool of WORKERS threads and prints
 * `{"perMinute": N}`. The bench starts it with the V8 flags `make campaign`
 * gives a pool of that size (mission/campaign/single-threaded.ts).
 */
import { FlightPool } from '../mission/campaign/pool.js';
import { benchScenarios, timedPerMinute } from './campaign.js';

const [set, workers] = process.argv.slice(2).map(Number);
if (!Number.isInteger(set) || !Number.isInteger(workers)) throw new Error('usage: campaign-child.js SET WORKERS');
const { warmup, scenarios } = benchScenarios(set!);
const perMinute = await timedPerMinute(new FlightPool(workers!), workers!, warmup, scenarios);
process.stdout.write(`${JSON.stringify({ perMinute })}\n`);
