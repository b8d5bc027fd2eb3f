/**
 * Verified work per orbit against the energy-limited upper bound and the
 * achievable optimum, for the budgeted job runner and the naive one, on the
 * same orbit (550 km, beta 0) and seed:
 *   bound = (array energy available - housekeeping loads) / (minimum energy
 *           per FLOP of the device model, at its most efficient clock)
 *   optimum = the most verified work a periodic schedule gets from the
 *           orbit's recorded array and housekeeping profile, the device's
 *           power curve, the rail's on/off choice and the battery
 *           (mission/optimum/achievable-optimum.ts)
 *   fractions = verified work (jobs done and verified within the orbit, and
 *           pro rata with the running job's progress) / bound, / optimum
 * Modules: ONBOARD_MODULES when the lead has filled it; until then a stand-in
 * that switches the accelerator rail and publishes a planned constant budget
 * (the orbit-average surplus of a dry orbit) with a state-of-charge guard.
 * Target: 95 % of the achievable optimum (pro rata), ahead of the naive runner.
 */
import { MODE_RULES } from '../fsw/executive/modes.js';
import { defineModule, type ModuleFactory } from '../fsw/executive/module.js';
import { ONBOARD_MODULES } from '../fsw/flight.js';
import { createJobsModule } from '../fsw/jobs/jobs-module.js';
import { acceleratorPowerW, limitedClockMHz, minJoulesPerFlop, throughputFlopS } from '../sim-hw/accelerator/device-power.js';
import { DEFAULT_ACCELERATOR_PARAMS } from '../sim-hw/accelerator/index.js';
import { DEFAULT_ORBIT_PARAMS, orbitPeriodS } from '../astro/orbit.js';
import type { EnergyLedger } from '../sim-hw/power/ledger.js';
import { achievableOptimum, coarsenProfile, type Optimum, type ProfileSegment } from '../mission/optimum/achievable-optimum.js';
import { storageModel } from '../mission/optimum/spacecraft-storage.js';
import { jobShape } from '../fsw/jobs/shapes.js';
import { DEFAULT_POWER_PARAMS } from '../sim-hw/power/power.js';
import { POWER_PARAMS } from '../fsw/power/power-params.js';
import { BENCH_SEED, BenchGround, benchStack } from './ground.js';
import { judge, type SummaryRow } from './summary.js';

const MATMUL_SIZE = 48;
/** Verified share of a matmul job's device work (its ABFT checksum row and column are not the ground's problem). */
const USEFUL_FRACTION = jobShape('matmul', MATMUL_SIZE).usefulFraction;
/** The optimum's profile segments and charge grid (bench/README.md section 4). */
const OPTIMUM_SEGMENT_S = 60;
const OPTIMUM_LEVELS = 2000;
/** Orbits flown before the measured one, so that the battery reaches each policy's steady cycle. */
const SETTLE_ORBITS = 2;
const JOBS_IN_FLIGHT = 24;
/** State of charge below which the stand-in budget gives the accelerator nothing. */
const STAND_IN_SOC_FLOOR_PCT = 40;
/** Share of the surplus the stand-in plans to use (battery round trip on the eclipse share). */
const BATTERY_PATH_EFFICIENCY = 0.95;
const BATTERY_CAPACITY_AS = 10 * 3600;
/** Resolution of the orbit's recorded profile (the ground's step). */
const PROFILE_STEP_S = 10;
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

/** Device work done so far on the job the device is working on (0 when none). */
function inFlightFlop(g: BenchGround): number {
  const job = g.stack.current.accelerator.job;
  return job !== null && (job.state === 'loading' || job.state === 'running' || job.state === 'checkpointing') ? job.workDoneFlop : 0;
}

