/**
 * The achievable optimum of verified work: the most work any schedule of
 * the accelerator could get from a given profile of array power and
 * housekeeping loads, given
 *   - the device's power curve P(u, f) = idle + (max - idle) u (f / fMax)^k
 *     and work rate peak u f / fMax (sim-hw/accelerator/device-power.ts),
 *     its idle power and the rail's on/off choice: within a segment the
 *     device may be off part of the time (0 W) and compute the rest, so the
 *     work rate at a mean power P is the concave hull of {off} and
 *     [P(1, fMin), max]: the line from 0 to the best-efficiency point below
 *     it, the curve above it, flat beyond the maximum (the rest is shunted);
 *   - the battery (sim-hw/power/battery.ts): charge in coulombs between the
 *     floor and full, a charging current of which only the coulombic
 *     efficiency is stored, the pack resistance (bus power (OCV + I R) I
 *     charging, (OCV - I R) I discharging, OCV from the cell curve at the
 *     state of charge), and the charger's current limit with its taper by
 *     the cell OCV (sim-hw/power/charger.ts).
 * The loads must be carried at every moment (the device power is never
 * negative). Time is in segments (the profile averaged over each: moving
 * energy within a segment is free, which errs on the high side); the
 * battery's charge is on a grid of `levels` steps between the floor and
 * full (a restriction, which errs on the low side by a fraction of the
 * grid step). Dynamic programming backwards over the segments; periodic:
 * value iteration over repeated passes until the work per pass settles (a
 * schedule that ends every pass where it started).
 * Not counted (so the optimum stays an upper bound of what a runner can
 * do): the device's boot time after power-on, job load and checkpoint
 * time, the ends of jobs at the window's edges.
 * Pure; never above the energy bound (array - housekeeping) / best J/FLOP.
 */

import type { Failure, Outcome } from '../../protocol/index.js';

/** The accelerator's power curve (the fields of sim-hw's AcceleratorParams it needs). */
export interface DeviceCurve {
  readonly peakFlopS: number;
  readonly idlePowerW: number;
  readonly maxPowerW: number;
  readonly clockMHzMax: number;
  readonly clockMHzMin: number;
  readonly powerExponent: number;
}

/** The battery and its charger (the fields of sim-hw's BatteryParams and ChargerParams it needs). */
export interface StorageModel {
  readonly seriesCells: number;
  readonly capacityAh: number;
  /** Cell OCV on a uniform state-of-charge grid, 0 % first, 100 % last. */
  readonly ocvTableV: readonly number[];
  readonly cellResistanceOhm: number;
  /** Fraction of a charging current that is stored. */
  readonly chargeEfficiency: number;
  readonly chargeCurrentMaxA: number;
  /** Cell OCV from which the charge current tapers linearly to zero at fullCellV (not below the termination current). */
  readonly taperStartCellV: number;
  readonly fullCellV: number;
  readonly terminationCurrentA: number;
  /** Lowest state of charge a schedule may use (the flight rules' floor), 0..1. */
  readonly floorFraction: number;
}

export interface ProfileSegment {
  readonly durationS: number;
  readonly arrayAvailableW: number;
  /** Every load but the accelerator. */
  readonly housekeepingW: number;
}

/** Where the battery starts and must end: periodic (ends where it started, any start), or fixed states of charge (0..1). */
export type BatteryEnds = { readonly periodic: true } | { readonly periodic: false; readonly startFraction: number; readonly endMinFraction: number };

export interface OptimumOptions {
  /** Steps of the charge grid between the floor and full. */
  readonly levels?: number;
  /** Verified share of the device's work (the workload's: a matmul's ABFT checksums are not the ground's problem). */
  readonly usefulFraction?: number;
  /** Periodic value iteration: most passes. */
  readonly passesMax?: number;
}

export interface Optimum {
  /** Device work of the best schedule (FLOP). */
  readonly deviceFlop: number;
  /** deviceFlop x usefulFraction. */
  readonly verifiedFlop: number;
  /** The best schedule: mean device power per segment, and the state of charge at each segment's start (0..1). */
  readonly powerW: readonly number[];
  readonly socFraction: readonly number[];
  readonly deviceEnergyJ: number;
}

const DEFAULT_LEVELS = 1000;
/** Doublings of the grid tried when a grid finds no schedule. */
const GRID_REFINEMENTS = 3;
/** Passes of the stationary choices a periodic schedule may take to close its cycle. */
const TRACE_ROUNDS_MAX = 32;

