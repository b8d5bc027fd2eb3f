/**
 * The campaign's checks are not vacuous: a module that throws is caught by
 * software-never-throws through the executive's count of caught throws.
 */
import { expect, it } from 'vitest';
import { defineModule } from '../../fsw/executive/module.js';
import { ONBOARD_MODULES } from '../../fsw/flight.js';
import { flyScenario } from '../../mission/campaign/fly.js';

const throwsLate = defineModule('power', (ctx) => ({
  rateHz: 1,
  step: () => {
    if (ctx.timeS > 20) throw new Error('late failure');
  },
}));

it('catches a module whose step throws, with the executive count of caught throws', () => {
  const outcome = flyScenario(
    { simSeed: 3, durationS: 60, lossProbability: 0, faults: [], commands: [{ atS: 1, name: 'set_mode', args: { mode: 'NOMINAL' } }] },
    { modules: [throwsLate, ...ONBOARD_MODULES.slice(1)] },
  );
  expect(outcome.violation?.invariant).toBe('software-never-throws');
  expect(outcome.violation?.detail).toContain('power threw: late failure');
  expect(outcome.violation!.timeS).toBeGreaterThan(20);
  expect(outcome.violation!.timeS).toBeLessThan(22);
});
