/**
 * The two heaters (frames.ts HeaterName: board, battery) behind the heaters
 * rail. The flight software sets a duty 0..100 % (held until changed); the
 * switch applies it, pulse-width modulated, so the heat over a tick is
 * ratedW * duty / 100 while the heaters rail is on, nothing when it is off.
 * A fault overrides a switch: stuck-on applies 100 %, stuck-off 0 %.
 */

import { HEATER_ZONES } from '../../protocol/index.js';
import type { HeaterName, HeaterSensors } from '../../fsw/hal/frames.js';

export interface HeaterParams {
  /** Heater power at 100 % duty on a nominal bus. */
  readonly ratedW: Readonly<Record<HeaterName, number>>;
}

/** Design defaults (brief; grade U): a 15 W board heater, a 10 W battery heater. */
export const DEFAULT_HEATER_PARAMS: HeaterParams = { ratedW: { board: 15, battery: 10 } };

export function checkHeaterParams(params: HeaterParams): string[] {
  const problems: string[] = [];
  for (const heater of HEATER_ZONES) {
    const w = params.ratedW[heater];
    if (!(w >= 0 && w <= 10_000)) problems.push(`heater ${heater} ratedW ${w} is not 0..10000`);
  }
  return problems;
}

export type HeaterFault = 'none' | 'stuck-on' | 'stuck-off';

export interface HeaterState {
  /** Duty last requested by the flight software, 0..100 %. */
  requestedDutyPct: Record<HeaterName, number>;
  fault: Record<HeaterName, HeaterFault>;
}

export function createHeaterState(): HeaterState {
  return { requestedDutyPct: { board: 0, battery: 0 }, fault: { board: 'none', battery: 'none' } };
}

/** Holds duty requests (an ActuatorFrame's heaterDutyPct), clamped to 0..100; a non-number is ignored. */
export function requestHeaterDuty(state: HeaterState, requests: Readonly<Partial<Record<HeaterName, number>>> | undefined): void {
  if (requests === undefined) return;
  for (const heater of HEATER_ZONES) {
    const duty = requests[heater];
    if (duty === undefined || !Number.isFinite(duty)) continue;
    state.requestedDutyPct[heater] = duty < 0 ? 0 : duty > 100 ? 100 : duty;
  }
}

/** Sets or clears (with 'none') a heater switch fault. */
export function setHeaterFault(state: HeaterState, heater: HeaterName, fault: HeaterFault): void {
  state.fault[heater] = fault;
}

export interface HeaterOutputs {
  /** Duty the switch applies over the tick (the request, or the fault's). */
  dutyPct: Record<HeaterName, number>;
  /** Heat over the tick: zero while the heaters rail is off. */
  powerW: Record<HeaterName, number>;
  totalPowerW: number;
}

export function createHeaterOutputs(): HeaterOutputs {
  return { dutyPct: { board: 0, battery: 0 }, powerW: { board: 0, battery: 0 }, totalPowerW: 0 };
}

/** The heaters over one tick, given whether the heaters rail is on. */
export function stepHeaters(state: HeaterState, heatersRailOn: boolean, params: HeaterParams, out: HeaterOutputs = createHeaterOutputs()): HeaterOutputs {
  let total = 0;
  for (const heater of HEATER_ZONES) {
    const fault = state.fault[heater];
    const duty = fault === 'stuck-on' ? 100 : fault === 'stuck-off' ? 0 : state.requestedDutyPct[heater];
    const powerW = heatersRailOn ? (params.ratedW[heater] * duty) / 100 : 0;
    out.dutyPct[heater] = duty;
    out.powerW[heater] = powerW;
    total += powerW;
  }
  out.totalPowerW = total;
  return out;
}

/** frames.ts HeaterSensors for a tick (a new object): on when the switch applies any duty. */
export function heaterSensors(outputs: HeaterOutputs): Record<HeaterName, HeaterSensors> {
  return {
    board: { on: outputs.dutyPct.board > 0, dutyPct: outputs.dutyPct.board },
    battery: { on: outputs.dutyPct.battery > 0, dutyPct: outputs.dutyPct.battery },
  };
}