interface OrbitRun {
  readonly verifiedWorkFlop: number;
  /**
   * Verified work with the jobs at the orbit's edges counted pro rata: plus the
   * verified share of the work the running job gained within the orbit. One
   * matmul 48 job is ~6 % of the orbit's work, so whole jobs alone swing with
   * where the job boundaries fall.
   */
  readonly proRataWorkFlop: number;
  readonly boundFlop: number;
  readonly arrayJ: number;
  readonly housekeepingJ: number;
  readonly acceleratorJ: number;
  readonly batteryDeltaJ: number;
  readonly jobsDone: number;
  /** Array available and housekeeping loads over the orbit, every PROFILE_STEP_S. */
  readonly profile: readonly ProfileSegment[];
  readonly socStartFraction: number;
  readonly socEndFraction: number;
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
  const startSocFraction = g.stack.spacecraft.truth().socFraction;
  const startWorkFlop = g.published('jobs.verifiedWorkFlop');
  const startInFlightFlop = inFlightFlop(g);
  const startDone = g.published('jobs.done');
  const profile: ProfileSegment[] = [];
  const endS = g.stack.timeS + periodS;
  let last = start;
  while (g.stack.timeS < endS - 1e-6) {
    const fromS = g.stack.timeS;
    fly(Math.min(endS, fromS + PROFILE_STEP_S));
    const now = ledgerCopy(g.stack.spacecraft.truth().ledger);
    const durationS = g.stack.timeS - fromS;
    profile.push({ durationS, arrayAvailableW: (now.arrayJ - last.arrayJ) / durationS, housekeepingW: (now.housekeepingJ - last.housekeepingJ) / durationS });
    last = now;
  }
  const end = ledgerCopy(g.stack.spacecraft.truth().ledger);
  const arrayJ = end.arrayJ - start.arrayJ;
  const hkJ = end.housekeepingJ - start.housekeepingJ;
  return {
    verifiedWorkFlop: g.published('jobs.verifiedWorkFlop') - startWorkFlop,
    proRataWorkFlop: g.published('jobs.verifiedWorkFlop') - startWorkFlop + (inFlightFlop(g) - startInFlightFlop) * USEFUL_FRACTION,
    boundFlop: (arrayJ - hkJ) / minJoulesPerFlop(DEFAULT_ACCELERATOR_PARAMS),
    arrayJ,
    housekeepingJ: hkJ,
    acceleratorJ: end.acceleratorJ - start.acceleratorJ,
    batteryDeltaJ: end.storedJ - start.storedJ,
    jobsDone: g.published('jobs.done') - startDone,
    profile,
    socStartFraction: startSocFraction,
    socEndFraction: g.stack.spacecraft.truth().socFraction,
  };
}

export interface YieldBench {
  readonly modules: 'onboard' | 'stand-in';
  readonly planCapW: number;
  readonly budgeted: OrbitRun;
  readonly naive: OrbitRun;
  /** The achievable optimum of the budgeted run's orbit (periodic: the battery ends where it started). */
  readonly optimum: Optimum;
}

/** The most verified work a periodic schedule gets from the orbit's profile (mission/optimum/). */
function orbitOptimum(run: OrbitRun): Optimum {
  const floorPct = POWER_PARAMS.find((def) => def.name === 'power.socFloorPct')?.default;
  if (typeof floorPct !== 'number') throw new Error('power.socFloorPct has no numeric default');
  const optimum = achievableOptimum(
    coarsenProfile(run.profile, OPTIMUM_SEGMENT_S),
    DEFAULT_ACCELERATOR_PARAMS,
    storageModel(DEFAULT_POWER_PARAMS, floorPct),
    { periodic: true },
    { levels: OPTIMUM_LEVELS, usefulFraction: USEFUL_FRACTION },
  );
  if (!optimum.ok) throw new Error(`the bench orbit has no achievable optimum: ${optimum.error}`);
  return optimum.value;
}

export function benchYield(): YieldBench {
  const periodS = orbitPeriodS(DEFAULT_ORBIT_PARAMS);
  if (ONBOARD_MODULES.length > 0) {
    const budgeted = flyOrbit(ONBOARD_MODULES, 'budgeted');
    return { modules: 'onboard', planCapW: Number.NaN, budgeted, naive: flyOrbit(ONBOARD_MODULES, 'naive'), optimum: orbitOptimum(budgeted) };
  }
  // The stand-in's plan: the orbit-average surplus of a dry orbit (accelerator off), less battery losses on the eclipse share.
  const dry = flyOrbit([plannedBudget(0, false)], null);
  const planCapW = ((dry.arrayJ - dry.housekeepingJ) / periodS) * BATTERY_PATH_EFFICIENCY;
  const modules = (capW: number): ModuleFactory[] => [plannedBudget(capW, true), createJobsModule];
  const budgeted = flyOrbit(modules(planCapW), 'budgeted');
  return { modules: 'stand-in', planCapW, budgeted, naive: flyOrbit(modules(planCapW), 'naive'), optimum: orbitOptimum(budgeted) };
}

