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
import type { Executive } from '../fsw/executive/executive.js';
import { MODE_RULES } from '../fsw/executive/modes.js';
import type { FlightModule } from '../fsw/executive/module.js';
import { ONBOARD_MODULES } from '../fsw/flight.js';
import { createJobsModule } from '../fsw/jobs/jobs-module.js';
import { acceleratorPowerW, limitedClockMHz, throughputFlopS } from '../sim-hw/accelerator/device-power.js';
import { DEFAULT_ACCELERATOR_PARAMS } from '../sim-hw/accelerator/index.js';
import { DEFAULT_ORBIT_PARAMS, orbitPeriodS } from '../sim-hw/world/orbit.js';
import type { EnergyLedger } from '../sim-hw/power/ledger.js';
import { spacecraftConfig } from '../sim-hw/config.js';
import { DEFAULT_LINK_PARAMS } from '../sim-hw/link/channel.js';
import { InProcessStack } from '../mission/stack.js';
import { buildTelecommand, missionDictionary, type KeyRing } from '../protocol/index.js';

type ModuleFactory = (core: Executive) => FlightModule;

const SEED = 1;
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

const KEY_ID = 1;
const KEY = new Uint8Array(32).fill(0x3c);
const KEYS: KeyRing = new Map([[KEY_ID, KEY]]);
const dictionary = missionDictionary();

/** The bench's ground: signed telecommands with a counting sequence number. */
class BenchGround {
  private seq = 1n;
  constructor(readonly stack: InProcessStack) {}

  send(name: string, args: Record<string, unknown> = {}): void {
    const seq = this.seq++;
    const built = buildTelecommand(dictionary, { name, args, keyId: KEY_ID, key: KEY, seq, sequenceCount: Number(seq % 16384n), timeS: this.stack.timeS });
    if (!built.ok) throw new Error(built.error);
    this.stack.uplink(built.value);
  }

  run(durationS: number): void {
    this.stack.runUntil(this.stack.timeS + durationS);
    this.stack.takeDownlink();
  }

  published(name: string): number {
    return this.stack.fsw.executive.published.get(name, 0);
  }
}

/** Minimum device energy per FLOP over its clock range. */
export function minJoulesPerFlop(): number {
  const p = DEFAULT_ACCELERATOR_PARAMS;
  let best = Number.POSITIVE_INFINITY;
  for (let clockMHz = p.clockMHzMin; clockMHz <= p.clockMHzMax; clockMHz += 1) {
    best = Math.min(best, acceleratorPowerW(p, 1, clockMHz) / throughputFlopS(p, 1, clockMHz));
  }
  return best;
}

/** Best J/FLOP over the J/FLOP of running all orbit long at the average surplus (clock limited to the cap). */
function ceilingFraction(surplusW: number): number {
  const p = DEFAULT_ACCELERATOR_PARAMS;
  const capW = Math.min(p.maxPowerW, surplusW);
  const clockMHz = limitedClockMHz(p, p.clockMHzMax, capW);
  return minJoulesPerFlop() / (acceleratorPowerW(p, 1, clockMHz) / throughputFlopS(p, 1, clockMHz));
}

/** Bench-only power stand-in: rail on when the mode allows, a constant planned cap, nothing below the floor. */
function plannedBudget(capW: number, railOn: boolean): ModuleFactory {
  let chargeAs = INITIAL_SOC_FRACTION * BATTERY_CAPACITY_AS;
  return () => ({
    name: 'bench-power',
    rateHz: 10,
    step(ctx, dtS) {
      chargeAs = Math.min(BATTERY_CAPACITY_AS, Math.max(0, chargeAs + ctx.frame.power.batteryCurrentA * dtS));
      const socPct = (100 * chargeAs) / BATTERY_CAPACITY_AS;
      ctx.actuators.rail('accelerator', railOn && MODE_RULES[ctx.mode].acceleratorAllowed);
      ctx.published.set('power.socPct', socPct);
      ctx.published.set('power.acceleratorCapW', socPct < STAND_IN_SOC_FLOOR_PCT ? 0 : capW);
    },
  });
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
  const g = new BenchGround(new InProcessStack({ keys: KEYS, modules, config: spacecraftConfig({ seed: SEED, link: { ...DEFAULT_LINK_PARAMS, relay: true, lossProbability: 0 } }) }));
  g.run(1);
  g.send('param_set', { name: 'telemetry.eventsPerWindow', value: 1000 });
  if (policy !== null) g.send('param_set', { name: 'jobs.policy', value: policy });
  // The naive runner has no energy budget: the power manager only sheds and guards the hard floor.
  if (policy === 'naive') g.send('param_set', { name: 'power.budgetEnabled', value: false });
  g.send('set_mode', { mode: 'NOMINAL' });
  g.run(1);
  let submitted = 0;
  const fly = (untilS: number) => {
    while (g.stack.timeS < untilS - 1e-6) {
      for (let queued = g.published('jobs.queueLength'); policy !== null && queued < JOBS_IN_FLIGHT; queued++) g.send('submit_job', { jobId: 1 + submitted++, kind: 'matmul', size: MATMUL_SIZE });
      g.run(Math.min(10, untilS - g.stack.timeS));
    }
  };
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
    boundFlop: (arrayJ - hkJ) / minJoulesPerFlop(),
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
  console.log(`\njob yield, orbit ${SETTLE_ORBITS + 1} (550 km, beta 0, seed ${SEED}, matmul ${MATMUL_SIZE} jobs), modules: ${bench.modules}${bench.modules === 'stand-in' ? `, planned cap ${bench.planCapW.toFixed(1)} W` : ''}`);
  console.log(row('budgeted', bench.budgeted));
  console.log(row('naive', bench.naive));
  const ratio = bench.budgeted.verifiedWorkFlop / bench.naive.verifiedWorkFlop;
  const run = bench.budgeted;
  const ceiling = ceilingFraction((run.arrayJ - run.housekeepingJ) / orbitPeriodS(DEFAULT_ORBIT_PARAMS));
  console.log(`budgeted / naive verified work: ${ratio.toFixed(2)}  (target: 90 % of the bound)`);
  console.log(`one device spending the orbit-average surplus at constant power reaches at most ${(100 * ceiling).toFixed(1)} % of the bound (its J/FLOP there against the best clock's)`);
}
