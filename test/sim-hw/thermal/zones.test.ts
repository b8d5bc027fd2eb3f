import { describe, expect, it } from 'vitest';
import { createThermalState, stepThermal } from '../../../sim-hw/thermal/network.js';
import type { ThermalState } from '../../../sim-hw/thermal/network.js';
import { createHeaterState, DEFAULT_HEATER_PARAMS, requestHeaterDuty, stepHeaters } from '../../../sim-hw/thermal/heaters.js';
import { DEFAULT_THERMAL_NETWORK_PARAMS, fillZoneHeatW, ZONE_INDEX, zoneTemperaturesC } from '../../../sim-hw/thermal/zones.js';
import type { SpacecraftHeatInputs } from '../../../sim-hw/thermal/zones.js';

const PARAMS = DEFAULT_THERMAL_NETWORK_PARAMS;

/**
 * Holds constant loads in the hot case (sunlit, orbit noon) until steady, with 1 s steps (stable: the smallest
 * time constant is ~99 s). The bus (board, battery, structure) takes hours: 16,500 J/K over ~1.4 W/K, ~3.4 h;
 * 200,000 s is ~16 of those.
 */
function settle(inputs: SpacecraftHeatInputs, seconds = 200_000, state: ThermalState = createThermalState(PARAMS)): ReturnType<typeof zoneTemperaturesC> {
  const heatW = new Float64Array(5);
  fillZoneHeatW(heatW, inputs);
  for (let t = 0; t < seconds; t++) stepThermal(state, { heatW, sunlit: true, earthSunCos: 1 }, PARAMS, 1);
  return zoneTemperaturesC(state);
}

// Avionics 25 W + comms 8 W (receive) + payload 10 W on the board; battery losses ~3 W; heaters off.
const NOMINAL = { boardElectronicsW: 43, boardHeaterW: 0, batteryHeaterW: 0, batteryLossW: 3 };

describe('spacecraft thermal design (defaults; design targets, grade U)', () => {
  it('the die settles at 85-95 C at 200 W in sunlight, so the controller has to throttle', () => {
    const t = settle({ ...NOMINAL, acceleratorW: 200 });
    expect(t.accelerator).toBeGreaterThan(85);
    expect(t.accelerator).toBeLessThan(95);
    expect(t.board).toBeLessThan(60); // REFERENCE.md board limit (U)
    expect(t.battery).toBeGreaterThan(0);
    expect(t.battery).toBeLessThan(40);
  });

  it('the die settles at 40-60 C at 100 W, the battery within 0-40 C with the heaters off', () => {
    const t = settle({ ...NOMINAL, acceleratorW: 100, batteryLossW: 15 }); // charging at ~4 A: 15 W of losses
    expect(t.accelerator).toBeGreaterThan(40);
    expect(t.accelerator).toBeLessThan(60);
    expect(t.battery).toBeGreaterThan(0);
    expect(t.battery).toBeLessThan(40);
    expect(t.board).toBeGreaterThan(-20);
  });

  it('with the accelerator off, the heaters hold the battery above 0 C over orbits (without them it freezes)', () => {
    // 550 km, beta 0 (REFERENCE.md): 95.65 min orbits with 35.61 min of shadow; albedo follows the sun's angle.
    const periodS = 95.65 * 60;
    const sunlitS = periodS - 35.61 * 60;
    const orbitRange = (heaterW: { board: number; battery: number }): { min: number; max: number } => {
      const state = createThermalState(PARAMS);
      const heatW = new Float64Array(5);
      fillZoneHeatW(heatW, { acceleratorW: 0, boardElectronicsW: 43, boardHeaterW: heaterW.board, batteryHeaterW: heaterW.battery, batteryLossW: 5 });
      let min = Infinity;
      let max = -Infinity;
      for (let orbit = 0; orbit < 40; orbit++) {
        for (let t = 0; t < periodS; t++) {
          const earthSunCos = Math.cos((2 * Math.PI * t) / periodS - (Math.PI * sunlitS) / periodS); // 1 at orbit noon
          stepThermal(state, { heatW, sunlit: t < sunlitS, earthSunCos }, PARAMS, 1);
          if (orbit === 39) {
            const batteryC = zoneTemperaturesC(state).battery;
            min = Math.min(min, batteryC);
            max = Math.max(max, batteryC);
          }
        }
      }
      return { min, max };
    };
    const heated = orbitRange({ board: 15, battery: 10 });
    const unheated = orbitRange({ board: 0, battery: 0 });
    expect(heated.min).toBeGreaterThan(5); // measured 14.5..14.8 C
    expect(heated.max).toBeLessThan(40);
    expect(unheated.max).toBeLessThan(0); // measured -8.6..-8.3 C: the thermal controller must use the heaters
  });

  it('the steady state is a balance: radiated = internal + absorbed', () => {
    const state = createThermalState(PARAMS);
    settle({ ...NOMINAL, acceleratorW: 150 }, 200_000, state);
    const heatW = new Float64Array(5);
    fillZoneHeatW(heatW, { ...NOMINAL, acceleratorW: 150 });
    const out = stepThermal(state, { heatW, sunlit: true, earthSunCos: 1 }, PARAMS, 1);
    expect(out.radiatedW).toBeCloseTo(out.internalW + out.absorbedW, 3);
  });

  it('heaters warm their node', () => {
    const heaters = createHeaterState();
    const run = (boardDutyPct: number, batteryDutyPct: number): ReturnType<typeof zoneTemperaturesC> => {
      requestHeaterDuty(heaters, { board: boardDutyPct, battery: batteryDutyPct });
      const power = stepHeaters(heaters, true, DEFAULT_HEATER_PARAMS);
      return settle({ ...NOMINAL, acceleratorW: 0, boardHeaterW: power.powerW.board, batteryHeaterW: power.powerW.battery }, 3600);
    };
    const off = run(0, 0);
    const battery = run(0, 100);
    const board = run(100, 0);
    // After an hour (measured): the battery heater warms the battery 4.8 K and the board 1.6 K; the board heater
    // warms the board 3.6 K and the battery 2.4 K. 10 W through the battery's 3 W/K to the structure is +3.3 K over
    // the structure (time constant 1500 J/K / 3 W/K = 500 s); 15 W through the board's 15 W/K is +1 K; the rest is
    // the structure's own slow rise, which both share.
    expect(battery.battery - off.battery).toBeGreaterThan(3);
    expect(battery.battery - off.battery).toBeGreaterThan(battery.board - off.board + 2.5);
    expect(board.board - off.board).toBeGreaterThan(1);
    expect(board.board - off.board).toBeGreaterThan(board.battery - off.battery + 0.7);
  });

  it('maps the electrical power to the zones', () => {
    const heatW = new Float64Array(5);
    fillZoneHeatW(heatW, { acceleratorW: 180, boardElectronicsW: 50, boardHeaterW: 7.5, batteryHeaterW: 10, batteryLossW: 4 });
    expect(heatW[ZONE_INDEX.accelerator]).toBe(180);
    expect(heatW[ZONE_INDEX.board]).toBe(57.5);
    expect(heatW[ZONE_INDEX.battery]).toBe(14);
    expect(heatW[ZONE_INDEX.radiator]).toBe(0);
    expect(heatW[ZONE_INDEX.structure]).toBe(0);
    expect(PARAMS.nodes.map((node) => node.name)).toEqual(['accelerator', 'board', 'battery', 'radiator', 'structure']);
  });
});