export function printYieldBench(bench: YieldBench): void {
  const optimumFlop = bench.optimum.verifiedFlop;
  const eflop = (flop: number) => (flop / 1e18).toFixed(2).padStart(5);
  const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1).padStart(5)} %`;
  const row = (name: string, run: OrbitRun) =>
    `${name.padEnd(9)} verified ${eflop(run.verifiedWorkFlop)} EFLOP (${pct(run.verifiedWorkFlop, run.boundFlop)} of the bound, ${pct(run.verifiedWorkFlop, optimumFlop)} of the optimum, jobs ${String(run.jobsDone).padStart(2)}); ` +
    `pro rata ${eflop(run.proRataWorkFlop)} EFLOP (${pct(run.proRataWorkFlop, optimumFlop)} of the optimum); ` +
    `accelerator ${(run.acceleratorJ / 1e3).toFixed(0)} kJ, battery ${(run.batteryDeltaJ / 1e3).toFixed(0)} kJ`;
  console.log(
    `\njob yield, orbit ${SETTLE_ORBITS + 1} (550 km, beta 0, seed ${BENCH_SEED}, matmul ${MATMUL_SIZE} jobs), modules: ${bench.modules}${bench.modules === 'stand-in' ? `, planned cap ${bench.planCapW.toFixed(1)} W` : ''}`,
  );
  const run = bench.budgeted;
  const ceiling = ceilingFraction((run.arrayJ - run.housekeepingJ) / orbitPeriodS(DEFAULT_ORBIT_PARAMS));
  console.log(
    `energy bound ${eflop(run.boundFlop)} EFLOP ((array - housekeeping) / best J/FLOP); constant power at the orbit-average surplus ${(100 * ceiling).toFixed(1)} % of it; ` +
      `achievable optimum ${eflop(optimumFlop)} EFLOP verified (${pct(optimumFlop, run.boundFlop)} of the bound; device ${(bench.optimum.deviceEnergyJ / 1e3).toFixed(0)} kJ, ` +
      `${Math.min(...bench.optimum.powerW).toFixed(0)}..${Math.max(...bench.optimum.powerW).toFixed(0)} W)`,
  );
  console.log(row('budgeted', bench.budgeted));
  console.log(row('naive', bench.naive));
  const ratio = bench.budgeted.verifiedWorkFlop / bench.naive.verifiedWorkFlop;
  console.log(`budgeted / naive verified work: ${ratio.toFixed(2)}  (target: ${100 * OPTIMUM_FRACTION_TARGET} % of the achievable optimum, pro rata)`);
}

export const OPTIMUM_FRACTION_TARGET = 0.95;

export function yieldSummary(bench: YieldBench): SummaryRow[] {
  const fraction = (run: OrbitRun) => run.verifiedWorkFlop / run.boundFlop;
  const ofOptimum = (flop: number) => flop / bench.optimum.verifiedFlop;
  const ratio = bench.budgeted.verifiedWorkFlop / bench.naive.verifiedWorkFlop;
  const proRata = ofOptimum(bench.budgeted.proRataWorkFlop);
  return [
    {
      item: '4',
      figure: 'verified work / achievable optimum (pro rata)',
      measured: `${(100 * proRata).toFixed(1)} %`,
      target: `>= ${100 * OPTIMUM_FRACTION_TARGET} %`,
      verdict: judge(proRata >= OPTIMUM_FRACTION_TARGET),
    },
    {
      item: '4',
      figure: 'verified work / achievable optimum (whole jobs)',
      measured: `${(100 * ofOptimum(bench.budgeted.verifiedWorkFlop)).toFixed(1)} %`,
      target: '',
      verdict: '-',
    },
    { item: '4', figure: 'verified work / energy bound', measured: `${(100 * fraction(bench.budgeted)).toFixed(1)} %`, target: '', verdict: '-' },
    {
      item: '4',
      figure: 'achievable optimum / energy bound',
      measured: `${(100 * (bench.optimum.verifiedFlop / bench.budgeted.boundFlop)).toFixed(1)} %`,
      target: '',
      verdict: '-',
    },
    { item: '4', figure: 'naive runner / energy bound', measured: `${(100 * fraction(bench.naive)).toFixed(1)} %`, target: '', verdict: '-' },
    { item: '4', figure: 'budgeted / naive verified work', measured: `${ratio.toFixed(2)}x`, target: '> 1x', verdict: judge(ratio > 1) },
  ];
}
