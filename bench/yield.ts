/**
 * Verified work per orbit against the energy-limited upper bound, for the
 * budgeted job runner and the naive one, on the same orbit (550 km, beta 0)
 * and seed:
 *   bound = (array energy available - housekeeping loads) / (minimum energy
 *           per FLOP of the device model, at its most efficient clock)
 *   fraction = verified work (jobs done and verified within the orbit) / bound
 * Modules: ONBOARD_MODULES when the lead has filled it; until then a stand-in
 * that switches the accelerator rail and publishes a planned constant budget
 * (the orbit-average surplus of a dry orbit) with a state-of-charge guard.
 * Target: 90 % of the bound, well ahead of the naive runner.
 */
import { MODE_RULES } from '../fsw/executive/modes.js';
import { defineModule, type ModuleFactory } from '../fsw/executive/module.js';
import { ONBOARD_MODULES } from '../fsw/flight.js';
import { createJobsModule } from '../fsw/jobs/jobs-module.js';
import { acceleratorPowerW, limitedClockMHz, minJoulesPerFlop, throughputFlopS } from '../sim-hw/accelerator/device-power.js';
import { DEFAULT_ACCELERATOR_PARAMS } from '../sim-hw/accelerator/index.js';
import { DEFAULT_ORBIT_PARAMS, orbitPeriodS } from '../sim-hw/world/orbit.js';
import type { EnergyLedger } from '../sim-hw/power/ledger.js';
import { BENCH_SEED, BenchGround, benchStack } from './ground.js';
import { judge, type SummaryRow } from './summary.js';

const MATMUL_SIZE = 48;
/** Orbits flown before the measured one, so that the battery reaches each policy's steady cycle. */
const SETTLE_ORBITS = 2;
const JOBS_IN_FLIGHT = 24;
/** State of charge below which the stand-in budget gives the accelerator nothing. */
const STAND_IN_SOC_FLOOR_PCT = 40;
/** Share of the surplus the stand-in plans to use (battery round trip on the eclipse share). */
const BATTERY_PATH_EFFICIENCY = 0.95;
const BATTERY_CAPACITY_AS = 10 * 3600;
const INITIAL_SOC_FRACTION = 0.8;

/** Best J/FLOP over the J/FLOP of running all orbit long at the average surplus (clock limited to the cap). */
function ceilingFraction(surplusW: number): number {
  const p = DEFAULT_ACCELERATOR_PARAMS;
  const capW = Math.min(p.maxPowerW, surplusW);
  const clockMHz = limitedClockMHz(p, p.clockMHzMax, capW);
  return minJoulesPerFlop(DEFAULT_ACCELERATOR_PARAMS) / (acceleratorPowerW(p, 1, clockMHz) / throughputFlopS(p, 1, clockMHz));
}

/** Bench-only power stand-in: rail on when the mode allows, a constant planned cap, nothing below the floor. */
function plannedBudget(capW: number, railOn: boolean): ModuleFactory {
  let chargeAs = INITIAL_SOC_FRACTION * BATTERY_CAPACITY_AS;
  return defineModule('power', (ctx) => ({
    rateHz: 10,
    step(dtS) {
      chargeAs = Math.min(BATTERY_CAPACITY_AS, Math.max(0, chargeAs + ctx.frame.power.batteryCurrentA * dtS));
      const socPct = (100 * chargeAs) / BATTERY_CAPACITY_AS;
      ctx.actuators.rail('accelerator', railOn && MODE_RULES[ctx.mode].acceleratorAllowed);
      ctx.published.write('power.socPct', socPct);
      ctx.published.write('power.acceleratorCapW', socPct < STAND_IN_SOC_FLOOR_PCT ? 0 : capW);
    },
  }));
}

interface OrbitRun {
  readonly verifiedWorkFlop: number;
  readonly boundFlop: number;
  readonly arrayJ: number;
  readonly housekeepingJ: number;
  readonly acceleratorJ: number;
  readonly batteryDeltaJ: number;
  readonly jobsDone: number;
}

function housekeepingJ(ledger: EnergyLedger): number {
  return ledger.loadJ - ledger.railLoadJ.accelerator;
}

function ledgerCopy(ledger: Readonly<EnergyLedger>): { arrayJ: number; housekeepingJ: number; acceleratorJ: number; storedJ: number } {
  return { arrayJ: ledger.arrayAvailableJ, housekeepingJ: housekeepingJ(ledger), acceleratorJ: ledger.railLoadJ.accelerator, storedJ: ledger.storedChemicalJ };
}

