import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  checkHeaterParams,
  createHeaterState,
  DEFAULT_HEATER_PARAMS,
  heaterSensors,
  requestHeaterDuty,
  setHeaterFault,
  stepHeaters,
} from '../../../sim-hw/thermal/heaters.js';

describe('heaters', () => {
  it('give rated power times duty while the heaters rail is on, nothing when it is off', () => {
    const state = createHeaterState();
    requestHeaterDuty(state, { board: 40, battery: 100 });
    const on = stepHeaters(state, true, DEFAULT_HEATER_PARAMS);
    expect(on.powerW).toEqual({ board: 6, battery: 10 }); // 15 W x 40 %, 10 W x 100 %
    expect(on.totalPowerW).toBe(16);
    const off = stepHeaters(state, false, DEFAULT_HEATER_PARAMS);
    expect(off.powerW).toEqual({ board: 0, battery: 0 });
    expect(off.totalPowerW).toBe(0);
    expect(off.dutyPct).toEqual({ board: 40, battery: 100 }); // the switch still applies its duty
  });

  it('holds a duty until changed and clamps it to 0..100 %', () => {
    const state = createHeaterState();
    requestHeaterDuty(state, { board: 150 });
    requestHeaterDuty(state, { battery: -5 });
    requestHeaterDuty(state, { battery: Number.NaN });
    requestHeaterDuty(state, undefined);
    expect(state.requestedDutyPct).toEqual({ board: 100, battery: 0 });
  });

  it('stuck-on applies 100 % and stuck-off 0 % whatever is asked; clearing returns to the request', () => {
    const state = createHeaterState();
    requestHeaterDuty(state, { board: 20, battery: 70 });
    setHeaterFault(state, 'board', 'stuck-on');
    setHeaterFault(state, 'battery', 'stuck-off');
    const faulty = stepHeaters(state, true, DEFAULT_HEATER_PARAMS);
    expect(faulty.dutyPct).toEqual({ board: 100, battery: 0 });
    expect(faulty.powerW).toEqual({ board: 15, battery: 0 });
    expect(heaterSensors(faulty)).toEqual({ board: { on: true, dutyPct: 100 }, battery: { on: false, dutyPct: 0 } });
    setHeaterFault(state, 'board', 'none');
    setHeaterFault(state, 'battery', 'none');
    expect(stepHeaters(state, true, DEFAULT_HEATER_PARAMS).powerW).toEqual({ board: 3, battery: 7 });
  });

  test.prop([fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true })])(
    'HeaterSensors say on exactly when the duty is above 0',
    (board, battery) => {
      const state = createHeaterState();
      requestHeaterDuty(state, { board, battery });
      const sensors = heaterSensors(stepHeaters(state, true, DEFAULT_HEATER_PARAMS));
      expect(sensors.board).toEqual({ on: board > 0, dutyPct: board });
      expect(sensors.battery).toEqual({ on: battery > 0, dutyPct: battery });
    },
  );

  it('checks every parameter', () => {
    expect(checkHeaterParams(DEFAULT_HEATER_PARAMS)).toEqual([]);
    expect(checkHeaterParams({ ratedW: { board: -1, battery: Number.NaN } })).toHaveLength(2);
  });
});
