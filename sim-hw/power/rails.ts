/**
 * The switched rails of the distribution unit. Each rail feeds a
 * constant-power load: a fixed part (loadW) plus, for the comms rail, the
 * transmitter, for the heaters rail the heaters' power and for the
 * accelerator rail the device's power, given as inputs. Switch requests from
 * an ActuatorFrame are held and take effect at the start of the next tick
 * (applyRailRequests). An essential rail refuses a request to switch off; it
 * goes off only when the whole bus drops (brown-out).
 */

import { RAILS } from '../../protocol/index.js';
import type { RailName } from '../../fsw/hal/frames.js';

export interface RailParams {
  /** Fixed constant-power load while the rail is on. */
  readonly loadW: number;
  /** The flight software cannot switch it off. */
  readonly essential: boolean;
  readonly onAtPowerUp: boolean;
}

export interface RailsParams {
  readonly rails: Readonly<Record<RailName, RailParams>>;
  /** Extra load of the comms rail while the transmitter is on. */
  readonly commsTransmitW: number;
}

/** Design defaults of the small compute node (brief; grade U). */
export const DEFAULT_RAILS_PARAMS: RailsParams = {
  rails: {
    avionics: { loadW: 25, essential: true, onAtPowerUp: true },
    comms: { loadW: 8, essential: false, onAtPowerUp: true },
    heaters: { loadW: 0, essential: false, onAtPowerUp: true },
    payload: { loadW: 10, essential: false, onAtPowerUp: false },
    accelerator: { loadW: 0, essential: false, onAtPowerUp: false },
  },
  commsTransmitW: 20,
};

export function checkRailsParams(params: RailsParams): string[] {
  const problems: string[] = [];
  for (const rail of RAILS) {
    const p = params.rails[rail];
    if (p === undefined) {
      problems.push(`rail ${rail} has no parameters`);
      continue;
    }
    if (!(p.loadW >= 0 && p.loadW <= 100_000)) problems.push(`rail ${rail} loadW ${p.loadW} is not 0..100000`);
    if (p.essential && !p.onAtPowerUp) problems.push(`rail ${rail} is essential but not on at power-up`);
  }
  if (!(params.commsTransmitW >= 0 && params.commsTransmitW <= 10_000)) problems.push(`rails commsTransmitW ${params.commsTransmitW} is not 0..10000`);
  return problems;
}

export interface RailsState {
  /** Switch state during the present tick. */
  on: Record<RailName, boolean>;
  /** State requested for the next tick. */
  requested: Record<RailName, boolean>;
}

export function createRailsState(params: RailsParams): RailsState {
  const state: RailsState = {
    on: { avionics: false, comms: false, heaters: false, payload: false, accelerator: false },
    requested: { avionics: false, comms: false, heaters: false, payload: false, accelerator: false },
  };
  powerUpRails(state, params);
  return state;
}

/** Records switch requests (an ActuatorFrame's `rails`); an essential rail ignores "off". */
export function requestRails(state: RailsState, requests: Readonly<Partial<Record<RailName, boolean>>> | undefined, params: RailsParams): void {
  if (requests === undefined) return;
  for (const rail of RAILS) {
    const on = requests[rail];
    if (on === undefined) continue;
    if (!on && params.rails[rail].essential) continue;
    state.requested[rail] = on;
  }
}

/** Applies the held requests: call at the start of a tick (stepPower does; calling it twice is harmless). */
export function applyRailRequests(state: RailsState): void {
  for (const rail of RAILS) state.on[rail] = state.requested[rail];
}

/** Brown-out: every rail off at once, pending requests forgotten. */
export function dropAllRails(state: RailsState): void {
  for (const rail of RAILS) {
    state.on[rail] = false;
    state.requested[rail] = false;
  }
}

/** Power-up (first start or after a brown-out): the rails marked onAtPowerUp, at once. */
export function powerUpRails(state: RailsState, params: RailsParams): void {
  for (const rail of RAILS) {
    state.on[rail] = params.rails[rail].onAtPowerUp;
    state.requested[rail] = params.rails[rail].onAtPowerUp;
  }
}

/** What the loads draw from the rails besides their fixed part. */
export interface RailLoadInputs {
  readonly commsTransmitting: boolean;
  /** Total heater power (heaters.ts), already zero when the heaters rail is off. */
  readonly heaterPowerW: number;
  /** The accelerator's power (the device model). */
  readonly acceleratorPowerW: number;
}

/** Constant-power demand of a rail if it is on. */
export function railDemandW(rail: RailName, params: RailsParams, loads: RailLoadInputs): number {
  const base = params.rails[rail].loadW;
  switch (rail) {
    case 'comms':
      return base + (loads.commsTransmitting ? params.commsTransmitW : 0);
    case 'heaters':
      return base + loads.heaterPowerW;
    case 'accelerator':
      return base + loads.acceleratorPowerW;
    default:
      return base;
  }
}
