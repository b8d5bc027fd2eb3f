/**
 * Charge control: the charge current limit for the regulator. Outside the
 * battery's temperature range nothing (no charging of a cold or hot cell);
 * with no believable temperature a small blind limit; otherwise the maximum,
 * tapering linearly near full from chargeTaperStartPct to the termination
 * current at 100 % (the regulator itself stops at full); and never more than
 * holds the pack at its charge voltage (constant-voltage phase of CC-CV
 * charging: 4.2 V a cell), from the open-circuit voltage seen through the
 * pack resistance. When that constant-voltage current falls to the
 * termination current the charge ends (limit 0, the battery rests at full)
 * until it has room for twice that current again.
 */

export interface ChargeSettings {
  readonly chargeMaxA: number;
  readonly chargeTaperStartPct: number;
  readonly chargeTerminationA: number;
  readonly chargeMinC: number;
  readonly chargeMaxC: number;
  readonly chargeBlindA: number;
  /** Pack voltage the charge must not push the battery above. */
  readonly chargeVoltageMaxV: number;
}

/** What the battery shows now, for the constant-voltage limit. */
export interface ChargeInputs {
  readonly batteryVoltageV: number;
  /** Positive when charging. */
  readonly batteryCurrentA: number;
  readonly packResistanceOhm: number;
}

export interface ChargeDecision {
  readonly limitA: number;
  /** False when the temperature forbids charging. */
  readonly allowed: boolean;
  /** The charge has ended at full. */
  readonly terminated: boolean;
}

export function chargeLimit(socPct: number, temperatureC: number, settings: ChargeSettings, battery: ChargeInputs, wasTerminated = false): ChargeDecision {
  const cvA = constantVoltageLimitA(settings, battery);
  const terminated = cvA < settings.chargeTerminationA * (wasTerminated ? 2 : 1);
  if (!Number.isFinite(temperatureC)) return { limitA: terminated ? 0 : Math.min(settings.chargeBlindA, settings.chargeMaxA, cvA), allowed: true, terminated };
  if (temperatureC < settings.chargeMinC || temperatureC > settings.chargeMaxC) return { limitA: 0, allowed: false, terminated };
  return { limitA: terminated ? 0 : Math.min(taperLimitA(socPct, settings), cvA), allowed: true, terminated };
}

function taperLimitA(socPct: number, settings: ChargeSettings): number {
  const maxA = settings.chargeMaxA;
  if (!Number.isFinite(socPct) || socPct <= settings.chargeTaperStartPct) return maxA;
  const fraction = Math.max(0, (100 - socPct) / (100 - settings.chargeTaperStartPct));
  return Math.min(maxA, Math.max(settings.chargeTerminationA, maxA * fraction));
}

/** The current that brings the pack to chargeVoltageMaxV: (Vmax - OCV) / R with OCV = V - I R; unlimited when the inputs are not believable. */
export function constantVoltageLimitA(settings: ChargeSettings, battery: ChargeInputs): number {
  const { batteryVoltageV: v, batteryCurrentA: i, packResistanceOhm: r } = battery;
  if (!Number.isFinite(v) || !Number.isFinite(i) || !(r > 0) || v <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(0, (settings.chargeVoltageMaxV - (v - i * r)) / r);
}
