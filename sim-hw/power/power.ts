/**
 * The power subsystem for one tick: array (array.ts), battery (battery.ts),
 * charge regulator (charger.ts), rails (rails.ts), the bus solution (bus.ts)
 * and the energy ledger (ledger.ts), with the sensors of frames.ts
 * PowerSensors. Order within stepPower:
 *   1. held rail requests take effect;
 *   2. array power available; battery capacity, OCV, resistance at its temperature;
 *   3. charge limit (taper, headroom), rail demands;
 *   4. bus solved; rail powers and currents; battery state of charge moved;
 *   5. ledger; brown-out flagged (bus below busVoltageBrownoutV, collapse, or empty).
 * On a brown-out the assembly calls brownOut() (every rail off) and resets the
 * flight computer; it calls powerUp() when powerUpAllowed() says so.
 */

import { RAILS } from '../../protocol/index.js';
import type { ActuatorFrame, PowerSensors, RailName, RailSensors } from '../../fsw/hal/frames.js';
import { arrayAvailableW, checkArrayParams, createArrayState, DEFAULT_ARRAY_PARAMS } from './array.js';
import type { ArrayParams, ArrayState } from './array.js';
import {
  batteryCapacityAh,
  batteryChemicalEnergyJ,
  batteryOcvV,
  batteryResistanceOhm,
  chargeHeadroomA,
  checkBatteryParams,
  createBatteryState,
  DEFAULT_BATTERY_PARAMS,
  dischargeHeadroomA,
  stepBattery,
} from './battery.js';
import type { BatteryParams, BatteryState, BatteryStepOutputs } from './battery.js';
import { createBusSolution, solveBus } from './bus.js';
import type { BusSolution } from './bus.js';
import { chargeCurrentMaxA, chargeLimitA, checkChargerParams, DEFAULT_CHARGER_PARAMS } from './charger.js';
import type { ChargerParams } from './charger.js';
import { ocvCurve, type OcvCurve } from './ocv.js';
import { createEnergyLedger } from './ledger.js';
import type { EnergyLedger } from './ledger.js';
import { applyRailRequests, checkRailsParams, createRailsState, DEFAULT_RAILS_PARAMS, dropAllRails, powerUpRails, railDemandW, requestRails } from './rails.js';
import type { RailsParams, RailsState } from './rails.js';

export interface PowerParams {
  readonly array: ArrayParams;
  readonly battery: BatteryParams;
  readonly charger: ChargerParams;
  readonly rails: RailsParams;
  /** Below this bus voltage the avionics brown out (2.75 V per cell for 8 cells). */
  readonly busVoltageBrownoutV: number;
  /** State of charge from which the hardware may power up again after a brown-out. */
  readonly powerUpSocFraction: number;
}

export const DEFAULT_POWER_PARAMS: PowerParams = {
  array: DEFAULT_ARRAY_PARAMS,
  battery: DEFAULT_BATTERY_PARAMS,
  charger: DEFAULT_CHARGER_PARAMS,
  rails: DEFAULT_RAILS_PARAMS,
  busVoltageBrownoutV: 22,
  powerUpSocFraction: 0.05,
};

export function checkPowerParams(params: PowerParams): string[] {
  const problems = [
    ...checkArrayParams(params.array),
    ...checkBatteryParams(params.battery),
    ...checkChargerParams(params.charger),
    ...checkRailsParams(params.rails),
  ];
  const cells = params.battery.seriesCells;
  if (!(params.busVoltageBrownoutV >= 2 * cells && params.busVoltageBrownoutV <= 4 * cells)) {
    problems.push(`power busVoltageBrownoutV ${params.busVoltageBrownoutV} is not 2..4 V per cell (${2 * cells}..${4 * cells} V)`);
  }
  if (!(params.powerUpSocFraction >= 0 && params.powerUpSocFraction <= 0.5))
    problems.push(`power powerUpSocFraction ${params.powerUpSocFraction} is not 0..0.5`);
  return problems;
}

