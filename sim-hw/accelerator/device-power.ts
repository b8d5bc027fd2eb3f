/**
 * The device's power and work rate against clock and utilisation, and the
 * hardware power limiter:
 *   P(u, f) = idle + (max - idle) * u * (f / fMax)^exponent
 *   throughput(u, f) = peak * u * f / fMax
 * The limiter picks the highest clock <= the requested one for which P(1, f)
 * <= cap, never below fMin (below P(1, fMin) the cap cannot be met).
 */

import type { AcceleratorParams } from './device-params.js';

export function clampClockMHz(params: AcceleratorParams, clockMHz: number): number {
  if (!Number.isFinite(clockMHz)) return params.clockMHzMax;
  return Math.min(params.clockMHzMax, Math.max(params.clockMHzMin, clockMHz));
}

export function acceleratorPowerW(params: AcceleratorParams, utilisation: number, clockMHz: number): number {
  const dynamicW = params.maxPowerW - params.idlePowerW;
  return params.idlePowerW + dynamicW * utilisation * (clockMHz / params.clockMHzMax) ** params.powerExponent;
}

export function throughputFlopS(params: AcceleratorParams, utilisation: number, clockMHz: number): number {
  return (params.peakFlopS * utilisation * clockMHz) / params.clockMHzMax;
}

/** The clock the limiter allows while computing: the requested clock, lowered until P(1, f) <= cap, not below fMin. */
export function limitedClockMHz(params: AcceleratorParams, requestedClockMHz: number, powerCapW: number): number {
  const requested = clampClockMHz(params, requestedClockMHz);
  if (acceleratorPowerW(params, 1, requested) <= powerCapW) return requested;
  const headroomW = powerCapW - params.idlePowerW;
  if (!(headroomW > 0)) return params.clockMHzMin;
  const dynamicW = params.maxPowerW - params.idlePowerW;
  // a hair below the exact root so that rounding never puts P above the cap
  const clockMHz = params.clockMHzMax * (headroomW / dynamicW) ** (1 / params.powerExponent) * (1 - 1e-12);
  return Math.min(requested, Math.max(params.clockMHzMin, clockMHz));
}

/**
 * The device's least energy per FLOP over its clock range, at full
 * utilisation: the denominator of the energy bound on verified work
 * ((array energy - housekeeping loads) / this), used by the mission
 * summary and the yield benchmark.
 */
export function minJoulesPerFlop(params: AcceleratorParams): number {
  let best = Number.POSITIVE_INFINITY;
  for (let clockMHz = params.clockMHzMin; clockMHz <= params.clockMHzMax; clockMHz += 1) {
    best = Math.min(best, acceleratorPowerW(params, 1, clockMHz) / throughputFlopS(params, 1, clockMHz));
  }
  return best;
}
