/**
 * The achievable optimum's battery and charger from a spacecraft's power
 * parameters (sim-hw's PowerParams: battery and charger), with the floor of
 * the flight rules (power.socFloorPct), and the workload's verified share.
 */
import type { StorageModel } from './achievable-optimum.js';

/** The fields of sim-hw's PowerParams the storage model is made of. */
export interface PowerParamsView {
  readonly battery: {
    readonly seriesCells: number;
    readonly capacityAh: number;
    readonly ocvTableV: readonly number[];
    readonly cellResistanceOhm: number;
    readonly chargeEfficiency: number;
    readonly capacityFadeFraction: number;
  };
  readonly charger: { readonly maxCurrentA: number; readonly taperStartCellV: number; readonly fullCellV: number; readonly terminationCurrentA: number };
}

export function storageModel(power: PowerParamsView, floorPct: number): StorageModel {
  const { battery, charger } = power;
  return {
    seriesCells: battery.seriesCells,
    capacityAh: battery.capacityAh * (1 - battery.capacityFadeFraction),
    ocvTableV: battery.ocvTableV,
    cellResistanceOhm: battery.cellResistanceOhm,
    chargeEfficiency: battery.chargeEfficiency,
    chargeCurrentMaxA: charger.maxCurrentA,
    taperStartCellV: charger.taperStartCellV,
    fullCellV: charger.fullCellV,
    terminationCurrentA: charger.terminationCurrentA,
    floorFraction: floorPct / 100,
  };
}
