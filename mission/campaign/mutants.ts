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
import type { Executive } from '../../fsw/executive/executive.js';
import type { FlightContext, FlightModule } from '../../fsw/executive/module.js';
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

function blind(ctx: FlightContext): FlightContext {
  return new Proxy(ctx, { get: (target, key) => (key === 'params' ? blindView(target.params) : (Reflect.get(target, key, target) as unknown)) });
}

export function createFloorBlindPowerModule(core: Executive): FlightModule {
  const module = createPowerModule(core);
  return {
    ...module,
    ...(module.boot ? { boot: (ctx: FlightContext) => module.boot!(blind(ctx)) } : {}),
    ...(module.step ? { step: (ctx: FlightContext, dtS: number) => module.step!(blind(ctx), dtS) } : {}),
  };
}

export function createForgetfulJobsModule(core: Executive): FlightModule {
  const { boot: _restores, ...module } = createJobsModule(core);
  return module;
}

type Factory = (core: Executive) => FlightModule;
const replacing = (original: Factory, mutant: Factory): readonly Factory[] => ONBOARD_MODULES.map((make) => (make === original ? mutant : make));

export const MUTANTS = {
  'power-ignores-floor': replacing(createPowerModule, createFloorBlindPowerModule),
  'jobs-forget-queue': replacing(createJobsModule, createForgetfulJobsModule),
} as const;

export type MutantName = keyof typeof MUTANTS;
