import { describe, expect, it } from 'vitest';
import { createWatchdogState, stepWatchdog, checkWatchdogParams } from '../../../sim-hw/watchdog/watchdog.js';
import { createObcState, obcSensors, resetObc, stepObc } from '../../../sim-hw/watchdog/obc.js';

describe('hardware watchdog', () => {
  const params = { timeoutS: 5 };

  it('fires after the timeout without a stroke, not before', () => {
    const state = createWatchdogState();
    for (let tick = 1; tick < 50; tick++) expect(stepWatchdog(state, false, params, 0.1)).toBe(false);
    expect(stepWatchdog(state, false, params, 0.1)).toBe(true);
    expect(state.resets).toBe(1);
    expect(state.sinceStrokeS).toBe(0);
  });

  it('a stroke reloads it', () => {
    const state = createWatchdogState();
    for (let tick = 0; tick < 1000; tick++) expect(stepWatchdog(state, tick % 40 === 0, params, 0.1)).toBe(false);
    expect(state.resets).toBe(0);
  });

  it('refuses an out-of-range timeout', () => {
    expect(checkWatchdogParams({ timeoutS: 0 })).toHaveLength(1);
    expect(checkWatchdogParams(params)).toEqual([]);
  });
});

describe('flight computer boots', () => {
  it('counts boots, keeps the cause and restarts uptime', () => {
    const obc = createObcState();
    stepObc(obc, 12);
    resetObc(obc, 'watchdog');
    expect(obcSensors(obc)).toEqual({ bootCount: 2, resetCause: 'watchdog', uptimeS: 0 });
  });
});