export interface PowerState {
  array: ArrayState;
  battery: BatteryState;
  rails: RailsState;
  /** Charge limit last requested by the flight software (held); the regulator clamps it. */
  chargeLimitRequestA: number;
  ledger: EnergyLedger;
  /** Usable capacity the ledger's stored energy was last computed with. */
  capacityAh: number;
  /** The cell OCV curve of params.battery.ocvTableV with its running sums (built once, for the stored energy each tick). */
  readonly ocv: OcvCurve;
  /** Scratch for the bus solution and the battery step (no allocation per tick). */
  bus: BusSolution;
  batteryStep: BatteryStepOutputs;
}

/** The power system at power-up; the ledger starts from the battery's energy at batteryTemperatureC. */
export function createPowerState(params: PowerParams, batteryTemperatureC: number = params.battery.referenceTemperatureC): PowerState {
  const battery = createBatteryState(params.battery);
  const capacityAh = batteryCapacityAh(battery, params.battery, batteryTemperatureC);
  const ocv = ocvCurve(params.battery.ocvTableV);
  return {
    array: createArrayState(params.array),
    battery,
    rails: createRailsState(params.rails),
    chargeLimitRequestA: params.charger.maxCurrentA,
    ledger: createEnergyLedger(batteryChemicalEnergyJ(params.battery, battery.socFraction, capacityAh, ocv)),
    capacityAh,
    ocv,
    bus: createBusSolution(),
    batteryStep: { resistiveLossW: 0, coulombicLossW: 0 },
  };
}

/** Holds the power-related requests of an ActuatorFrame: rail switches (next tick) and the charge limit. */
export function applyPowerActuators(state: PowerState, frame: ActuatorFrame, params: PowerParams): void {
  requestRails(state.rails, frame.rails, params.rails);
  if (frame.chargeCurrentLimitA !== undefined) state.chargeLimitRequestA = frame.chargeCurrentLimitA;
}

/** Brown-out: every rail drops. */
export function brownOut(state: PowerState): void {
  dropAllRails(state.rails);
}

/** Power-up after a brown-out: the power-up rails on, the charge limit back to the hardware default. */
export function powerUp(state: PowerState, params: PowerParams): void {
  powerUpRails(state.rails, params.rails);
  state.chargeLimitRequestA = params.charger.maxCurrentA;
}

/** Whether the hardware may power up: enough charge, or an array that carries the power-up loads by itself. */
export function powerUpAllowed(state: PowerState, params: PowerParams, arrayAvailableNowW: number): boolean {
  if (state.battery.socFraction >= params.powerUpSocFraction) return true;
  let powerUpW = 0;
  for (const rail of RAILS) if (params.rails.rails[rail].onAtPowerUp) powerUpW += params.rails.rails[rail].loadW;
  return arrayAvailableNowW > powerUpW;
}

export interface PowerInputs {
  /** From the orbit model. */
  readonly sunlit: boolean;
  readonly incidenceCos: number;
  /** From the thermal model (battery node). */
  readonly batteryTemperatureC: number;
  readonly commsTransmitting: boolean;
  /** Total heater power (heaters.ts in sim-hw/thermal), zero when the heaters rail is off. */
  readonly heaterPowerW: number;
  /** The accelerator's electrical power (device model). */
  readonly acceleratorPowerW: number;
  /** Extra latch-up current per rail, drawn on top of its load while the rail is on. */
  readonly latchupCurrentA: Readonly<Record<RailName, number>>;
}

export type BrownoutCause = 'none' | 'undervoltage' | 'collapse' | 'empty';

export interface PowerOutputs {
  arrayAvailableW: number;
  arrayDeliveredW: number;
  shuntedW: number;
  busVoltageV: number;
  /** Positive when charging. */
  batteryCurrentA: number;
  batteryOcvV: number;
  batteryResistanceOhm: number;
  socFraction: number;
  capacityAh: number;
  /** The regulator's limit (the request clamped to the hardware's). */
  chargeLimitA: number;
  /** Most charge current this tick (the limit tapered near full, 0 when full). */
  chargeCurrentMaxA: number;
  /** Power the loads received, all rails. */
  loadPowerW: number;
  railPowerW: Record<RailName, number>;
  railCurrentA: Record<RailName, number>;
  resistiveLossW: number;
  coulombicLossW: number;
  /** Heat dissipated in the battery (to the thermal model's battery node). */
  batteryHeatW: number;
  brownout: boolean;
  brownoutCause: BrownoutCause;
}

