/**
 * The battery-direct, unregulated main bus, solved for one tick. The array
 * regulator tracks the maximum power point and delivers what the bus takes;
 * the rest is shunted. The battery is an OCV behind a resistance R, the
 * loads are constant power P (plus latch-up currents Ix at the bus voltage):
 *
 *   V = OCV + I R                       (I > 0 charging)
 *   Pa = V (I + Ix) + P                 (power balance at the bus)
 *
 * 1. If the array can cover the loads and charge at the charger's maximum
 *    Imax, it does: I = Imax, Pa = that need, the excess shunted.
 * 2. Otherwise the array gives all it has and the battery makes up the
 *    difference: R I^2 + (OCV + R Ix) I + (OCV Ix + P - Pa) = 0, the larger
 *    root (the stable, high-voltage branch), in the cancellation-free form
 *    I = -2c / (b + sqrt(b^2 - 4 R c)).
 * 3. No real root: the loads ask more than the battery can give
 *    (OCV^2 / 4R): the bus collapses to the maximum-power point.
 * 4. A discharge that would empty the battery within the tick is cut to
 *    what is left; the loads get less than they asked.
 * Pure: no state, no allocation when `out` is given.
 */

export interface BusInputs {
  /** Array power available at the maximum power point. */
  readonly arrayAvailableW: number;
  /** Constant-power demand of the rails that are on. */
  readonly loadW: number;
  /** Latch-up currents on the rails that are on, drawn on top of their loads. */
  readonly latchupA: number;
  readonly ocvV: number;
  readonly resistanceOhm: number;
  /** Most the battery may be charged this tick (0 stops charging). */
  readonly chargeMaxA: number;
  /** Most the battery can be discharged this tick before it is empty. */
  readonly dischargeMaxA: number;
}

export interface BusSolution {
  busVoltageV: number;
  /** Positive when charging. */
  batteryCurrentA: number;
  arrayDeliveredW: number;
  /** Power the loads asked for at the solved voltage: P + V * Ix. */
  loadDemandW: number;
  /** Power the loads actually received: Pa - V * I (equals the demand unless collapsed or emptied). */
  loadDeliveredW: number;
  /** No operating point: the loads asked for more than the array and battery can give. */
  collapsed: boolean;
  /** The battery ran out within the tick (or was already empty). */
  emptied: boolean;
}

export function createBusSolution(): BusSolution {
  return { busVoltageV: 0, batteryCurrentA: 0, arrayDeliveredW: 0, loadDemandW: 0, loadDeliveredW: 0, collapsed: false, emptied: false };
}

export function solveBus(inputs: BusInputs, out: BusSolution = createBusSolution()): BusSolution {
  const { arrayAvailableW: available, loadW, latchupA, ocvV: ocv, resistanceOhm: r } = inputs;
  if (!(r > 0) || !(ocv > 0) || !(available >= 0) || !(loadW >= 0) || !(latchupA >= 0)) {
    throw new Error(`bus inputs out of range: R ${r}, OCV ${ocv}, array ${available} W, load ${loadW} W, latch-up ${latchupA} A`);
  }
  out.collapsed = false;
  out.emptied = false;
  let batteryA: number;
  let arrayW: number;
  const chargeMax = inputs.chargeMaxA > 0 ? inputs.chargeMaxA : 0;
  const fullNeedW = (ocv + chargeMax * r) * (chargeMax + latchupA) + loadW;
  if (fullNeedW <= available) {
    batteryA = chargeMax;
    arrayW = fullNeedW;
  } else {
    arrayW = available;
    const b = ocv + r * latchupA;
    const c = ocv * latchupA + loadW - available;
    const discriminant = b * b - 4 * r * c;
    if (discriminant >= 0) {
      batteryA = c === 0 ? 0 : (-2 * c) / (b + Math.sqrt(discriminant));
    } else {
      batteryA = -b / (2 * r);
      out.collapsed = true;
    }
  }
  if (batteryA < -ocv / r) {
    // Latch-up currents beyond OCV / R: the bus is shorted; the battery's power all goes into R.
    batteryA = -ocv / r;
    out.collapsed = true;
  }
  const dischargeMax = inputs.dischargeMaxA > 0 ? inputs.dischargeMaxA : 0;
  if (batteryA < -dischargeMax) {
    batteryA = -dischargeMax;
    out.emptied = true;
  }
  let busV = ocv + batteryA * r;
  if (busV < 0) busV = 0; // rounding at the short
  out.busVoltageV = busV;
  out.batteryCurrentA = batteryA;
  out.arrayDeliveredW = arrayW;
  out.loadDemandW = loadW + busV * latchupA;
  out.loadDeliveredW = arrayW - busV * batteryA;
  return out;
}
