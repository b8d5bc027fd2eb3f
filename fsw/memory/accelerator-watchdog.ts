/**
 * The accelerator's watchdog: a device that should be running ("ready" or
 * "hung") whose heartbeat has not advanced for the timeout is reset; one
 * that does not recover (ready with a live heartbeat for recoveryS) within
 * resetsMax resets, or that reports itself failed, is declared failed and
 * its rail inhibited until the operator releases it.
 */
import type { AcceleratorSensors } from '../hal/frames.js';

export interface WatchdogSettings {
  readonly timeoutS: number;
  readonly resetsMax: number;
  readonly recoveryS: number;
}

export interface AcceleratorWatchdog {
  /** Resets after a hang, in total (persisted). */
  resets: number;
  /** Resets since the device last recovered (persisted). */
  resetsSinceRecovery: number;
  /** Declared failed: rail inhibited (persisted). */
  failed: boolean;
  lastHeartbeat: number;
  /** Last time the heartbeat advanced, or the device was not expected to run. */
  aliveS: number;
  /** Since when the device has been ready with a live heartbeat (NaN: not). */
  readySinceS: number;
}

export type WatchdogAction =
  | { readonly kind: 'none' }
  | { readonly kind: 'reset'; readonly stalledS: number; readonly state: string }
  | { readonly kind: 'failed'; readonly detail: string };

const NONE: WatchdogAction = Object.freeze({ kind: 'none' });

export function createAcceleratorWatchdog(timeS: number): AcceleratorWatchdog {
  return { resets: 0, resetsSinceRecovery: 0, failed: false, lastHeartbeat: Number.NaN, aliveS: timeS, readySinceS: Number.NaN };
}

/**
 * One look at the device. `canCommand` is false when another module already
 * commanded the device this tick (the reset waits a tick). The caller sends
 * the reset and raises the events.
 */
export function watchAccelerator(
  watchdog: AcceleratorWatchdog,
  device: AcceleratorSensors,
  settings: WatchdogSettings,
  timeS: number,
  canCommand: boolean,
): WatchdogAction {
  const state = device.state;
  const heartbeat = device.heartbeat;
  const advanced = Number.isFinite(heartbeat) && heartbeat !== watchdog.lastHeartbeat;
  if (Number.isFinite(heartbeat)) watchdog.lastHeartbeat = heartbeat;
  if (watchdog.failed) return NONE;
  if (state === 'failed') {
    watchdog.failed = true;
    return { kind: 'failed', detail: 'the device reports itself failed' };
  }
  const shouldRun = state === 'ready' || state === 'hung';
  if (!shouldRun || advanced) watchdog.aliveS = timeS;
  if (state === 'ready' && advanced) {
    if (Number.isNaN(watchdog.readySinceS)) watchdog.readySinceS = timeS;
    if (timeS - watchdog.readySinceS >= settings.recoveryS) watchdog.resetsSinceRecovery = 0;
  } else if (state !== 'ready') {
    watchdog.readySinceS = Number.NaN;
  }
  const stalledS = timeS - watchdog.aliveS;
  if (!shouldRun || stalledS < settings.timeoutS) return NONE;
  if (watchdog.resetsSinceRecovery >= settings.resetsMax) {
    watchdog.failed = true;
    return { kind: 'failed', detail: `no recovery after ${watchdog.resetsSinceRecovery} resets` };
  }
  if (!canCommand) return NONE;
  watchdog.resets++;
  watchdog.resetsSinceRecovery++;
  watchdog.aliveS = timeS;
  watchdog.readySinceS = Number.NaN;
  return { kind: 'reset', stalledS, state };
}

/** The operator withdraws the failed verdict: the watchdog starts afresh. */
export function releaseAccelerator(watchdog: AcceleratorWatchdog, timeS: number): void {
  watchdog.failed = false;
  watchdog.resetsSinceRecovery = 0;
  watchdog.aliveS = timeS;
  watchdog.readySinceS = Number.NaN;
}
