/**
 * The battery as an equivalent circuit (REFERENCE.md: NASA progpy
 * BatteryCircuit): cells in series, each an open-circuit voltage source
 * (ocv.ts) behind a series resistance that rises in the cold. The state of
 * charge is the simulator's truth; the usable capacity shrinks with fade
 * (raised by a fault) and in the cold. Charging stores only
 * chargeEfficiency of the charge (coulombic loss); resistive loss is I^2 R.
 * The pack's terminal voltage is OCV + I * R with I positive when charging.
 */

import { checkOcvTable, DEFAULT_OCV_TABLE_V, ocvCellV, ocvCurve, ocvCurveIntegralV, type OcvCurve } from './ocv.js';
import { checkRange } from '../params.js';

export interface BatteryParams {
  readonly seriesCells: number;
  /** Capacity of the pack (of each series cell) when new, at the reference temperature. */
  readonly capacityAh: number;
  /** Cell OCV on a uniform state-of-charge grid, 0 % first, 100 % last. */
  readonly ocvTableV: readonly number[];
  /** Series resistance of one cell at and above the reference temperature. */
  readonly cellResistanceOhm: number;
  readonly referenceTemperatureC: number;
  /** R(T) = R * exp(k * (Tref - T)) below Tref. */
  readonly resistanceColdPerK: number;
  /** Capacity factor 1 - k * (Tref - T) below Tref, not below capacityColdFactorMin. */
  readonly capacityColdPerK: number;
  readonly capacityColdFactorMin: number;
  /** Fraction of the charging current that is stored (coulombic efficiency). */
  readonly chargeEfficiency: number;
  readonly initialSocFraction: number;
  /** Capacity lost to ageing at power-up (0 = new). */
  readonly capacityFadeFraction: number;
}

/** Sizing in README.md "Battery sizing"; grades there. */
export const DEFAULT_BATTERY_PARAMS: BatteryParams = {
  seriesCells: 8,
  capacityAh: 10,
  ocvTableV: DEFAULT_OCV_TABLE_V,
  cellResistanceOhm: 0.05,
  referenceTemperatureC: 25,
  resistanceColdPerK: 0.025,
  capacityColdPerK: 0.005,
  capacityColdFactorMin: 0.5,
  chargeEfficiency: 0.95,
  initialSocFraction: 0.8,
  capacityFadeFraction: 0,
};

export function checkBatteryParams(params: BatteryParams): string[] {
  const problems: string[] = [];
  const range = (name: string, value: number, min: number, max: number, integer = false): void =>
    checkRange(problems, `battery ${name}`, value, min, max, integer);
  range('seriesCells', params.seriesCells, 1, 400, true);
  range('capacityAh', params.capacityAh, 0.1, 10000);
  range('cellResistanceOhm', params.cellResistanceOhm, 0.0001, 1);
  range('referenceTemperatureC', params.referenceTemperatureC, -40, 60);
  range('resistanceColdPerK', params.resistanceColdPerK, 0, 0.2);
  range('capacityColdPerK', params.capacityColdPerK, 0, 0.05);
  range('capacityColdFactorMin', params.capacityColdFactorMin, 0.05, 1);
  range('chargeEfficiency', params.chargeEfficiency, 0.5, 1);
  range('initialSocFraction', params.initialSocFraction, 0, 1);
  range('capacityFadeFraction', params.capacityFadeFraction, 0, 0.95);
  for (const problem of checkOcvTable(params.ocvTableV)) problems.push(`battery ${problem}`);
  return problems;
}

export interface BatteryState {
  /** State of charge of the usable capacity, 0..1: the truth the flight software estimates. */
  socFraction: number;
  /** Present capacity fade, 0..0.95: starts at the parameter, raised by a capacity-loss fault. */
  capacityFadeFraction: number;
}

export function createBatteryState(params: BatteryParams): BatteryState {
  return { socFraction: params.initialSocFraction, capacityFadeFraction: params.capacityFadeFraction };
}

