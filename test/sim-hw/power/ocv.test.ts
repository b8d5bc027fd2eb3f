import { describe, expect, it } from 'vitest';
import { createPowerOutputs, createPowerState, DEFAULT_POWER_PARAMS, stepPower } from '../../../sim-hw/power/power.js';
import { DEFAULT_OCV_TABLE_V, ocvCurve, ocvCurveIntegralV, ocvIntegralV } from '../../../sim-hw/power/ocv.js';

describe('a kept OCV curve', () => {
  it('gives the integral of its table bit for bit, and the power state refuses parameters with another table', () => {
    const curve = ocvCurve(DEFAULT_OCV_TABLE_V);
    for (let i = 0; i <= 1000; i++) expect(ocvCurveIntegralV(curve, i / 1000)).toBe(ocvIntegralV(DEFAULT_OCV_TABLE_V, i / 1000));
    expect(ocvCurveIntegralV(curve, -1)).toBe(0);
    expect(ocvCurveIntegralV(curve, 2)).toBe(ocvIntegralV(DEFAULT_OCV_TABLE_V, 1));

    const state = createPowerState(DEFAULT_POWER_PARAMS);
    expect(state.ocv.tableV).toBe(DEFAULT_POWER_PARAMS.battery.ocvTableV);
    const inputs = {
      sunlit: true,
      incidenceCos: 1,
      batteryTemperatureC: 20,
      commsTransmitting: false,
      heaterPowerW: 0,
      acceleratorPowerW: 0,
      latchupCurrentA: { avionics: 0, comms: 0, heaters: 0, payload: 0, accelerator: 0 },
    };
    const other = { ...DEFAULT_POWER_PARAMS, battery: { ...DEFAULT_POWER_PARAMS.battery, ocvTableV: [...DEFAULT_OCV_TABLE_V] } };
    expect(() => stepPower(state, inputs, other, 0.1, createPowerOutputs())).toThrow(/another OCV table/);
    expect(() => stepPower(state, inputs, DEFAULT_POWER_PARAMS, 0.1, createPowerOutputs())).not.toThrow();
  });
});