/** Work rate at a mean power (the concave hull described above). */
export interface WorkCurve {
  /** FLOP/s at mean power powerW. */
  rateFlopS(powerW: number): number;
  /** The best-efficiency point: power and J/FLOP there. */
  readonly bestPowerW: number;
  readonly bestJoulesPerFlop: number;
}

export function workCurve(device: DeviceCurve): WorkCurve {
  const { idlePowerW: idle, maxPowerW: max, clockMHzMax: fMax, clockMHzMin: fMin, powerExponent: k, peakFlopS: peak } = device;
  const power = (clockMHz: number) => idle + (max - idle) * (clockMHz / fMax) ** k;
  const rate = (clockMHz: number) => (peak * clockMHz) / fMax;
  // The same 1 MHz search as sim-hw's minJoulesPerFlop, so that the hull never beats the energy bound's J/FLOP.
  let bestClock = fMin;
  let bestJ = Number.POSITIVE_INFINITY;
  for (let f = fMin; f <= fMax; f += 1) {
    const j = power(f) / rate(f);
    if (j < bestJ) {
      bestJ = j;
      bestClock = f;
    }
  }
  const bestW = power(bestClock);
  return {
    bestPowerW: bestW,
    bestJoulesPerFlop: bestJ,
    rateFlopS(powerW: number): number {
      if (!(powerW > 0)) return 0;
      if (powerW <= bestW) return powerW / bestJ;
      const p = powerW >= max ? max : powerW;
      const clockMHz = fMax * ((p - idle) / (max - idle)) ** (1 / k);
      return Math.min(rate(clockMHz), p / bestJ);
    },
  };
}

/** Cell OCV at a state of charge (linear in the table). */
function cellOcvV(table: readonly number[], fraction: number): number {
  const segments = table.length - 1;
  const x = Math.min(1, Math.max(0, fraction)) * segments;
  const i = Math.min(segments - 1, Math.floor(x));
  return table[i]! + (x - i) * (table[i + 1]! - table[i]!);
}

/** The charger's most current at a cell OCV (sim-hw/power/charger.ts chargeCurrentMaxA without the headroom). */
function chargeCurrentMaxA(storage: StorageModel, cellV: number): number {
  const limitA = storage.chargeCurrentMaxA;
  if (cellV <= storage.taperStartCellV) return limitA;
  const tapered = (limitA * (storage.fullCellV - cellV)) / (storage.fullCellV - storage.taperStartCellV);
  return Math.max(tapered, Math.min(limitA, storage.terminationCurrentA));
}

/** Averages a profile into segments of about maxS (whole input segments, never split). */
export function coarsenProfile(profile: readonly ProfileSegment[], maxS: number): ProfileSegment[] {
  const out: ProfileSegment[] = [];
  let durationS = 0;
  let arrayJ = 0;
  let housekeepingJ = 0;
  for (const segment of profile) {
    durationS += segment.durationS;
    arrayJ += segment.arrayAvailableW * segment.durationS;
    housekeepingJ += segment.housekeepingW * segment.durationS;
    if (durationS >= maxS - 1e-9) {
      out.push({ durationS, arrayAvailableW: arrayJ / durationS, housekeepingW: housekeepingJ / durationS });
      durationS = arrayJ = housekeepingJ = 0;
    }
  }
  if (durationS > 0) out.push({ durationS, arrayAvailableW: arrayJ / durationS, housekeepingW: housekeepingJ / durationS });
  return out;
}

/** The energy bound: (array - housekeeping) / the best J/FLOP, in device FLOP. */
export function energyBoundFlop(profile: readonly ProfileSegment[], device: DeviceCurve): number {
  let surplusJ = 0;
  for (const s of profile) surplusJ += (s.arrayAvailableW - s.housekeepingW) * s.durationS;
  return Math.max(0, surplusJ) / workCurve(device).bestJoulesPerFlop;
}

/**
 * The optimum, or why there is none: loads that no schedule carries, or a
 * periodic schedule that cannot close its cycle. A grid too coarse to store
 * a small surplus (a charge step worth more power than the segment's
 * surplus) makes a feasible profile look infeasible, so an infeasible grid
 * is refined (levels doubled, up to GRID_REFINEMENTS times) before the
 * answer is no.
 */
