/**
 * The physical invariants, against the simulator's ground truth (not what
 * the software believes): true state of charge above the power manager's
 * hard floor, accelerator die below its red limit, bus above brown-out.
 */
import { POWER_PARAMS } from '../../fsw/power/power-params.js';
import { zoneLimits } from '../../fsw/thermal/zone-limits.js';
import type { SpacecraftConfig, SpacecraftTruth } from '../../sim-hw/index.js';
import type { Violation } from './violation.js';

export interface PhysicalLimits {
  readonly socHardFloorPct: number;
  readonly dieRedC: number;
  readonly busBrownoutV: number;
}

/** The limits from their sources: power.socHardFloorPct's default, thermal_hk's red limit, the simulated bus. */
export function physicalLimits(config: SpacecraftConfig): PhysicalLimits {
  const hardFloor = POWER_PARAMS.find((def) => def.name === 'power.socHardFloorPct');
  const dieRedC = zoneLimits('accelerator').redHigh;
  if (typeof hardFloor?.default !== 'number' || dieRedC === undefined)
    throw new Error('campaign: power.socHardFloorPct or the accelerator red limit is not defined');
  return { socHardFloorPct: hardFloor.default, dieRedC, busBrownoutV: config.power.busVoltageBrownoutV };
}

/** Extremes seen, for the campaign's figures. */
export interface PhysicalExtremes {
  socMinPct: number;
  dieMaxC: number;
  busMinV: number;
}

export function newExtremes(): PhysicalExtremes {
  return { socMinPct: Infinity, dieMaxC: -Infinity, busMinV: Infinity };
}

/** Checks one tick's truth (three checks); returns the first violation or null. */
export function checkPhysical(truth: SpacecraftTruth, limits: PhysicalLimits, extremes: PhysicalExtremes): Violation | null {
  const socPct = truth.socFraction * 100;
  const dieC = truth.temperaturesC.accelerator;
  extremes.socMinPct = Math.min(extremes.socMinPct, socPct);
  extremes.dieMaxC = Math.max(extremes.dieMaxC, dieC);
  extremes.busMinV = Math.min(extremes.busMinV, truth.busVoltageV);
  const timeS = truth.timeS;
  if (!(socPct > limits.socHardFloorPct))
    return { invariant: 'soc-above-hard-floor', timeS, detail: `true SoC ${socPct.toFixed(2)} % <= hard floor ${limits.socHardFloorPct} %` };
  if (!(dieC < limits.dieRedC)) return { invariant: 'die-below-red', timeS, detail: `die ${dieC.toFixed(2)} C >= red ${limits.dieRedC} C` };
  if (truth.counts.brownouts > 0 || !(truth.busVoltageV > limits.busBrownoutV)) {
    return {
      invariant: 'bus-above-brownout',
      timeS,
      detail: `bus ${truth.busVoltageV.toFixed(2)} V (brown-out ${limits.busBrownoutV} V), ${truth.counts.brownouts} brown-outs`,
    };
  }
  return null;
}

export const PHYSICAL_CHECKS_PER_TICK = 3;
