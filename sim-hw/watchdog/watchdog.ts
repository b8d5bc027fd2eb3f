/**
 * The hardware watchdog and the flight computer's reset line. The software
 * strokes it through the ActuatorFrame; when a timeout passes without a
 * stroke it resets the flight computer. The boot that follows sees the cause
 * in ObcSensors.resetCause (set by the assembly from `expired`).
 */

export interface WatchdogParams {
  /** Time without a stroke after which the computer is reset. */
  readonly timeoutS: number;
}

export const DEFAULT_WATCHDOG_PARAMS: WatchdogParams = { timeoutS: 5 };

export function checkWatchdogParams(params: WatchdogParams): string[] {
  return params.timeoutS >= 0.5 && params.timeoutS <= 600 ? [] : [`watchdog timeoutS ${params.timeoutS} is not 0.5..600`];
}

export interface WatchdogState {
  sinceStrokeS: number;
  resets: number;
}

export function createWatchdogState(): WatchdogState {
  return { sinceStrokeS: 0, resets: 0 };
}

/** Advances the watchdog by one tick; true when it fires (the computer resets now). */
export function stepWatchdog(state: WatchdogState, stroked: boolean, params: WatchdogParams, dtS: number): boolean {
  state.sinceStrokeS = stroked ? 0 : state.sinceStrokeS + dtS;
  // A nanosecond of slack: fifty 0.1 s ticks add up to 4.999999999 s in floating point.
  if (state.sinceStrokeS < params.timeoutS - 1e-9) return false;
  state.sinceStrokeS = 0;
  state.resets += 1;
  return true;
}
