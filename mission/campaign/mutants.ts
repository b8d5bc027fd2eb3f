/**
 * Deliberately broken flight software, to show that the campaign catches a
 * broken invariant and shrinks it:
 * - power-ignores-floor: a power manager that ignores the state of charge
 *   (its floor, shed thresholds and hard floor read as 0 %, no energy
 *   budget), so that the accelerator runs on through eclipses;
 * - jobs-forget-queue: a job runner that does not restore its queue from
 *   non-volatile memory after a reset, so that accepted jobs are lost.
 * Test and campaign use only; never flown.
 */
import { defineModule, type ModuleContext, type ModuleFactory } from '../../fsw/executive/module.js';
import { ONBOARD_MODULES } from '../../fsw/flight.js';
import { createJobsModule } from '../../fsw/jobs/jobs-module.js';
import { createPowerModule } from '../../fsw/power/power-module.js';
import type { ParameterTable } from '../../fsw/storage/parameters.js';

const IGNORED: Readonly<Record<string, number | boolean>> = {
  'power.socFloorPct': 0,
  'power.socMarginPct': 0,
  'power.shedHeatersPct': 0,
  'power.shedPayloadPct': 0,
  'power.socHardFloorPct': 0,
  'power.budgetEnabled': false,
};

/** The table as the broken power manager reads it (one view per table, so that its settings cache holds). */
const views = new WeakMap<ParameterTable, ParameterTable>();
function blindView(params: ParameterTable): ParameterTable {
  let view = views.get(params);
  if (!view) {
    view = new Proxy(params, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (key === 'getNumber' || key === 'getBoolean' || key === 'get')
          return (name: string) => (name in IGNORED ? IGNORED[name] : (value as (n: string) => unknown).call(target, name));
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    views.set(params, view);
  }
  return view;
}

/** The power manager, its parameters read blind while it boots and steps (its commands and housekeeping see them as they are). */
export const createFloorBlindPowerModule = defineModule('power', (ctx) => {
  let blinding = false;
  const blindCtx: ModuleContext<'power'> = new Proxy(ctx, {
    get: (target, key) => (key === 'params' && blinding ? blindView(target.params) : (Reflect.get(target, key, target) as unknown)),
  });
  const blinded = (body: () => void): void => {
    blinding = true;
    try {
      body();
    } finally {
      blinding = false;
    }
  };
  const module = createPowerModule.create(blindCtx);
  const { boot, step } = module;
  return {
    ...module,
    ...(boot ? { boot: () => blinded(() => boot()) } : {}),
    ...(step ? { step: (dtS: number) => blinded(() => step(dtS)) } : {}),
  };
});

/** The job runner without its boot: the queue is never restored after a reset. */
export const createForgetfulJobsModule = defineModule('jobs', (ctx) => {
  const { boot: _restores, ...module } = createJobsModule.create(ctx);
  return module;
});

const replacing = (original: ModuleFactory, mutant: ModuleFactory): readonly ModuleFactory[] =>
  ONBOARD_MODULES.map((factory) => (factory === original ? mutant : factory));

export const MUTANTS = {
  'power-ignores-floor': replacing(createPowerModule, createFloorBlindPowerModule),
  'jobs-forget-queue': replacing(createJobsModule, createForgetfulJobsModule),
} as const;

export type MutantName = keyof typeof MUTANTS;
