/** The flight computer as the hardware sees it: boots, their causes, uptime, and a hang that holds it. */
import type { ObcSensors, ResetCause } from '../../fsw/hal/frames.js';

export interface ObcState {
  bootCount: number;
  resetCause: ResetCause;
  uptimeS: number;
  /** An obc-hang fault holds the computer until this mission time (-1: not hung); a reset clears it. */
  hangUntilS: number;
}

export function createObcState(): ObcState {
  return { bootCount: 1, resetCause: 'power-on', uptimeS: 0, hangUntilS: -1 };
}

export function stepObc(state: ObcState, dtS: number): void {
  state.uptimeS += dtS;
}

/** The computer restarts (a hang ends with it); the next frame reports the new boot and its cause. */
export function resetObc(state: ObcState, cause: ResetCause): void {
  state.bootCount += 1;
  state.resetCause = cause;
  state.uptimeS = 0;
  state.hangUntilS = -1;
}

/** An obc-hang fault: the computer stops answering until untilS (overlapping hangs: the later end). */
export function hangObc(state: ObcState, untilS: number): void {
  state.hangUntilS = Math.max(state.hangUntilS, untilS);
}

export function obcSensors(state: ObcState): ObcSensors {
  return { bootCount: state.bootCount, resetCause: state.resetCause, uptimeS: state.uptimeS };
}
