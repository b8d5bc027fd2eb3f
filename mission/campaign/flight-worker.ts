/**
 * One worker of the campaign's pool (pool.ts): flies the scenarios it is
 * sent, one at a time, and answers each with its verdict. Loaded from dist/
 * (the compiled JavaScript) by node:worker_threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CampaignScenario } from './campaign-scenario.js';
import { verdictOf } from './verdict-of.js';

const port = parentPort;
if (!port) throw new Error('flight-worker.ts runs inside a worker thread only');
const mutant = (workerData as { mutant?: string } | undefined)?.mutant;

port.on('message', ({ id, scenario }: { id: number; scenario: CampaignScenario }) => {
  port.postMessage({ id, verdict: verdictOf(scenario, mutant) });
});
