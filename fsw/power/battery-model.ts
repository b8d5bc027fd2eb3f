/**
 * The flight software's model of its battery (the cell datasheet): the
 * open-circuit voltage curve against state of charge, the usable capacity
 * and series resistance against temperature, the coulombic efficiency, and
 * the chemical energy between two states of charge (the integral of the
 * OCV over charge). Pure functions; the parameters that can change in
 * flight (capacity, cells, resistance) come from the parameter table.
 */

/** Cell OCV at 0, 5, ..., 100 % state of charge (NMC cell, 3.00 V empty, 4.18 V full). */
export const CELL_OCV_CURVE_V: readonly number[] = Object.freeze([
  3.0, 3.28, 3.42, 3.5, 3.55, 3.59, 3.62, 3.645, 3.67, 3.695, 3.72, 3.755, 3.79, 3.83, 3.87, 3.915, 3.96, 4.01, 4.06, 4.115, 4.18,
]);

export interface BatteryModel {
  readonly seriesCells: number;
  /** Usable capacity at the reference temperature, as new. */
  readonly capacityAh: number;
  readonly cellResistanceOhm: number;
  /** Fraction of a charging current that is stored. */
  readonly chargeEfficiency: number;
  readonly referenceTemperatureC: number;
  /** Capacity factor 1 - k (Tref - T) below Tref, never below capacityColdFactorMin. */
  readonly capacityColdPerK: number;
  readonly capacityColdFactorMin: number;
  /** Resistance factor exp(k (Tref - T)) below Tref. */
  readonly resistanceColdPerK: number;
}

export const BATTERY_DATASHEET = { referenceTemperatureC: 25, capacityColdPerK: 0.005, capacityColdFactorMin: 0.5, resistanceColdPerK: 0.025 } as const;

const SEGMENTS = CELL_OCV_CURVE_V.length - 1;

function clampFraction(x: number): number {
  return x <= 0 ? 0 : x >= 1 ? 1 : x;
}

/** Cell OCV at a state of charge (0..100 %, clamped). */
export function cellOcvV(socPct: number): number {
  const x = clampFraction(socPct / 100) * SEGMENTS;
  const i = Math.min(SEGMENTS - 1, Math.floor(x));
  const lo = CELL_OCV_CURVE_V[i]!;
  return lo + (x - i) * (CELL_OCV_CURVE_V[i + 1]! - lo);
}

/** State of charge (%) whose cell OCV is cellV; the curve's ends outside it. */
export function socFromCellOcvPct(cellV: number): number {
  if (!(cellV > CELL_OCV_CURVE_V[0]!)) return 0;
  if (cellV >= CELL_OCV_CURVE_V[SEGMENTS]!) return 100;
  let i = 0;
  while (CELL_OCV_CURVE_V[i + 1]! < cellV) i++;
  const lo = CELL_OCV_CURVE_V[i]!;
  return ((i + (cellV - lo) / (CELL_OCV_CURVE_V[i + 1]! - lo)) / SEGMENTS) * 100;
}

/** Usable capacity at a temperature (a non-finite temperature counts as the reference). */
export function capacityAhAt(model: BatteryModel, temperatureC: number): number {
  const below = Number.isFinite(temperatureC) ? model.referenceTemperatureC - temperatureC : 0;
  const factor = below > 0 ? Math.max(model.capacityColdFactorMin, 1 - model.capacityColdPerK * below) : 1;
  return model.capacityAh * factor;
}

/** Pack series resistance at a temperature. */
export function packResistanceOhmAt(model: BatteryModel, temperatureC: number): number {
  const below = Number.isFinite(temperatureC) ? model.referenceTemperatureC - temperatureC : 0;
  return model.seriesCells * model.cellResistanceOhm * (below > 0 ? Math.exp(model.resistanceColdPerK * below) : 1);
}

/** OCV_PREFIX_SUMS[k]: the sum over the first k whole segments, added in order (as a loop from 0 would). */
const OCV_PREFIX_SUMS: readonly number[] = (() => {
  const sums = [0];
  let sum = 0;
  for (let i = 0; i < SEGMENTS; i++) {
    sum += 0.5 * (CELL_OCV_CURVE_V[i]! + CELL_OCV_CURVE_V[i + 1]!);
    sums.push(sum);
  }
  return Object.freeze(sums);
})();

/** Integral of the cell OCV from 0 to socPct, in volts times fraction of capacity. */
function ocvIntegral(socPct: number): number {
  const x = clampFraction(socPct / 100) * SEGMENTS;
  const whole = Math.min(SEGMENTS, Math.floor(x));
  let sum = OCV_PREFIX_SUMS[whole]!;
  if (whole < SEGMENTS) {
    const f = x - whole;
    const lo = CELL_OCV_CURVE_V[whole]!;
    sum += f * (lo + 0.5 * f * (CELL_OCV_CURVE_V[whole + 1]! - lo));
  }
  return sum / SEGMENTS;
}

/** Chemical energy between two states of charge (negative when toPct is below fromPct). */
export function chemicalEnergyJ(model: BatteryModel, capacityAh: number, fromPct: number, toPct: number): number {
  return model.seriesCells * capacityAh * 3600 * (ocvIntegral(toPct) - ocvIntegral(fromPct));
}
