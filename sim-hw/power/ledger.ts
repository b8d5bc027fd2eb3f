/**
 * The power system's energy ledger: cumulative joules since the state was
 * created. Two identities hold (tests check them over an orbit):
 *   arrayAvailableJ = arrayDeliveredJ + shuntedJ                      (exactly)
 *   arrayDeliveredJ = loadJ + batteryResistiveLossJ + coulombicLossJ
 *                     + (storedChemicalJ - initialStoredChemicalJ) - capacityChangeJ
 * the second up to the explicit integration of the OCV over a tick.
 */

import type { RailName } from '../../fsw/hal/frames.js';

export interface EnergyLedger {
  arrayAvailableJ: number;
  arrayDeliveredJ: number;
  shuntedJ: number;
  /** Energy the loads received (all rails, latch-up power included). */
  loadJ: number;
  railLoadJ: Record<RailName, number>;
  batteryResistiveLossJ: number;
  coulombicLossJ: number;
  /**
   * Change of stored chemical energy with no current: the usable capacity
   * changing at a fixed state of charge (temperature, fade).
   */
  capacityChangeJ: number;
  /** Chemical energy in the battery now. */
  storedChemicalJ: number;
  /** Chemical energy when the ledger started. */
  initialStoredChemicalJ: number;
}

export function createEnergyLedger(storedChemicalJ: number): EnergyLedger {
  return {
    arrayAvailableJ: 0,
    arrayDeliveredJ: 0,
    shuntedJ: 0,
    loadJ: 0,
    railLoadJ: { avionics: 0, comms: 0, heaters: 0, payload: 0, accelerator: 0 },
    batteryResistiveLossJ: 0,
    coulombicLossJ: 0,
    capacityChangeJ: 0,
    storedChemicalJ,
    initialStoredChemicalJ: storedChemicalJ,
  };
}

/** arrayDeliveredJ minus everything it went to: ~0 when the books balance. */
export function ledgerImbalanceJ(ledger: EnergyLedger): number {
  const storedChangeJ = ledger.storedChemicalJ - ledger.initialStoredChemicalJ - ledger.capacityChangeJ;
  return ledger.arrayDeliveredJ - (ledger.loadJ + ledger.batteryResistiveLossJ + ledger.coulombicLossJ + storedChangeJ);
}
