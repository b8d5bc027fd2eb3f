/**
 * Heater zone thermostat with hysteresis: on below onC, off above offC,
 * unchanged in between. The duty is 100 % on, 0 % off; an operator override
 * forces it; a disabled zone is off; a zone without a voted temperature gets
 * the fail-safe duty (enough to keep it from freezing, not enough to cook it).
 */
import type { SetPoints } from './thermal-settings.js';

export type HeaterOverride = 'on' | 'off' | 'auto';

export interface ThermostatState {
  heating: boolean;
}

export interface ThermostatInputs {
  /** Voted zone temperature; null when the zone has no admitted sensor. */
  readonly temperatureC: number | null;
  readonly setPoints: SetPoints;
  readonly enabled: boolean;
  readonly override: HeaterOverride;
  readonly failSafeDutyPct: number;
}

/** The duty to ask for this tick, 0..100 %. */
export function stepThermostat(state: ThermostatState, inputs: ThermostatInputs): number {
  const { temperatureC, setPoints } = inputs;
  if (temperatureC !== null) {
    if (temperatureC < setPoints.onC) state.heating = true;
    else if (temperatureC > setPoints.offC) state.heating = false;
  }
  if (inputs.override === 'on') return 100;
  if (inputs.override === 'off' || !inputs.enabled) return 0;
  if (temperatureC === null) return inputs.failSafeDutyPct;
  return state.heating ? 100 : 0;
}
