/**
 * A Li-ion cell's open-circuit voltage (OCV) versus state of charge, as a
 * piecewise-linear table on a uniform grid (first entry 0 %, last 100 %),
 * and the chemical energy it implies: E(soc) = Q * integral_0^soc OCV(s) ds.
 * Endpoints from REFERENCE.md (NASA progpy BatteryCircuit: 4.18 V full,
 * 3.0 V end of discharge); the shape between them is a typical NMC curve
 * (steep below 10 %, a plateau around 3.6-3.8 V, rising to the top), grade U.
 */

/** Cell OCV at 0, 5, 10, ..., 100 % state of charge. */
export const DEFAULT_OCV_TABLE_V: readonly number[] = Object.freeze([
  3.0, 3.28, 3.42, 3.5, 3.55, 3.59, 3.62, 3.645, 3.67, 3.695, 3.72, 3.755, 3.79, 3.83, 3.87, 3.915, 3.96, 4.01, 4.06, 4.115, 4.18,
]);

export function checkOcvTable(table: readonly number[]): string[] {
  const problems: string[] = [];
  if (table.length < 2 || table.length > 1001) problems.push(`OCV table has ${table.length} points, not 2..1001`);
  for (let i = 0; i < table.length; i++) {
    const v = table[i]!;
    if (!(v >= 2 && v <= 4.5)) problems.push(`OCV table point ${i} (${v} V) is not 2..4.5 V`);
    if (i > 0 && !(v > table[i - 1]!)) problems.push(`OCV table is not strictly increasing at point ${i}`);
  }
  return problems;
}

/** Cell OCV at a state of charge (clamped to 0..1). */
export function ocvCellV(table: readonly number[], socFraction: number): number {
  const segments = table.length - 1;
  const s = socFraction <= 0 ? 0 : socFraction >= 1 ? 1 : socFraction;
  const x = s * segments;
  const i = x >= segments ? segments - 1 : Math.floor(x);
  const lo = table[i]!;
  return lo + (x - i) * (table[i + 1]! - lo);
}

/**
 * A cell OCV table with the running sums its integral needs, computed once by
 * whoever keeps the table (the power state, power.ts).
 */
export interface OcvCurve {
  readonly tableV: readonly number[];
  /** prefixSumsV[k]: the trapezoids of the first k segments, added in order. */
  readonly prefixSumsV: Float64Array;
}

export function ocvCurve(table: readonly number[]): OcvCurve {
  const prefixSumsV = new Float64Array(table.length);
  let sum = 0;
  for (let i = 0; i + 1 < table.length; i++) {
    sum += 0.5 * (table[i]! + table[i + 1]!);
    prefixSumsV[i + 1] = sum;
  }
  return { tableV: table, prefixSumsV };
}

/**
 * Integral of the cell OCV over state of charge from 0 to socFraction (volts
 * times fraction of capacity). Builds the curve on each call: per tick, keep
 * an ocvCurve and call ocvCurveIntegralV.
 */
export function ocvIntegralV(table: readonly number[], socFraction: number): number {
  return ocvCurveIntegralV(ocvCurve(table), socFraction);
}

export function ocvCurveIntegralV(curve: OcvCurve, socFraction: number): number {
  const table = curve.tableV;
  const segments = table.length - 1;
  const s = socFraction <= 0 ? 0 : socFraction >= 1 ? 1 : socFraction;
  const x = s * segments;
  const whole = x >= segments ? segments : Math.floor(x);
  let sum = curve.prefixSumsV[whole]!;
  if (whole < segments) {
    const f = x - whole;
    const lo = table[whole]!;
    sum += f * (lo + 0.5 * f * (table[whole + 1]! - lo));
  }
  return sum / segments;
}
