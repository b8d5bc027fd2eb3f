import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { solveBus } from '../../../sim-hw/power/bus.js';
import { chargeCurrentMaxA, checkChargerParams, DEFAULT_CHARGER_PARAMS } from '../../../sim-hw/power/charger.js';
import {
  applyPowerActuators,
  brownOut,
  checkPowerParams,
  createPowerOutputs,
  createPowerState,
  DEFAULT_POWER_PARAMS,
  powerSensors,
  powerUp,
  powerUpAllowed,
  stepPower,
} from '../../../sim-hw/power/power.js';
import type { PowerInputs, PowerParams } from '../../../sim-hw/power/power.js';
import { checkRailsParams, DEFAULT_RAILS_PARAMS } from '../../../sim-hw/power/rails.js';

const NO_LATCHUP = Object.freeze({ avionics: 0, comms: 0, heaters: 0, payload: 0, accelerator: 0 });

function inputs(overrides: Partial<PowerInputs> = {}): PowerInputs {
  return {
    sunlit: true,
    incidenceCos: 1,
    batteryTemperatureC: 25,
    commsTransmitting: false,
    heaterPowerW: 0,
    acceleratorPowerW: 0,
    latchupCurrentA: NO_LATCHUP,
    ...overrides,
  };
}

function withSoc(soc: number): PowerParams {
  return { ...DEFAULT_POWER_PARAMS, battery: { ...DEFAULT_POWER_PARAMS.battery, initialSocFraction: soc } };
}

describe('bus solution', () => {
  it('bus voltage at rest equals the OCV', () => {
    const s = solveBus({ arrayAvailableW: 0, loadW: 0, latchupA: 0, ocvV: 30.1, resistanceOhm: 0.4, chargeMaxA: 5, dischargeMaxA: 100 });
    expect(s.busVoltageV).toBe(30.1);
    expect(s.batteryCurrentA).toBe(0);
    expect(s.arrayDeliveredW).toBe(0);
    // And in the full model: every rail off, in shadow.
    const params = withSoc(0.5);
    const state = createPowerState(params);
    brownOut(state);
    const out = stepPower(state, inputs({ sunlit: false }), params, 0.1);
    expect(out.busVoltageV).toBe(out.batteryOcvV);
    expect(out.busVoltageV).toBeCloseTo(8 * 3.72, 12);
    expect(out.batteryCurrentA).toBe(0);
  });

  it('a constant-power load discharges through R: V = OCV + I R and V * -I = P', () => {
    const s = solveBus({ arrayAvailableW: 0, loadW: 300, latchupA: 0, ocvV: 30, resistanceOhm: 0.4, chargeMaxA: 5, dischargeMaxA: 100 });
    // R I^2 + OCV I + P = 0: I = (-30 + sqrt(900 - 480)) / 0.8 = -11.0826 A.
    expect(s.batteryCurrentA).toBeCloseTo((-30 + Math.sqrt(900 - 4 * 0.4 * 300)) / 0.8, 10);
    expect(s.busVoltageV).toBeCloseTo(30 + s.batteryCurrentA * 0.4, 12);
    expect(s.busVoltageV * -s.batteryCurrentA).toBeCloseTo(300, 9);
    expect(s.collapsed).toBe(false);
  });

  test.prop([
    fc.double({ min: 0, max: 600, noNaN: true }),
    fc.double({ min: 0, max: 400, noNaN: true }),
    fc.double({ min: 0, max: 5, noNaN: true }),
    fc.double({ min: 24, max: 33.44, noNaN: true }),
    fc.double({ min: 0.2, max: 2, noNaN: true }),
    fc.double({ min: 0, max: 10, noNaN: true }),
  ])('satisfies the bus equations, the charge limit and the array limit', (available, loadW, latchupA, ocvV, resistanceOhm, chargeMaxA) => {
    const s = solveBus({ arrayAvailableW: available, loadW, latchupA, ocvV, resistanceOhm, chargeMaxA, dischargeMaxA: 1e6 });
    expect(s.arrayDeliveredW).toBeLessThanOrEqual(available);
    expect(s.batteryCurrentA).toBeLessThanOrEqual(chargeMaxA + 1e-12);
    expect(s.arrayDeliveredW).toBeCloseTo(s.busVoltageV * s.batteryCurrentA + s.loadDeliveredW, 8);
    if (s.collapsed) {
      expect(loadW + ocvV * latchupA - available).toBeGreaterThan((ocvV + resistanceOhm * latchupA) ** 2 / (4 * resistanceOhm) - 1e-6);
      return;
    }
    expect(s.busVoltageV).toBeCloseTo(ocvV + s.batteryCurrentA * resistanceOhm, 10);
    expect(s.loadDeliveredW).toBeCloseTo(loadW + s.busVoltageV * latchupA, 8);
    // The array is shunted only when the battery takes all it may.
    if (s.arrayDeliveredW < available - 1e-9) expect(s.batteryCurrentA).toBeCloseTo(chargeMaxA, 10);
  });

  it('collapses when the load exceeds what the battery can give (OCV^2 / 4R)', () => {
    const s = solveBus({ arrayAvailableW: 0, loadW: 600, latchupA: 0, ocvV: 30, resistanceOhm: 0.4, chargeMaxA: 0, dischargeMaxA: 1e6 });
    expect(s.collapsed).toBe(true); // 900 / 1.6 = 562.5 W < 600 W
    expect(s.busVoltageV).toBeCloseTo(15, 12);
    expect(s.loadDeliveredW).toBeCloseTo(562.5, 9);
  });
});

