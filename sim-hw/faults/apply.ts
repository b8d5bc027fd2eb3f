/**
 * What each fault kind does to the hardware (README.md "Fault kinds"), and
 * how a lasting one ends: applyFault and revertFault act on the parts of the
 * spacecraft a fault touches, given as FaultTargets. When they run is the
 * schedule's business (schedule.ts); what a latch-up does tick by tick is
 * latchups.ts.
 */

import type { RailName } from '../../fsw/hal/frames.js';
import { type AcceleratorState, injectLogicUpset, injectRandomUpsets, injectSefi, injectUpsetsInBuffer, type MemoryRegionState } from '../accelerator/index.js';
import { degradeArray } from '../power/array.js';
import { fadeBattery } from '../power/battery.js';
import type { PowerState } from '../power/power.js';
import type { Random } from '../random.js';
import { setHeaterFault, type HeaterState } from '../thermal/heaters.js';
import { clearSensorFault, setSensorFault, type TemperatureSensorState } from '../thermal/sensors.js';
import { hangObc, resetObc, type ObcState } from '../watchdog/obc.js';
import type { WatchdogState } from '../watchdog/watchdog.js';
import type { TimedFault } from './types.js';

/** What lasting faults leave in the environment, besides the parts they change. */
export interface FaultConditions {
  /** Every radiation effect's rate is multiplied by this (solar storms; 1 when calm). */
  stormMultiplier: number;
  /** The space link is down until this mission time (link-outage; -1: never was). */
  outageUntilS: number;
}

export function createFaultConditions(): FaultConditions {
  return { stormMultiplier: 1, outageUntilS: -1 };
}

/** The counters a fault moves (a part of SpacecraftCounts). */
export interface FaultCounts {
  hbmUpsets: number;
  ramUpsets: number;
  logicUpsets: number;
  sefis: number;
  latchups: number;
  faultsInjected: number;
}

/** A latch-up in progress on a rail. */
export interface LatchupState {
  extraCurrentA: number;
  /** How long the rail has stayed powered with the latch-up. */
  onS: number;
}

/** The parts of the spacecraft a fault acts on: references, changed in place. */
export interface FaultTargets {
  readonly sensors: TemperatureSensorState;
  readonly heaters: HeaterState;
  readonly power: PowerState;
  readonly accelerator: AcceleratorState;
  readonly ram: MemoryRegionState;
  readonly obc: ObcState;
  readonly watchdog: WatchdogState;
  readonly latchups: Map<RailName, LatchupState>;
  readonly conditions: FaultConditions;
  readonly counts: FaultCounts;
  /** The fault-effects stream: where a burst lands, which bit a logic upset flips. */
  readonly random: Random;
  /** A burst's multi-bit fraction when the fault names none (config.effects). */
  readonly multiBitFraction: number;
}

/** Applies a fault; endS is when a lasting one ends (Infinity: for good). */
export function applyFault(targets: FaultTargets, fault: TimedFault, endS: number): void {
  targets.counts.faultsInjected++;
  switch (fault.kind) {
    case 'sensor-stuck':
      setSensorFault(targets.sensors, fault.zone, fault.sensor, { kind: 'stuck' });
      break;
    case 'sensor-dead':
      setSensorFault(targets.sensors, fault.zone, fault.sensor, { kind: 'dead' });
      break;
    case 'sensor-noisy':
      setSensorFault(targets.sensors, fault.zone, fault.sensor, { kind: 'noisy', sigmaC: fault.sigmaC });
      break;
    case 'sensor-offset':
      setSensorFault(targets.sensors, fault.zone, fault.sensor, { kind: 'offset', offsetC: fault.offsetC });
      break;
    case 'heater-stuck':
      setHeaterFault(targets.heaters, fault.heater, fault.state === 'on' ? 'stuck-on' : 'stuck-off');
      break;
    case 'battery-capacity-loss': {
      const battery = targets.power.battery;
      fadeBattery(battery, Math.min(0.9, 1 - (1 - battery.capacityFadeFraction) * (1 - fault.fraction)));
      break;
    }
    case 'array-degradation': {
      const array = targets.power.array;
      degradeArray(array, Math.min(1, 1 - (1 - array.degradationFraction) * (1 - fault.fraction)));
      break;
    }
    case 'latchup':
      startLatchup(targets, fault.rail, fault.extraCurrentA);
      break;
    case 'sefi':
      if (injectSefi(targets.accelerator)) targets.counts.sefis++;
      break;
    case 'upset-burst':
      burstUpsets(targets, fault);
      break;
    case 'logic-upset':
      if (injectLogicUpset(targets.accelerator, targets.random)) targets.counts.logicUpsets++;
      break;
    case 'solar-storm':
      targets.conditions.stormMultiplier *= fault.multiplier;
      break;
    case 'link-outage':
      targets.conditions.outageUntilS = Math.max(targets.conditions.outageUntilS, endS);
      break;
    case 'obc-hang':
      hangObc(targets.obc, endS);
      break;
  }
}

/** Ends a lasting fault at the end of its duration. */
export function revertFault(targets: FaultTargets, fault: TimedFault): void {
  switch (fault.kind) {
    case 'sensor-stuck':
    case 'sensor-dead':
      clearSensorFault(targets.sensors, fault.zone, fault.sensor, fault.kind === 'sensor-stuck' ? 'stuck' : 'dead');
      break;
    case 'sensor-noisy':
      clearSensorFault(targets.sensors, fault.zone, fault.sensor, 'noisy');
      break;
    case 'sensor-offset':
      clearSensorFault(targets.sensors, fault.zone, fault.sensor, 'offset');
      break;
    case 'heater-stuck':
      setHeaterFault(targets.heaters, fault.heater, 'none');
      break;
    case 'solar-storm':
      targets.conditions.stormMultiplier /= fault.multiplier;
      break;
    default:
      // Outages and hangs end by time; the other kinds have no duration.
      break;
  }
}

/** A latch-up needs power; on the avionics rail the hardware's current limiter trips at once and the computer reboots. */
function startLatchup(targets: FaultTargets, rail: RailName, extraCurrentA: number): void {
  if (!targets.power.rails.on[rail]) return;
  targets.counts.latchups++;
  if (rail === 'avionics') {
    resetObc(targets.obc, 'power-on');
    targets.watchdog.sinceStrokeS = 0;
    return;
  }
  targets.latchups.set(rail, { extraCurrentA, onS: 0 });
}

/** `count` upset events at once, in the running job's buffers (target job, HBM) or anywhere in the region. */
function burstUpsets(targets: FaultTargets, fault: Extract<TimedFault, { kind: 'upset-burst' }>): void {
  const { accelerator, random } = targets;
  const region = fault.region === 'hbm' ? accelerator.hbm : targets.ram;
  const fraction = fault.multiBitFraction ?? targets.multiBitFraction;
  const buffers = fault.target === 'job' && fault.region === 'hbm' ? (accelerator.job?.buffers ?? []) : [];
  if (buffers.length > 0) {
    for (let n = 0; n < fault.count; n++) injectUpsetsInBuffer(region, random, random.pick(buffers), 1, fraction);
  } else {
    injectRandomUpsets(region, random, fault.count, fraction);
  }
  if (fault.region === 'hbm') targets.counts.hbmUpsets += fault.count;
  else targets.counts.ramUpsets += fault.count;
}
