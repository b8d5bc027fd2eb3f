/** The flight computer as the hardware sees it: boots, their causes, uptime. */
import type { ObcSensors, ResetCause } from '../../fsw/hal/frames.js';

export interface ObcState {
  bootCount: number;
  resetCause: ResetCause;
  uptimeS: number;
}

export function createObcState(): ObcState {
  return { bootCount: 1, resetCause: 'power-on', uptimeS: 0 };
}

export function stepObc(state: ObcState, dtS: number): void {
  state.uptimeS += dtS;
}

/** The computer restarts; the next frame reports the new boot and its cause. */
export function resetObc(state: ObcState, cause: ResetCause): void {
  state.bootCount += 1;
  state.resetCause = cause;
  state.uptimeS = 0;
}

export function obcSensors(state: ObcState): ObcSensors {
  return { bootCount: state.bootCount, resetCause: state.resetCause, uptimeS: state.uptimeS };
}
