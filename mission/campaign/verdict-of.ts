/** One scenario flown to its verdict, as every campaign worker gives it (the pool's threads and the bus's processes). */
import { flyScenario } from './fly.js';
import { MUTANTS, type MutantName } from './mutants.js';
import type { CampaignScenario } from './campaign-scenario.js';
import type { FlightVerdict } from './verdicts.js';

export function verdictOf(scenario: CampaignScenario, mutant: string | null | undefined): FlightVerdict {
  const modules = mutant ? MUTANTS[mutant as MutantName] : undefined;
  try {
    const outcome = flyScenario(scenario, modules ? { modules } : {});
    return {
      violation: outcome.violation,
      error: null,
      telemetrySha256: outcome.telemetrySha256,
      ticks: outcome.figures.ticks,
      checks: outcome.figures.checks,
    };
  } catch (error) {
    // As fast-check does, a flight that throws outside the invariants fails the property.
    return { violation: null, error: String((error as Error).message ?? error), telemetrySha256: '', ticks: 0, checks: 0 };
  }
}
