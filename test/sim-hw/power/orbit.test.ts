import { describe, expect, it } from 'vitest';
import type { RailName } from '../../../fsw/hal/frames.js';
import { ledgerImbalanceJ } from '../../../sim-hw/power/ledger.js';
import { applyPowerActuators, createPowerOutputs, createPowerState, DEFAULT_POWER_PARAMS, stepPower } from '../../../sim-hw/power/power.js';
import type { PowerInputs, PowerOutputs, PowerParams, PowerState } from '../../../sim-hw/power/power.js';

// REFERENCE.md, Orbit and eclipse (D): 550 km, beta 0 -> period 95.65 min, eclipse 35.61 min.
const PERIOD_S = 95.65 * 60;
const ECLIPSE_S = 35.61 * 60;
const SUNLIT_S = PERIOD_S - ECLIPSE_S;
const DT_S = 0.1;
const TICKS = Math.round(PERIOD_S / DT_S);

type MutableInputs = Omit<{ -readonly [K in keyof PowerInputs]: PowerInputs[K] }, 'latchupCurrentA'> & { latchupCurrentA: Record<RailName, number> };

function baseInputs(): MutableInputs {
  return {
    sunlit: true,
    incidenceCos: 1,
    batteryTemperatureC: 20,
    commsTransmitting: false,
    heaterPowerW: 0,
    acceleratorPowerW: 0,
    latchupCurrentA: { avionics: 0, comms: 0, heaters: 0, payload: 0, accelerator: 0 },
  };
}

function withSoc(soc: number): PowerParams {
  return { ...DEFAULT_POWER_PARAMS, battery: { ...DEFAULT_POWER_PARAMS.battery, initialSocFraction: soc } };
}

/** One orbit: sunlight first (square wave, incidence 1), then shadow; `vary` sets the loads per tick. */
function runOrbit(
  state: PowerState,
  params: PowerParams,
  vary: (tick: number, timeS: number, inputs: MutableInputs) => void,
): { out: PowerOutputs; minBusV: number } {
  const inputs = baseInputs();
  const out = createPowerOutputs();
  let minBusV = Infinity;
  for (let tick = 0; tick < TICKS; tick++) {
    const timeS = tick * DT_S;
    inputs.sunlit = timeS < SUNLIT_S;
    vary(tick, timeS, inputs);
    stepPower(state, inputs, params, DT_S, out);
    minBusV = Math.min(minBusV, out.busVoltageV);
  }
  return { out, minBusV };
}