export function createPowerOutputs(): PowerOutputs {
  return {
    arrayAvailableW: 0,
    arrayDeliveredW: 0,
    shuntedW: 0,
    busVoltageV: 0,
    batteryCurrentA: 0,
    batteryOcvV: 0,
    batteryResistanceOhm: 0,
    socFraction: 0,
    capacityAh: 0,
    chargeLimitA: 0,
    chargeCurrentMaxA: 0,
    loadPowerW: 0,
    railPowerW: { avionics: 0, comms: 0, heaters: 0, payload: 0, accelerator: 0 },
    railCurrentA: { avionics: 0, comms: 0, heaters: 0, payload: 0, accelerator: 0 },
    resistiveLossW: 0,
    coulombicLossW: 0,
    batteryHeatW: 0,
    brownout: false,
    brownoutCause: 'none',
  };
}

/** Advances the power system by one tick of dtS (see the file comment for the order). */
export function stepPower(state: PowerState, inputs: PowerInputs, params: PowerParams, dtS: number, out: PowerOutputs = createPowerOutputs()): PowerOutputs {
  if (!(dtS > 0)) throw new Error(`power step dtS ${dtS} is not positive`);
  const bp = params.battery;
  if (state.ocv.tableV !== bp.ocvTableV) throw new Error('power step: the state was created from another OCV table than these parameters');
  const ledger = state.ledger;
  applyRailRequests(state.rails);

  const availableW = arrayAvailableW(state.array, inputs, params.array);
  const capacityAh = batteryCapacityAh(state.battery, bp, inputs.batteryTemperatureC);
  if (capacityAh !== state.capacityAh) {
    // Temperature or fade changed the usable capacity at a fixed state of charge.
    const storedNowJ = batteryChemicalEnergyJ(bp, state.battery.socFraction, capacityAh, state.ocv);
    ledger.capacityChangeJ += storedNowJ - ledger.storedChemicalJ;
    ledger.storedChemicalJ = storedNowJ;
    state.capacityAh = capacityAh;
  }
  const ocvV = batteryOcvV(state.battery, bp);
  const resistanceOhm = batteryResistanceOhm(bp, inputs.batteryTemperatureC);
  const limitA = chargeLimitA(params.charger, state.chargeLimitRequestA);
  const chargeMaxA = chargeCurrentMaxA(params.charger, limitA, ocvV / bp.seriesCells, chargeHeadroomA(state.battery, bp, capacityAh, dtS));

  const loadW = railsLoadW(state, params, inputs);
  const latchupA = railsLatchupA(state, inputs);
  const bus = solveBus(
    { arrayAvailableW: availableW, loadW, latchupA, ocvV, resistanceOhm, chargeMaxA, dischargeMaxA: dischargeHeadroomA(state.battery, capacityAh, dtS) },
    state.bus,
  );
  const voltageV = bus.busVoltageV;
  distributeRailPower(state, params, inputs, bus, dtS, out);

  const step = stepBattery(state.battery, bus.batteryCurrentA, bp, dtS, ocvV, resistanceOhm, capacityAh, state.batteryStep);

  const shuntedW = availableW - bus.arrayDeliveredW;
  ledger.arrayAvailableJ += availableW * dtS;
  ledger.arrayDeliveredJ += bus.arrayDeliveredW * dtS;
  ledger.shuntedJ += shuntedW * dtS;
  ledger.loadJ += bus.loadDeliveredW * dtS;
  ledger.batteryResistiveLossJ += step.resistiveLossW * dtS;
  ledger.coulombicLossJ += step.coulombicLossW * dtS;
  ledger.storedChemicalJ = batteryChemicalEnergyJ(bp, state.battery.socFraction, capacityAh, state.ocv);

  const cause: BrownoutCause = bus.collapsed ? 'collapse' : bus.emptied ? 'empty' : voltageV < params.busVoltageBrownoutV ? 'undervoltage' : 'none';
  out.arrayAvailableW = availableW;
  out.arrayDeliveredW = bus.arrayDeliveredW;
  out.shuntedW = shuntedW;
  out.busVoltageV = voltageV;
  out.batteryCurrentA = bus.batteryCurrentA;
  out.batteryOcvV = ocvV;
  out.batteryResistanceOhm = resistanceOhm;
  out.socFraction = state.battery.socFraction;
  out.capacityAh = capacityAh;
  out.chargeLimitA = limitA;
  out.chargeCurrentMaxA = chargeMaxA;
  out.loadPowerW = bus.loadDeliveredW;
  out.resistiveLossW = step.resistiveLossW;
  out.coulombicLossW = step.coulombicLossW;
  out.batteryHeatW = step.resistiveLossW + step.coulombicLossW;
  out.brownout = cause !== 'none';
  out.brownoutCause = cause;
  return out;
}

