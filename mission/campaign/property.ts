/**
 * The campaign as a fast-check property: every drawn scenario is flown and
 * must break no invariant. Shared by the tests (test/property/) and by
 * `make campaign` (main.ts). The counters give the campaign's figures.
 */
import fc from 'fast-check';
import type { ModuleFactory } from '../../fsw/executive/module.js';
import { scenarioArbitrary, type ScenarioProfile } from './arbitraries.js';
import { flyScenario, type FlightOutcome } from './fly.js';
import type { CampaignScenario } from './campaign-scenario.js';
import { describeViolation, type Violation } from './violation.js';

export interface CampaignTally {
  scenarios: number;
  ticks: number;
  checks: number;
  /** Mission seconds flown. */
  flownS: number;
}

export function newTally(): CampaignTally {
  return { scenarios: 0, ticks: 0, checks: 0, flownS: 0 };
}

/** Thrown by the property so that fast-check reports the violation with its seed and path. */
export class InvariantBroken extends Error {
  constructor(
    readonly violation: Violation,
    readonly scenario: CampaignScenario,
  ) {
    super(describeViolation(violation));
    this.name = 'InvariantBroken';
  }
}

/** Flies a scenario, adds it to the tally and throws InvariantBroken on a violation. */
export function flyChecked(scenario: CampaignScenario, tally: CampaignTally, modules?: readonly ModuleFactory[]): FlightOutcome {
  const outcome = flyScenario(scenario, modules ? { modules } : {});
  tally.scenarios++;
  tally.ticks += outcome.figures.ticks;
  tally.checks += outcome.figures.checks;
  tally.flownS += outcome.figures.ticks * 0.1;
  if (outcome.violation) throw new InvariantBroken(outcome.violation, scenario);
  return outcome;
}

export function campaignProperty(
  profile: ScenarioProfile,
  tally: CampaignTally,
  modules?: readonly ModuleFactory[],
): fc.IPropertyWithHooks<[CampaignScenario]> {
  return fc.property(scenarioArbitrary(profile), (scenario) => {
    flyChecked(scenario, tally, modules);
  });
}

/** The replay line a failure prints. */
export function replayHint(seed: number, path: string | undefined, profile: string): string {
  return `replay: make campaign SEED=${seed}${path ? ` PATH=${path}` : ''} RUNS=1 PROFILE=${profile}`;
}