describe('energy ledger over one orbit (550 km, beta 0)', () => {
  it('array delivered = loads + resistive + coulombic losses + stored-energy change, within 0.1 % of the array energy', () => {
    const params = withSoc(0.75);
    const state = createPowerState(params, 20);
    applyPowerActuators(state, { watchdogStroke: false, rails: { payload: true, accelerator: true } }, params);
    const { out } = runOrbit(state, params, (tick, timeS, inputs) => {
      // Varying loads: the accelerator between 20 and 200 W, the transmitter a quarter of the time,
      // heaters cycling, a payload rail switched off and on, a short latch-up.
      inputs.acceleratorPowerW = 110 + 90 * Math.sin(timeS / 400);
      inputs.commsTransmitting = tick % 4000 < 1000;
      inputs.heaterPowerW = tick % 3000 < 1200 ? 25 : 5;
      inputs.latchupCurrentA.payload = tick > 20_000 && tick < 20_050 ? 3 : 0;
      if (tick === 30_000) applyPowerActuators(state, { watchdogStroke: false, rails: { payload: false } }, params);
      if (tick === 40_000) applyPowerActuators(state, { watchdogStroke: false, rails: { payload: true } }, params);
    });
    const l = state.ledger;
    const storedChangeJ = l.storedChemicalJ - l.initialStoredChemicalJ;
    const rhs = l.loadJ + l.batteryResistiveLossJ + l.coulombicLossJ + storedChangeJ;
    expect(l.capacityChangeJ).toBe(0); // constant battery temperature
    expect(Math.abs(l.arrayDeliveredJ - rhs)).toBeLessThan(0.001 * l.arrayAvailableJ);
    expect(Math.abs(ledgerImbalanceJ(l))).toBeLessThan(1e-4 * l.arrayAvailableJ); // in fact ~1e-6
    // Array energy = 321.2 W over the 60.04 min of sunlight.
    expect(l.arrayAvailableJ).toBeCloseTo(1361 * 0.295 * 0.8 * Math.round(SUNLIT_S / DT_S) * DT_S, 0);
    // The battery was filled, so something was shunted, and the books used every term.
    expect(l.shuntedJ).toBeGreaterThan(0);
    expect(l.batteryResistiveLossJ).toBeGreaterThan(0);
    expect(l.coulombicLossJ).toBeGreaterThan(0);
    expect(out.brownout).toBe(false);
    // Per-rail loads add up to the total.
    const railSum = Object.values(l.railLoadJ).reduce((a, b) => a + b, 0);
    expect(railSum).toBeCloseTo(l.loadJ, 3);
  });

  it('array available = delivered + shunted, to float precision', () => {
    const params = withSoc(0.9);
    const state = createPowerState(params, 20);
    runOrbit(state, params, (tick, _timeS, inputs) => {
      inputs.acceleratorPowerW = tick % 2 === 0 ? 0 : 150;
    });
    const l = state.ledger;
    expect(l.shuntedJ).toBeGreaterThan(1e5);
    expect(Math.abs(l.arrayAvailableJ - (l.arrayDeliveredJ + l.shuntedJ))).toBeLessThan(1e-12 * l.arrayAvailableJ * Math.sqrt(TICKS));
  });

  it('balances with a changing battery temperature through the capacity-change term', () => {
    const params = withSoc(0.6);
    const state = createPowerState(params, 20);
    runOrbit(state, params, (_tick, timeS, inputs) => {
      inputs.batteryTemperatureC = 10 - 15 * Math.sin((2 * Math.PI * timeS) / PERIOD_S); // -5..25 C
      inputs.acceleratorPowerW = 80;
    });
    const l = state.ledger;
    expect(l.capacityChangeJ).not.toBe(0);
    expect(Math.abs(ledgerImbalanceJ(l))).toBeLessThan(0.001 * l.arrayAvailableJ);
  });
});

describe('sizing (README.md)', () => {
  it('is power-positive over an orbit with the accelerator at half power on average', () => {
    const params = withSoc(0.6);
    const state = createPowerState(params, 20);
    applyPowerActuators(state, { watchdogStroke: false, rails: { payload: true, accelerator: true } }, params);
    runOrbit(state, params, (tick, timeS, inputs) => {
      inputs.acceleratorPowerW = 100 + 60 * Math.sin(timeS / 300); // 100 W on average
      inputs.commsTransmitting = tick % 4000 < 1000; // transmitter a quarter of the time
      inputs.heaterPowerW = 12.5; // heaters at half duty
    });
    expect(state.battery.socFraction).toBeGreaterThan(0.6);
  });

  it('keeps a 36-minute eclipse at full load above the 20 % floor and the bus above brown-out', () => {
    const params = withSoc(1);
    const state = createPowerState(params, 20);
    applyPowerActuators(state, { watchdogStroke: false, rails: { payload: true, accelerator: true } }, params);
    const inputs = baseInputs();
    inputs.sunlit = false;
    inputs.acceleratorPowerW = 200;
    inputs.commsTransmitting = true;
    inputs.heaterPowerW = 25;
    const out = createPowerOutputs();
    let minBusV = Infinity;
    for (let tick = 0; tick < 36 * 60 * 10; tick++) {
      stepPower(state, inputs, params, DT_S, out);
      minBusV = Math.min(minBusV, out.busVoltageV);
    }
    expect(out.loadPowerW).toBeCloseTo(288, 6); // 25 + 28 + 25 + 10 + 200 W
    expect(state.battery.socFraction).toBeGreaterThan(0.2);
    expect(state.battery.socFraction).toBeLessThan(0.5); // sized with margin, not oversized
    expect(minBusV).toBeGreaterThan(22);
  });
});
