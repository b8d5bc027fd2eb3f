/**
 * State of charge: coulomb counting on the battery current (charging stores
 * only the coulombic efficiency of it), against the usable capacity at the
 * battery's temperature, corrected towards the open-circuit voltage once the
 * battery has rested (a small current for a while). The OCV is the terminal
 * voltage less I R at the temperature; the correction is a first-order pull
 * with a time constant, so one noisy reading cannot jump the estimate.
 */
import { capacityAhAt, packResistanceOhmAt, socFromCellOcvPct, type BatteryModel } from './battery-model.js';

export interface SocEstimate {
  socPct: number;
  /** Time the battery has been at rest. */
  restS: number;
  /** Corrections applied from the open-circuit voltage since boot. */
  ocvCorrections: number;
}

export interface SocInputs {
  /** Positive when charging. */
  readonly batteryCurrentA: number;
  readonly batteryVoltageV: number;
  readonly temperatureC: number;
}

export interface SocSettings {
  readonly battery: BatteryModel;
  readonly socRestCurrentA: number;
  readonly socRestS: number;
  readonly socRestTimeConstantS: number;
}

/** The state of charge the terminal voltage implies under a current (NaN when the readings are not numbers). */
export function socFromVoltagePct(battery: BatteryModel, inputs: SocInputs): number {
  const { batteryCurrentA: currentA, batteryVoltageV: voltageV } = inputs;
  if (!Number.isFinite(currentA) || !Number.isFinite(voltageV) || voltageV <= 0) return Number.NaN;
  const ocvV = voltageV - currentA * packResistanceOhmAt(battery, inputs.temperatureC);
  return socFromCellOcvPct(ocvV / battery.seriesCells);
}

export function createSocEstimate(socPct: number): SocEstimate {
  return { socPct: Math.min(100, Math.max(0, socPct)), restS: 0, ocvCorrections: 0 };
}

/** Advances the estimate by dtS; readings that are not numbers leave it as it is. */
export function stepSocEstimate(estimate: SocEstimate, inputs: SocInputs, settings: SocSettings, dtS: number): void {
  const currentA = inputs.batteryCurrentA;
  if (!Number.isFinite(currentA) || !(dtS > 0)) return;
  const battery = settings.battery;
  const storedA = currentA > 0 ? currentA * battery.chargeEfficiency : currentA;
  const capacityAh = capacityAhAt(battery, inputs.temperatureC);
  let socPct = estimate.socPct + (storedA * dtS * 100) / (capacityAh * 3600);

  estimate.restS = Math.abs(currentA) < settings.socRestCurrentA ? estimate.restS + dtS : 0;
  if (estimate.restS >= settings.socRestS) {
    const ocvPct = socFromVoltagePct(battery, inputs);
    if (Number.isFinite(ocvPct)) {
      socPct += (ocvPct - socPct) * Math.min(1, dtS / settings.socRestTimeConstantS);
      estimate.ocvCorrections++;
    }
  }
  estimate.socPct = socPct < 0 ? 0 : socPct > 100 ? 100 : socPct;
}