/** What the rails that are on ask for, in constant power (RAILS order). */
function railsLoadW(state: PowerState, params: PowerParams, inputs: PowerInputs): number {
  let loadW = 0;
  for (const rail of RAILS) if (state.rails.on[rail]) loadW += railDemandW(rail, params.rails, inputs);
  return loadW;
}

/** The latch-up currents on the rails that are on (RAILS order). */
function railsLatchupA(state: PowerState, inputs: PowerInputs): number {
  let latchupA = 0;
  for (const rail of RAILS) {
    if (!state.rails.on[rail]) continue;
    const extra = inputs.latchupCurrentA[rail];
    if (extra > 0) latchupA += extra;
  }
  return latchupA;
}

/** Each rail's power and current at the solved bus (scaled down when the loads got less than they asked), into out and the ledger. */
function distributeRailPower(state: PowerState, params: PowerParams, inputs: PowerInputs, bus: BusSolution, dtS: number, out: PowerOutputs): void {
  const voltageV = bus.busVoltageV;
  const scale = bus.loadDemandW > 0 ? bus.loadDeliveredW / bus.loadDemandW : 1;
  for (const rail of RAILS) {
    let powerW = 0;
    let currentA = 0;
    if (state.rails.on[rail]) {
      const extra = inputs.latchupCurrentA[rail];
      const latchA = extra > 0 ? extra : 0;
      powerW = (railDemandW(rail, params.rails, inputs) + voltageV * latchA) * scale;
      currentA = voltageV > 0 ? powerW / voltageV : latchA * scale;
    }
    out.railPowerW[rail] = powerW;
    out.railCurrentA[rail] = currentA;
    state.ledger.railLoadJ[rail] += powerW * dtS;
  }
}

/** The frames.ts PowerSensors of a tick (a new object: frames are kept by their readers). */
export function powerSensors(state: PowerState, outputs: PowerOutputs, batteryTemperatureC: number): PowerSensors {
  const voltageV = outputs.busVoltageV;
  const on = state.rails.on;
  const currentA = outputs.railCurrentA;
  // one literal in RAILS order (the order the keys had when added one by one)
  const rails: Record<RailName, RailSensors> = {
    avionics: { on: on.avionics, currentA: currentA.avionics },
    comms: { on: on.comms, currentA: currentA.comms },
    heaters: { on: on.heaters, currentA: currentA.heaters },
    payload: { on: on.payload, currentA: currentA.payload },
    accelerator: { on: on.accelerator, currentA: currentA.accelerator },
  };
  return {
    busVoltageV: voltageV,
    batteryVoltageV: voltageV,
    batteryCurrentA: outputs.batteryCurrentA,
    batteryTemperatureC,
    arrayCurrentA: voltageV > 0 ? outputs.arrayDeliveredW / voltageV : 0,
    arrayAvailableA: voltageV > 0 ? outputs.arrayAvailableW / voltageV : 0,
    chargeCurrentLimitA: outputs.chargeLimitA,
    rails,
  };
}
