/**
 * Regression scenarios: shrunk counterexamples kept as JSON under
 * test/property/regressions/ (faults, commands, the fast-check seed and path
 * that found them, the violation seen), flown on every `make test`.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFault, type TimedFault } from '../../sim-hw/index.js';
import type { CampaignCommand, CampaignScenario } from './campaign-scenario.js';
import { describeViolation, type Violation } from './violation.js';

export const REGRESSION_FORMAT = 'orbital-node-campaign-regression/1';

export interface Regression extends CampaignScenario {
  readonly format: typeof REGRESSION_FORMAT;
  readonly description: string;
  /** fast-check's seed and counterexample path of the run that found it. */
  readonly seed: number;
  readonly path: string;
  readonly profile: string;
  /** The mutant flight software it was found against, if any (see mutants.ts). */
  readonly mutant?: string;
  readonly violation: Violation;
}

export function regressionOf(
  scenario: CampaignScenario,
  found: { seed: number; path: string; profile: string; violation: Violation; mutant?: string },
): Regression {
  return {
    format: REGRESSION_FORMAT,
    description: describeViolation(found.violation),
    seed: found.seed,
    path: found.path,
    profile: found.profile,
    ...(found.mutant ? { mutant: found.mutant } : {}),
    violation: found.violation,
    simSeed: scenario.simSeed,
    durationS: scenario.durationS,
    lossProbability: scenario.lossProbability,
    faults: scenario.faults,
    commands: scenario.commands,
  };
}

/** Writes the regression file; returns its path. */
export function saveRegression(dir: string, regression: Regression): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${regression.mutant ? `${regression.mutant}-` : ''}${regression.violation.invariant}-${regression.seed}.json`);
  writeFileSync(file, `${JSON.stringify(regression, null, 2)}\n`);
  return file;
}

/** Reads and checks a regression file; throws with the file's name when it is malformed. */
export function loadRegression(file: string): Regression {
  const value = JSON.parse(readFileSync(file, 'utf8')) as Regression;
  const problems: string[] = [];
  if (value.format !== REGRESSION_FORMAT) problems.push(`format is not ${REGRESSION_FORMAT}`);
  if (!Number.isInteger(value.simSeed) || !(value.durationS > 0) || !(value.lossProbability >= 0 && value.lossProbability <= 0.5))
    problems.push('simSeed, durationS or lossProbability out of range');
  if (!Array.isArray(value.faults) || !Array.isArray(value.commands)) problems.push('faults and commands must be arrays');
  else {
    value.faults.forEach((fault: TimedFault, index) => {
      const problem = checkFault(fault, `faults[${index}]`);
      if (problem) problems.push(problem);
    });
    value.commands.forEach((command: CampaignCommand, index) => {
      if (typeof command.atS !== 'number' || !('retransmit' in command || typeof command.name === 'string'))
        problems.push(`commands[${index}] needs atS and a name or retransmit`);
      else if ('retransmit' in command && !(Number.isInteger(command.retransmit) && command.retransmit >= 0 && command.retransmit < index))
        problems.push(`commands[${index}] retransmits no earlier command`);
    });
  }
  if (problems.length > 0) throw new Error(`regression ${file}: ${problems.join('; ')}`);
  return value;
}

export function regressionFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name));
}
