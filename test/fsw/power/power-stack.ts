/**
 * Shared set-up of the power manager's closed-loop tests: a stack with the
 * power module (and optionally the test load after it), booted, in NOMINAL
 * when asked; and a probe of the estimate against the simulator's truth.
 */
import type { StackOptions } from '../../../mission/stack.js';
import type { ModuleFactory } from '../../../fsw/executive/module.js';
import type { PublishedName } from '../../../fsw/executive/published-values.js';
import { createPowerModule } from '../../../fsw/power/power-module.js';
import { TestGround, testStack } from '../../helpers/ground.js';
import { acceleratorLoad, type AcceleratorLoad } from './accelerator-load.js';

export const ORBIT_S = 5739; // 550 km: 95.65 min (REFERENCE.md)

export interface PowerStackOptions extends Partial<StackOptions> {
  readonly load?: AcceleratorLoad;
  readonly nominal?: boolean;
  readonly extraModules?: readonly ModuleFactory[];
}

export function powerGround(options: PowerStackOptions = {}): TestGround {
  const { load, nominal, extraModules, ...stack } = options;
  const modules = [createPowerModule, ...(load ? [acceleratorLoad(load)] : []), ...(extraModules ?? [])];
  const ground = new TestGround(testStack({ modules, ...stack }));
  ground.run(1);
  if (nominal) {
    ground.send('set_mode', { mode: 'NOMINAL' });
    ground.run(1);
  }
  return ground;
}

/** The published estimate minus the simulator's true state of charge, in percentage points. */
export function socErrorPct(ground: TestGround): number {
  return ground.stack.fsw.executive.published.get('power.socPct', Number.NaN) - ground.stack.spacecraft.truth().socFraction * 100;
}

export function published(ground: TestGround, name: PublishedName): number {
  return ground.stack.fsw.executive.published.get(name, Number.NaN);
}
