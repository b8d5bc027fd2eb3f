/**
 * One worker of the campaign's pool (pool.ts): flies the scenarios it is
 * sent, one at a time, and answers each with its verdict. Loaded from dist/
 * (the compiled JavaScript) by node:worker_threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { flyScenario } from './fly.js';
import { MUTANTS, type MutantName } from './mutants.js';
import type { CampaignScenario } from './campaign-scenario.js';
import type { FlightVerdict } from './verdicts.js';

const port = parentPort;
if (!port) throw new Error('flight-worker.ts runs inside a worker thread only');
const mutant = (workerData as { mutant?: string } | undefined)?.mutant;
const modules = mutant ? MUTANTS[mutant as MutantName] : undefined;

port.on('message', ({ id, scenario }: { id: number; scenario: CampaignScenario }) => {
  let verdict: FlightVerdict;
  try {
    const outcome = flyScenario(scenario, modules ? { modules } : {});
    verdict = {
      violation: outcome.violation,
      error: null,
      telemetrySha256: outcome.telemetrySha256,
      ticks: outcome.figures.ticks,
      checks: outcome.figures.checks,
    };
  } catch (error) {
    // As fast-check does, a flight that throws outside the invariants fails the property.
    verdict = { violation: null, error: String((error as Error).message ?? error), telemetrySha256: '', ticks: 0, checks: 0 };
  }
  port.postMessage({ id, verdict });
});
