/**
 * The power budget of one tick. The accelerator gets one level of power
 * over the plan's horizon, the end of the next eclipse, such that the
 * battery then stands at the floor plus a margin:
 *
 *   in an eclipse, t left:   P = Ea * eta_d / t - P_base + P_array
 *   in sunlight, ts to the eclipse, D its duration, the eclipse to draw
 *   idle + rho (P - idle) (eclipseDrawRatio):
 *     P = (Ea + eta_c (P_array - P_base) ts - (P_base + idle (1 - rho)) D / eta_d) / (rho D / eta_d + eta_c ts)
 *
 * Ea is the chemical energy above the floor plus margin (negative below
 * it), eta_c the fraction of bus charging energy stored, eta_d the fraction
 * of chemical energy delivered. In sunlight the accelerator also gets what
 * the battery cannot take (the charge limit), rather than shunting it.
 * Re-planned every step (once a second), so errors in the forecast correct themselves.
 */
import { capacityAhAt, chemicalEnergyJ, type BatteryModel } from './battery-model.js';
import type { EclipsePrediction } from './eclipse.js';

export interface BudgetInputs {
  readonly socPct: number;
  readonly batteryTemperatureC: number;
  readonly arrayAvailableW: number;
  /** Every load but the accelerator. */
  readonly baseLoadW: number;
  /** Most charging power the battery takes now (the charge limit at the bus voltage). */
  readonly chargePowerMaxW: number;
  readonly eclipse: EclipsePrediction;
}

export interface BudgetSettings {
  readonly battery: BatteryModel;
  readonly socFloorPct: number;
  readonly socMarginPct: number;
  readonly chargeStoreEfficiency: number;
  readonly dischargeEfficiency: number;
  readonly acceleratorMaxW: number;
  /** The device's power when on and not computing, and the exponent of its dynamic power in the clock (power.acceleratorIdleW, power.acceleratorPowerExponent). */
  readonly acceleratorIdleW?: number;
  readonly acceleratorPowerExponent?: number;
}

/**
 * Share of the sunlit draw above idle that the eclipse gets: energy spent in
 * an eclipse has passed through the battery (eta_c eta_d of it arrives), so
 * the work is greatest when the marginal work per bus joule of the sunlit
 * draw is eta_c eta_d times that of the eclipse draw. With work ~ (P -
 * idle)^(1/k) that is (P_e - idle) = (eta_c eta_d)^(k / (k - 1)) (P_s - idle).
 * 1 (one level for the whole plan) without a device model.
 */
export function eclipseDrawRatio(settings: BudgetSettings): number {
  const k = settings.acceleratorPowerExponent;
  if (k === undefined || !(k > 1) || settings.acceleratorIdleW === undefined) return 1;
  return (settings.chargeStoreEfficiency * settings.dischargeEfficiency) ** (k / (k - 1));
}

export interface Budget {
  /** What the battery may give (negative: must take) on average over the plan, at the bus. */
  readonly batteryAllowanceW: number;
  /** Array available plus the battery allowance: what all the loads may draw. */
  readonly budgetW: number;
  /** The accelerator's share, 0..acceleratorMaxW. */
  readonly acceleratorCapW: number;
}

export function powerBudget(inputs: BudgetInputs, settings: BudgetSettings): Budget {
  const { eclipse } = inputs;
  const arrayW = Math.max(0, finiteOr(inputs.arrayAvailableW, 0));
  const baseW = Math.max(0, finiteOr(inputs.baseLoadW, 0));
  const capacityAh = capacityAhAt(settings.battery, inputs.batteryTemperatureC);
  const targetPct = settings.socFloorPct + settings.socMarginPct;
  const aboveJ = Number.isFinite(inputs.socPct) ? chemicalEnergyJ(settings.battery, capacityAh, targetPct, inputs.socPct) : -1;
  const etaC = settings.chargeStoreEfficiency;
  const etaD = settings.dischargeEfficiency;

  let acceleratorW: number;
  if (eclipse.inEclipse) {
    acceleratorW = (aboveJ * etaD) / eclipse.eclipseLeftS - baseW + arrayW;
  } else {
    const ts = eclipse.eclipseInS;
    const d = eclipse.eclipseDurationS;
    // the sunlit draw P, the eclipse's idle + rho (P - idle): the battery ends the eclipse at the target
    const rho = eclipseDrawRatio(settings);
    const idleW = settings.acceleratorIdleW ?? 0;
    const denominator = (rho * d) / etaD + etaC * ts;
    const flatW = denominator > 0 ? (aboveJ + etaC * (arrayW - baseW) * ts - ((baseW + idleW * (1 - rho)) * d) / etaD) / denominator : arrayW - baseW;
    const spillW = arrayW - baseW - Math.max(0, finiteOr(inputs.chargePowerMaxW, 0));
    acceleratorW = Math.max(flatW, spillW);
  }
  if (!Number.isFinite(acceleratorW)) acceleratorW = 0;
  const acceleratorCapW = Math.min(settings.acceleratorMaxW, Math.max(0, acceleratorW));
  const budgetW = baseW + acceleratorW;
  return { batteryAllowanceW: budgetW - arrayW, budgetW, acceleratorCapW };
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}