describe('charger', () => {
  it('tapers between 4.10 and 4.18 V per cell, with a termination floor, and never beyond the headroom', () => {
    const c = DEFAULT_CHARGER_PARAMS;
    expect(checkChargerParams(c)).toEqual([]);
    expect(chargeCurrentMaxA(c, 5, 4.0, 1e6)).toBe(5);
    expect(chargeCurrentMaxA(c, 5, 4.14, 1e6)).toBeCloseTo(2.5, 12);
    expect(chargeCurrentMaxA(c, 5, 4.179, 1e6)).toBe(0.5);
    expect(chargeCurrentMaxA(c, 0, 3.7, 1e6)).toBe(0);
    expect(chargeCurrentMaxA(c, 5, 3.7, 0.7)).toBe(0.7);
    expect(chargeCurrentMaxA(c, 5, 4.18, 0)).toBe(0);
  });
});

describe('power system', () => {
  it('checks every parameter range', () => {
    expect(checkPowerParams(DEFAULT_POWER_PARAMS)).toEqual([]);
    expect(checkRailsParams(DEFAULT_RAILS_PARAMS)).toEqual([]);
    expect(checkPowerParams({ ...DEFAULT_POWER_PARAMS, busVoltageBrownoutV: 5, powerUpSocFraction: 0.9 })).toHaveLength(2);
    expect(
      checkRailsParams({ ...DEFAULT_RAILS_PARAMS, rails: { ...DEFAULT_RAILS_PARAMS.rails, avionics: { loadW: -1, essential: true, onAtPowerUp: false } } }),
    ).toHaveLength(2);
  });

  it('charging stops at 100 % state of charge', () => {
    const params = withSoc(0.97);
    const state = createPowerState(params);
    const out = createPowerOutputs();
    let maxSoc = 0;
    let ticksFull = 0;
    for (let tick = 0; tick < 40 * 60 * 10; tick++) {
      stepPower(state, inputs(), params, 0.1, out);
      maxSoc = Math.max(maxSoc, out.socFraction);
      if (out.socFraction === 1) {
        ticksFull++;
        if (ticksFull > 1) {
          expect(out.batteryCurrentA).toBe(0);
          expect(out.shuntedW).toBeCloseTo(out.arrayAvailableW - out.loadPowerW, 9);
        }
      }
    }
    expect(maxSoc).toBe(1);
    expect(ticksFull).toBeGreaterThan(100);
  });

  it('the charge current never exceeds the limit and tapers near full', () => {
    const params = withSoc(0.7);
    const state = createPowerState(params);
    applyPowerActuators(state, { watchdogStroke: false, chargeCurrentLimitA: 3 }, params);
    const out = createPowerOutputs();
    let atLimit = 0;
    const tapered: Array<[number, number]> = [];
    let maxCurrentA = -Infinity;
    let worstTaperErrorA = 0;
    for (let tick = 0; tick < 2 * 3600 * 10; tick++) {
      stepPower(state, inputs(), params, 0.1, out);
      maxCurrentA = Math.max(maxCurrentA, out.batteryCurrentA);
      const cellV = out.batteryOcvV / 8; // the OCV the tick was solved with
      if (cellV < 4.1 && out.batteryCurrentA === 3) atLimit++;
      if (cellV > 4.1 && out.socFraction < 1) {
        tapered.push([cellV, out.batteryCurrentA]);
        // Above 4.10 V/cell the current is the limit scaled by (4.18 - OCV) / 0.08, floored at 0.5 A (C/20).
        worstTaperErrorA = Math.max(worstTaperErrorA, Math.abs(out.batteryCurrentA - Math.max(0.5, Math.min(3, (3 * (4.18 - cellV)) / 0.08))));
      }
    }
    expect(maxCurrentA).toBe(3);
    expect(out.chargeLimitA).toBe(3);
    expect(atLimit).toBeGreaterThan(1000); // constant current below the taper
    expect(tapered.length).toBeGreaterThan(100);
    expect(worstTaperErrorA).toBeLessThan(1e-9);
    expect(tapered.at(-1)![1]).toBe(0.5);
    expect(tapered[0]![1]).toBeGreaterThan(2.9);
    // A request above the hardware's ceiling is clamped to it.
    applyPowerActuators(state, { watchdogStroke: false, chargeCurrentLimitA: 50 }, params);
    expect(stepPower(state, inputs(), params, 0.1).chargeLimitA).toBe(5);
  });

  it('does not charge when the limit is 0', () => {
    const params = withSoc(0.5);
    const state = createPowerState(params);
    applyPowerActuators(state, { watchdogStroke: false, chargeCurrentLimitA: 0 }, params);
    const out = createPowerOutputs();
    for (let tick = 0; tick < 6000; tick++) {
      stepPower(state, inputs({ acceleratorPowerW: (tick % 100) * 3 }), params, 0.1, out);
      expect(out.batteryCurrentA).toBeLessThanOrEqual(0);
    }
    expect(state.battery.socFraction).toBeLessThanOrEqual(0.5);
    // With light loads the whole surplus is shunted.
    stepPower(state, inputs(), params, 0.1, out);
    expect(out.batteryCurrentA).toBe(0);
    expect(out.shuntedW).toBeCloseTo(out.arrayAvailableW - 33, 9);
  });

  it('flags a brown-out when a heavy load drains an almost empty battery', () => {
    const params = withSoc(0.02);
    const state = createPowerState(params);
    applyPowerActuators(state, { watchdogStroke: false, rails: { payload: true, accelerator: true } }, params);
    const out = createPowerOutputs();
    let tick = 0;
    for (; tick < 10_000; tick++) {
      stepPower(state, inputs({ sunlit: false, acceleratorPowerW: 200, heaterPowerW: 25, commsTransmitting: true }), params, 0.1, out);
      if (out.brownout) break;
    }
    expect(out.brownout).toBe(true);
    expect(out.brownoutCause).not.toBe('none');
    expect(tick).toBeLessThan(10_000);
    // 288 W from ~25 V through 0.4 ohm: the bus sags below 22 V before the charge runs out.
    expect(out.brownoutCause).toBe('undervoltage');
    expect(out.busVoltageV).toBeLessThan(22);
    // The same load on a half-full battery is carried.
    const healthy = createPowerState(withSoc(0.5));
    applyPowerActuators(healthy, { watchdogStroke: false, rails: { payload: true, accelerator: true } }, params);
    const ok = stepPower(
      stepPowerTwice(healthy, params),
      inputs({ sunlit: false, acceleratorPowerW: 200, heaterPowerW: 25, commsTransmitting: true }),
      params,
      0.1,
    );
    expect(ok.brownout).toBe(false);
    expect(ok.busVoltageV).toBeGreaterThan(25);
  });

  it('an empty battery with no sun browns out as empty', () => {
    const params = withSoc(0);
    const state = createPowerState(params);
    const out = stepPower(state, inputs({ sunlit: false }), params, 0.1);
    expect(out.brownoutCause).toBe('empty');
    expect(out.loadPowerW).toBe(0);
    expect(state.battery.socFraction).toBe(0);
    brownOut(state);
    expect(powerUpAllowed(state, params, 0)).toBe(false);
    expect(powerUpAllowed(state, params, 300)).toBe(true);
  });

  it("a latch-up's extra current appears on its rail", () => {
    const params = withSoc(0.6);
    const state = createPowerState(params);
    applyPowerActuators(state, { watchdogStroke: false, rails: { payload: true } }, params);
    const before = stepPower(state, inputs({ sunlit: false }), params, 0.1);
    const latchup = { ...NO_LATCHUP, payload: 2.5, accelerator: 4 }; // the accelerator rail is off: no current
    const during = stepPower(state, inputs({ sunlit: false, latchupCurrentA: latchup }), params, 0.1);
    expect(during.railCurrentA.payload).toBeCloseTo(10 / during.busVoltageV + 2.5, 12);
    expect(during.railCurrentA.payload - before.railCurrentA.payload).toBeGreaterThan(2.45);
    expect(during.railCurrentA.accelerator).toBe(0);
    expect(during.railCurrentA.avionics).toBeCloseTo(25 / during.busVoltageV, 12);
    expect(during.railPowerW.payload).toBeCloseTo(10 + 2.5 * during.busVoltageV, 9);
    // The battery supplies it: the discharge grows by about the latch-up current.
    expect(before.batteryCurrentA - during.batteryCurrentA).toBeGreaterThan(2.4);
    const sensors = powerSensors(state, during, 25);
    expect(sensors.rails.payload).toEqual({ on: true, currentA: during.railCurrentA.payload });
    expect(sensors.batteryVoltageV).toBe(sensors.busVoltageV);
  });

  it('rail switch requests take effect on the next tick; the essential rail refuses to go off', () => {
    const params = withSoc(0.6);
    const state = createPowerState(params);
    expect(state.rails.on).toEqual({ avionics: true, comms: true, heaters: true, payload: false, accelerator: false });
    applyPowerActuators(state, { watchdogStroke: false, rails: { avionics: false, comms: false, accelerator: true } }, params);
    expect(state.rails.on.accelerator).toBe(false);
    const out = stepPower(state, inputs({ acceleratorPowerW: 150 }), params, 0.1);
    expect(state.rails.on).toEqual({ avionics: true, comms: false, heaters: true, payload: false, accelerator: true });
    expect(out.railPowerW.accelerator).toBeCloseTo(150, 9);
    expect(out.railCurrentA.comms).toBe(0);
    brownOut(state);
    expect(Object.values(state.rails.on).every((on) => !on)).toBe(true);
    powerUp(state, params);
    expect(state.rails.on).toEqual({ avionics: true, comms: true, heaters: true, payload: false, accelerator: false });
  });
});

function stepPowerTwice(state: ReturnType<typeof createPowerState>, params: PowerParams): ReturnType<typeof createPowerState> {
  stepPower(state, inputs({ sunlit: false }), params, 0.1);
  stepPower(state, inputs({ sunlit: false }), params, 0.1);
  return state;
}
