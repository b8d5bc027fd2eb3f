import { describe, expect, it } from 'vitest';
import { capForPrediction, createDieCapState, stepDieCap, type DieCapParams } from '../../../fsw/thermal/die-cap.js';
import { createStuckState, stepStuckDetector, type StuckChange } from '../../../fsw/thermal/heater-stuck.js';
import { classify, nextLevel, zoneLimits } from '../../../fsw/thermal/zone-limits.js';
import { stepThermostat } from '../../../fsw/thermal/thermostat.js';

const DIE: DieCapParams = { throttleC: 75, limitC: 85, redC: 105, redReleaseC: 60, leadS: 60, maxW: 200, minW: 40 };

describe('die cap', () => {
  it('is the maximum below the throttle point, falls linearly to the minimum at the limit', () => {
    expect(capForPrediction(60, DIE)).toBe(200);
    expect(capForPrediction(80, DIE)).toBe(120);
    expect(capForPrediction(85, DIE)).toBe(40);
    expect(capForPrediction(300, DIE)).toBe(40);
  });

  it('cuts the cap on a rising trend before the temperature itself reaches the throttle point', () => {
    const state = createDieCapState(200);
    let capAt70 = Number.NaN;
    for (let tick = 0; tick <= 600; tick++) {
      const timeS = tick * 0.1;
      const dieC = 60 + 0.2 * timeS; // 12 C a minute
      const { capW } = stepDieCap(state, dieC, timeS, 0.1, DIE);
      if (Math.abs(dieC - 70) < 1e-9) capAt70 = capW;
    }
    expect(capAt70).toBeLessThan(200);
  });

  it('at the red limit asks 0 and inhibits, and releases below the release temperature', () => {
    const state = createDieCapState(200);
    const changes: (boolean | null)[] = [];
    for (const [i, dieC] of [90, 106, 100, 70, 59, 59].entries()) changes.push(stepDieCap(state, dieC, i * 100, 100, DIE).redChanged);
    expect(changes).toEqual([null, true, null, null, false, null]);
    expect(stepDieCap(createDieCapState(200), 110, 0, 0.1, DIE).capW).toBe(0);
  });

  it('goes to its minimum without a die temperature, never throwing', () => {
    const state = createDieCapState(200);
    expect(stepDieCap(state, null, 0, 0.1, DIE).capW).toBe(40);
    expect(stepDieCap(state, Number.NaN, 0.1, 0.1, DIE).capW).toBe(40);
  });
});

describe('limits', () => {
  it('come from the dictionary for every zone, with yellow and red on both sides', () => {
    for (const zone of ['accelerator', 'board', 'battery', 'radiator', 'structure'] as const) {
      const limits = zoneLimits(zone);
      expect(limits.redLow! < limits.yellowLow! && limits.yellowLow! < limits.yellowHigh! && limits.yellowHigh! < limits.redHigh!).toBe(true);
    }
  });

  it('escalate at once and ease only with hysteresis', () => {
    const battery = zoneLimits('battery'); // yellow 5..35, red 0..45
    expect(classify(36, battery)).toBe('yellow-high');
    expect(nextLevel('nominal', 36, battery, 1)).toBe('yellow-high');
    expect(nextLevel('yellow-high', 34.5, battery, 1)).toBe('yellow-high');
    expect(nextLevel('yellow-high', 33.9, battery, 1)).toBe('nominal');
    expect(nextLevel('yellow-high', 46, battery, 1)).toBe('red-high');
    expect(nextLevel('red-high', 44.5, battery, 1)).toBe('red-high');
    expect(nextLevel('red-high', 40, battery, 1)).toBe('yellow-high');
    expect(nextLevel('nominal', -1, battery, 1)).toBe('red-low');
  });
});

describe('thermostat', () => {
  const base = { setPoints: { onC: 10, offC: 15 }, enabled: true, override: 'auto' as const, failSafeDutyPct: 30 };
  it('switches on below the on point, off above the off point, and holds in between', () => {
    const state = { heating: false };
    expect([12, 9, 12, 16, 12].map((temperatureC) => stepThermostat(state, { ...base, temperatureC }))).toEqual([0, 100, 100, 0, 0]);
  });

  it('obeys an override and a disabled zone, and gives the fail-safe duty without a temperature', () => {
    expect(stepThermostat({ heating: false }, { ...base, temperatureC: 30, override: 'on' })).toBe(100);
    expect(stepThermostat({ heating: true }, { ...base, temperatureC: 0, override: 'off' })).toBe(0);
    expect(stepThermostat({ heating: true }, { ...base, temperatureC: 0, enabled: false })).toBe(0);
    expect(stepThermostat({ heating: false }, { ...base, temperatureC: null })).toBe(30);
  });
});

describe('heater stuck-on detector', () => {
  it('detects after the persistence, uses the rail as thermostat while stuck, and clears when the heater obeys', () => {
    const state = createStuckState();
    const params = { marginC: 2, persistS: 10 };
    const setPoints = { onC: 10, offC: 15 };
    const changes: { timeS: number; change: StuckChange }[] = [];
    const step = (timeS: number, temperatureC: number, reportedDutyPct: number, asked: number, railOn = true) => {
      const change = stepStuckDetector(state, { timeS, temperatureC, reportedDutyPct, railOn, setPoints }, params);
      state.requestedDutyPct = asked;
      if (change !== null) changes.push({ timeS, change });
    };
    step(0, 16, 100, 0); // the request of 0 takes effect from the next tick
    for (let t = 1; t <= 12; t++) step(t, 18, 100, 0);
    step(13, 12, 100, 0, false); // cooling with the rail off
    step(14, 9, 100, 100, false); // below the on point: released
    step(15, 16, 100, 0, true); // heated past the off point: asked 0
    step(16, 17.5, 100, 0, true); // warmed past off + margin while asked 0: inhibited again
    step(17, 9, 100, 100, false);
    step(18, 12, 0, 0, true);
    step(19, 12, 0, 0, true); // asked 0, reports 0, rail on: the heater obeys again
    expect(changes).toEqual([
      { timeS: 11, change: 'detected' },
      { timeS: 14, change: 'release' },
      { timeS: 16, change: 'inhibit' },
      { timeS: 17, change: 'release' },
      { timeS: 19, change: 'cleared' },
    ]);
    expect(state.detections).toBe(1);
  });

  it('does not suspect a heater that was asked to heat, or a zone below its off point', () => {
    const state = createStuckState();
    state.requestedDutyPct = 100;
    const input = { timeS: 0, temperatureC: 30, reportedDutyPct: 100, railOn: true, setPoints: { onC: 10, offC: 15 } };
    for (let t = 0; t < 100; t++) expect(stepStuckDetector(state, { ...input, timeS: t }, { marginC: 2, persistS: 10 })).toBeNull();
    state.requestedDutyPct = 0;
    for (let t = 100; t < 200; t++) expect(stepStuckDetector(state, { ...input, timeS: t, temperatureC: 16 }, { marginC: 2, persistS: 10 })).toBeNull();
  });
});