/** Raises the capacity fade (a fault only adds loss). */
export function fadeBattery(state: BatteryState, fraction: number): void {
  if (!(fraction >= 0 && fraction <= 0.95)) throw new Error(`battery capacity fade ${fraction} is not 0..0.95`);
  if (fraction > state.capacityFadeFraction) state.capacityFadeFraction = fraction;
}

/** Usable capacity now: new capacity times (1 - fade) times the cold factor. */
export function batteryCapacityAh(state: BatteryState, params: BatteryParams, temperatureC: number): number {
  const below = params.referenceTemperatureC - temperatureC;
  let factor = below > 0 ? 1 - params.capacityColdPerK * below : 1;
  if (factor < params.capacityColdFactorMin) factor = params.capacityColdFactorMin;
  return params.capacityAh * (1 - state.capacityFadeFraction) * factor;
}

/** Series resistance of the pack at a temperature. */
export function batteryResistanceOhm(params: BatteryParams, temperatureC: number): number {
  const below = params.referenceTemperatureC - temperatureC;
  const factor = below > 0 ? Math.exp(params.resistanceColdPerK * below) : 1;
  return params.seriesCells * params.cellResistanceOhm * factor;
}

/** Open-circuit voltage of the pack at the present state of charge. */
export function batteryOcvV(state: BatteryState, params: BatteryParams): number {
  return params.seriesCells * ocvCellV(params.ocvTableV, state.socFraction);
}

/**
 * Chemical energy stored at a state of charge for a usable capacity:
 * seriesCells * capacity * 3600 * integral_0^soc OCV(s) ds. Zero when empty.
 * Per tick pass the curve of params.ocvTableV that the caller keeps (the
 * power state's); without one it is built for this call.
 */
export function batteryChemicalEnergyJ(params: BatteryParams, socFraction: number, capacityAh: number, ocv: OcvCurve = ocvCurve(params.ocvTableV)): number {
  return params.seriesCells * capacityAh * 3600 * ocvCurveIntegralV(ocv, socFraction);
}

/** Largest discharge current (A, positive) the battery can give over dtS before it is empty. */
export function dischargeHeadroomA(state: BatteryState, capacityAh: number, dtS: number): number {
  return (state.socFraction * capacityAh * 3600) / dtS;
}

/** Largest charging current over dtS before it is full (the coulombic loss counted). */
export function chargeHeadroomA(state: BatteryState, params: BatteryParams, capacityAh: number, dtS: number): number {
  return ((1 - state.socFraction) * capacityAh * 3600) / (params.chargeEfficiency * dtS);
}

export interface BatteryStepOutputs {
  /** Heat dissipated in the pack: I^2 R plus the coulombic loss (charge not stored, at the OCV). */
  resistiveLossW: number;
  coulombicLossW: number;
}

/**
 * Moves the state of charge by a current held over dtS (positive charging),
 * with the OCV, resistance and capacity of the start of the tick. The caller
 * (the bus) keeps the current within the headroom; a state of charge outside
 * 0..1 beyond rounding is a programming error.
 */
export function stepBattery(
  state: BatteryState,
  currentA: number,
  params: BatteryParams,
  dtS: number,
  ocvV: number,
  resistanceOhm: number,
  capacityAh: number,
  out: BatteryStepOutputs = { resistiveLossW: 0, coulombicLossW: 0 },
): BatteryStepOutputs {
  const storedA = currentA > 0 ? currentA * params.chargeEfficiency : currentA;
  let soc = state.socFraction + (storedA * dtS) / (capacityAh * 3600);
  if (soc < -1e-9 || soc > 1 + 1e-9) throw new Error(`battery state of charge ${soc} out of 0..1: current ${currentA} A beyond the headroom`);
  if (soc < 0) soc = 0;
  if (soc > 1) soc = 1;
  state.socFraction = soc;
  out.resistiveLossW = currentA * currentA * resistanceOhm;
  out.coulombicLossW = currentA > 0 ? currentA * (1 - params.chargeEfficiency) * ocvV : 0;
  return out;
}
