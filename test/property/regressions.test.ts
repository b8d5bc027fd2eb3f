/**
 * Every shrunk counterexample kept under test/property/regressions/ is flown
 * again: against the real flight software it must break no invariant; one
 * found against a mutant (mission/campaign/mutants.ts) must still be caught
 * against that mutant, with the same invariant.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flyScenario } from '../../mission/campaign/fly.js';
import { MUTANTS, type MutantName } from '../../mission/campaign/mutants.js';
import { loadRegression, regressionFiles } from '../../mission/campaign/regressions.js';
import { describeViolation } from '../../mission/campaign/violation.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'regressions');
const files = regressionFiles(DIR);

describe('regression scenarios', () => {
  it('keeps at least one shrunk counterexample', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const regression = loadRegression(file);
    it(`${file.slice(DIR.length + 1)}: the flight software breaks no invariant`, () => {
      const outcome = flyScenario(regression);
      expect(outcome.violation && describeViolation(outcome.violation)).toBeNull();
      expect(outcome.figures.ticks).toBeGreaterThan(regression.durationS * 10);
    });
    if (regression.mutant !== undefined) {
      it(`${file.slice(DIR.length + 1)}: the mutant ${regression.mutant} is still caught (${regression.violation.invariant})`, () => {
        const outcome = flyScenario(regression, { modules: MUTANTS[regression.mutant as MutantName] });
        expect(outcome.violation?.invariant).toBe(regression.violation.invariant);
      });
    }
  }
});