export function achievableOptimum(
  profile: readonly ProfileSegment[],
  device: DeviceCurve,
  storage: StorageModel,
  ends: BatteryEnds,
  options: OptimumOptions = {},
): Outcome<Optimum> {
  const levels = options.levels ?? DEFAULT_LEVELS;
  if (!(levels >= 1 && Number.isInteger(levels))) throw new RangeError(`levels ${levels} is not a positive integer`);
  if (!(storage.floorFraction >= 0 && storage.floorFraction < 1)) throw new RangeError(`floorFraction ${storage.floorFraction} is not in 0..1`);
  const curve = workCurve(device);
  if (ends.periodic && storedSurplusJ(profile, storage.chargeEfficiency) < 0) {
    return { ok: false, error: 'no periodic schedule carries the housekeeping loads (the eclipse takes more than the sunlight can store)' };
  }
  let outcome = solveOnGrid(profile, curve, device.maxPowerW, storage, ends, levels, options);
  for (let refinement = 1; !outcome.ok && refinement <= GRID_REFINEMENTS; refinement++) {
    outcome = solveOnGrid(profile, curve, device.maxPowerW, storage, ends, levels * 2 ** refinement, options);
  }
  return outcome;
}

function solveOnGrid(
  profile: readonly ProfileSegment[],
  curve: WorkCurve,
  maxW: number,
  storage: StorageModel,
  ends: BatteryEnds,
  levels: number,
  options: OptimumOptions,
): Outcome<Optimum> {
  const infeasible = (why: string): Failure => ({ ok: false, error: `${why} (on a charge grid of ${levels} levels)` });
  const n = profile.length;
  const stepAs = (storage.capacityAh * 3600 * (1 - storage.floorFraction)) / levels;
  const fractionAt = (level: number) => storage.floorFraction + (level / levels) * (1 - storage.floorFraction);
  const packOcvV = new Float64Array(levels + 1);
  const chargeMaxA = new Float64Array(levels + 1);
  for (let level = 0; level <= levels; level++) {
    const cellV = cellOcvV(storage.ocvTableV, fractionAt(level));
    packOcvV[level] = storage.seriesCells * cellV;
    chargeMaxA[level] = chargeCurrentMaxA(storage, cellV);
  }
  const r = storage.seriesCells * storage.cellResistanceOhm;
  const eta = storage.chargeEfficiency;

  // choice[k][i]: the level after segment k from level i (-1: infeasible); kept for the last pass only.
  const choice = Array.from({ length: n }, () => new Int32Array(levels + 1));
  const backward = (terminal: Float64Array): Float64Array => {
    let next = terminal;
    for (let k = n - 1; k >= 0; k--) {
      const { durationS: dt, arrayAvailableW, housekeepingW } = profile[k]!;
      const surplusW = arrayAvailableW - housekeepingW;
      const value = new Float64Array(levels + 1).fill(Number.NEGATIVE_INFINITY);
      const chosen = choice[k]!;
      for (let i = 0; i <= levels; i++) {
        const v = packOcvV[i]!;
        let best = Number.NEGATIVE_INFINITY;
        let bestJ = -1;
        // hold or charge: the device gets what the charge leaves
        const upMax = Math.min(levels - i, Math.floor((eta * chargeMaxA[i]! * dt) / stepAs + 1e-9));
        for (let up = 0; up <= upMax; up++) {
          const after = next[i + up]!;
          if (after === Number.NEGATIVE_INFINITY) continue;
          const currentA = (up * stepAs) / (eta * dt);
          const deviceW = surplusW - (v + currentA * r) * currentA;
          if (deviceW < 0) break;
          const total = dt * curve.rateFlopS(deviceW) + after;
          if (total > best) {
            best = total;
            bestJ = i + up;
          }
        }
        // discharge: up to the current that lifts the device to its maximum (more is shunted), within the pack's power limit
        const currentMaxA = v / (2 * r);
        for (let down = 1; down <= i; down++) {
          const currentA = (down * stepAs) / dt;
          if (currentA > currentMaxA) break;
          const deviceW = surplusW + (v - currentA * r) * currentA;
          if (deviceW < 0) continue;
          const after = next[i - down]!;
          if (after !== Number.NEGATIVE_INFINITY) {
            const total = dt * curve.rateFlopS(deviceW) + after;
            if (total > best) {
              best = total;
              bestJ = i - down;
            }
          }
          if (deviceW >= maxW) break;
        }
        value[i] = best;
        chosen[i] = bestJ;
      }
      next = value;
    }
    return next;
  };

  let startLevel: number;
  let deviceFlop: number;
  let startValues: Float64Array;
  if (ends.periodic) {
    const passesMax = options.passesMax ?? 12;
    let terminal = new Float64Array(levels + 1);
    let previousMax = 0;
    let gain = Number.NaN;
    let start = backward(terminal);
    for (let pass = 1; pass <= passesMax; pass++) {
      const startMax = maxOf(start);
      const newGain = startMax - previousMax;
      const settled = Math.abs(newGain - gain) <= 1e-9 * Math.abs(newGain);
      gain = newGain;
      previousMax = startMax;
      if (settled || pass === passesMax) break;
      // normalise so that the values stay small; the gain is the difference of the maxima
      terminal = start.map((x) => x - startMax);
      previousMax = 0;
      start = backward(terminal);
    }
    if (!Number.isFinite(gain)) return infeasible('no periodic schedule carries the housekeeping loads');
    startLevel = argMax(start);
    startValues = start;
    deviceFlop = gain;
  } else {
    const terminal = new Float64Array(levels + 1);
    const endMin = Math.ceil(levelOf(ends.endMinFraction, storage.floorFraction, levels) - 1e-9);
    for (let level = 0; level <= levels; level++) terminal[level] = level >= endMin ? 0 : Number.NEGATIVE_INFINITY;
    const start = backward(terminal);
    startLevel = Math.round(levelOf(ends.startFraction, storage.floorFraction, levels));
    deviceFlop = start[startLevel]!;
    startValues = start;
    if (!Number.isFinite(deviceFlop)) return infeasible('no schedule from this start carries the housekeeping loads to the end state');
  }
  // a periodic schedule: follow the stationary choices from the best start until a pass ends where it began
  if (ends.periodic) {
    for (let round = 0; round < TRACE_ROUNDS_MAX; round++) {
      const endLevel = traceEnd(choice, startLevel);
      if (endLevel === startLevel || startValues[endLevel] === Number.NEGATIVE_INFINITY) break;
      startLevel = endLevel;
    }
    // one pass that must end at least where it starts: a schedule that closes its cycle
    const closing = new Float64Array(levels + 1);
    for (let level = 0; level <= levels; level++) closing[level] = level >= startLevel ? 0 : Number.NEGATIVE_INFINITY;
    const closed = backward(closing);
    if (closed[startLevel] === Number.NEGATIVE_INFINITY) return infeasible('no periodic schedule closes its cycle');
  }
  const powerW: number[] = [];
  const socFraction: number[] = [];
  let deviceEnergyJ = 0;
  let level = startLevel;
  for (let k = 0; k < n; k++) {
    const { durationS: dt, arrayAvailableW, housekeepingW } = profile[k]!;
    const to = choice[k]![level]!;
    const delta = to - level;
    const v = packOcvV[level]!;
    const currentA = delta >= 0 ? (delta * stepAs) / (eta * dt) : (-delta * stepAs) / dt;
    const busW = delta >= 0 ? -(v + currentA * r) * currentA : (v - currentA * r) * currentA;
    const deviceW = Math.min(maxW, arrayAvailableW - housekeepingW + busW);
    socFraction.push(fractionAt(level));
    powerW.push(deviceW);
    deviceEnergyJ += deviceW * dt;
    level = to;
  }
  const usefulFraction = options.usefulFraction ?? 1;
  return { ok: true, value: { deviceFlop, verifiedFlop: deviceFlop * usefulFraction, powerW, socFraction, deviceEnergyJ } };
}

/** An upper bound of the energy a pass can leave in the battery: every surplus stored at the coulombic efficiency alone, every deficit drawn without loss. */
function storedSurplusJ(profile: readonly ProfileSegment[], chargeEfficiency: number): number {
  let storedJ = 0;
  for (const { durationS, arrayAvailableW, housekeepingW } of profile) {
    const surplusW = arrayAvailableW - housekeepingW;
    storedJ += (surplusW > 0 ? chargeEfficiency * surplusW : surplusW) * durationS;
  }
  return storedJ;
}

function traceEnd(choice: readonly Int32Array[], startLevel: number): number {
  let level = startLevel;
  for (const chosen of choice) level = chosen[level]!;
  return level;
}

function levelOf(fraction: number, floorFraction: number, levels: number): number {
  return ((Math.min(1, Math.max(floorFraction, fraction)) - floorFraction) / (1 - floorFraction)) * levels;
}

function maxOf(values: Float64Array): number {
  let best = Number.NEGATIVE_INFINITY;
  for (const x of values) if (x > best) best = x;
  return best;
}

function argMax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