/** SETTLE_ORBITS orbits, then the measured one; the ground keeps JOBS_IN_FLIGHT matmul jobs queued. */
function flyOrbit(modules: readonly ModuleFactory[], policy: 'budgeted' | 'naive' | null): OrbitRun {
  const periodS = orbitPeriodS(DEFAULT_ORBIT_PARAMS);
  const g = new BenchGround(benchStack({ modules }));
  g.run(1);
  g.send('param_set', { name: 'telemetry.eventsPerWindow', value: 1000 });
  if (policy !== null) g.send('param_set', { name: 'jobs.policy', value: policy });
  // The naive runner has no energy budget: the power manager only sheds and guards the hard floor.
  if (policy === 'naive') g.send('param_set', { name: 'power.budgetEnabled', value: false });
  g.send('set_mode', { mode: 'NOMINAL' });
  g.run(1);
  const fly = (untilS: number) => g.fly(untilS, policy === null ? null : { inFlight: JOBS_IN_FLIGHT, size: MATMUL_SIZE });
  fly(SETTLE_ORBITS * periodS);
  const start = ledgerCopy(g.stack.spacecraft.truth().ledger);
  const startWorkFlop = g.published('jobs.verifiedWorkFlop');
  const startDone = g.published('jobs.done');
  fly(g.stack.timeS + periodS);
  const end = ledgerCopy(g.stack.spacecraft.truth().ledger);
  const arrayJ = end.arrayJ - start.arrayJ;
  const hkJ = end.housekeepingJ - start.housekeepingJ;
  return {
    verifiedWorkFlop: g.published('jobs.verifiedWorkFlop') - startWorkFlop,
    boundFlop: (arrayJ - hkJ) / minJoulesPerFlop(DEFAULT_ACCELERATOR_PARAMS),
    arrayJ,
    housekeepingJ: hkJ,
    acceleratorJ: end.acceleratorJ - start.acceleratorJ,
    batteryDeltaJ: end.storedJ - start.storedJ,
    jobsDone: g.published('jobs.done') - startDone,
  };
}

export interface YieldBench {
  readonly modules: 'onboard' | 'stand-in';
  readonly planCapW: number;
  readonly budgeted: OrbitRun;
  readonly naive: OrbitRun;
}

export function benchYield(): YieldBench {
  const periodS = orbitPeriodS(DEFAULT_ORBIT_PARAMS);
  if (ONBOARD_MODULES.length > 0) {
    return { modules: 'onboard', planCapW: Number.NaN, budgeted: flyOrbit(ONBOARD_MODULES, 'budgeted'), naive: flyOrbit(ONBOARD_MODULES, 'naive') };
  }
  // The stand-in's plan: the orbit-average surplus of a dry orbit (accelerator off), less battery losses on the eclipse share.
  const dry = flyOrbit([plannedBudget(0, false)], null);
  const planCapW = ((dry.arrayJ - dry.housekeepingJ) / periodS) * BATTERY_PATH_EFFICIENCY;
  const modules = (capW: number): ModuleFactory[] => [plannedBudget(capW, true), createJobsModule];
  return { modules: 'stand-in', planCapW, budgeted: flyOrbit(modules(planCapW), 'budgeted'), naive: flyOrbit(modules(planCapW), 'naive') };
}

export function printYieldBench(bench: YieldBench): void {
  const row = (name: string, run: OrbitRun) =>
    `${name.padEnd(9)} verified ${(run.verifiedWorkFlop / 1e18).toFixed(2).padStart(7)} EFLOP  bound ${(run.boundFlop / 1e18).toFixed(2).padStart(7)} EFLOP  ` +
    `fraction ${((100 * run.verifiedWorkFlop) / run.boundFlop).toFixed(1).padStart(5)} %  jobs ${String(run.jobsDone).padStart(3)}  ` +
    `accelerator ${(run.acceleratorJ / 1e3).toFixed(0)} kJ  battery ${(run.batteryDeltaJ / 1e3).toFixed(0)} kJ`;
  console.log(
    `\njob yield, orbit ${SETTLE_ORBITS + 1} (550 km, beta 0, seed ${BENCH_SEED}, matmul ${MATMUL_SIZE} jobs), modules: ${bench.modules}${bench.modules === 'stand-in' ? `, planned cap ${bench.planCapW.toFixed(1)} W` : ''}`,
  );
  console.log(row('budgeted', bench.budgeted));
  console.log(row('naive', bench.naive));
  const ratio = bench.budgeted.verifiedWorkFlop / bench.naive.verifiedWorkFlop;
  const run = bench.budgeted;
  const ceiling = ceilingFraction((run.arrayJ - run.housekeepingJ) / orbitPeriodS(DEFAULT_ORBIT_PARAMS));
  console.log(`budgeted / naive verified work: ${ratio.toFixed(2)}  (target: 90 % of the bound)`);
  console.log(
    `one device spending the orbit-average surplus at constant power reaches at most ${(100 * ceiling).toFixed(1)} % of the bound (its J/FLOP there against the best clock's)`,
  );
}

export const BOUND_FRACTION_TARGET = 0.9;

export function yieldSummary(bench: YieldBench): SummaryRow[] {
  const fraction = (run: OrbitRun) => run.verifiedWorkFlop / run.boundFlop;
  const ratio = bench.budgeted.verifiedWorkFlop / bench.naive.verifiedWorkFlop;
  return [
    {
      item: '4',
      figure: 'verified work / energy bound',
      measured: `${(100 * fraction(bench.budgeted)).toFixed(1)} %`,
      target: `>= ${100 * BOUND_FRACTION_TARGET} %`,
      verdict: judge(fraction(bench.budgeted) >= BOUND_FRACTION_TARGET),
    },
    { item: '4', figure: 'naive runner / energy bound', measured: `${(100 * fraction(bench.naive)).toFixed(1)} %`, target: '', verdict: '-' },
    { item: '4', figure: 'budgeted / naive verified work', measured: `${ratio.toFixed(2)}x`, target: '> 1x', verdict: judge(ratio > 1) },
  ];
}
