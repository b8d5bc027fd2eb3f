import { describe, expect, it } from 'vitest';
import type { ModuleFactory } from '../../../fsw/executive/module.js';
import { THERMAL_PARAMS } from '../../../fsw/thermal/thermal-params.js';
import { createThermalModule } from '../../../fsw/thermal/thermal-module.js';
import { orbitPeriodS } from '../../../astro/orbit.js';
import { DEFAULT_SPACECRAFT_CONFIG } from '../../../sim-hw/config.js';
import { TestGround, testStack } from '../../helpers/ground.js';
import { railKeeper, thermalCaseConfig } from './test-modules.js';

/** Minimums: the red-low limits of thermal_hk (battery 0 C, board -20 C). */
const BATTERY_MIN_C = 0;
const paramDefault = (name: string) => THERMAL_PARAMS.find((def) => def.name === name)!.default as number;
const BOARD_MIN_C = -20;
const ORBIT_S = orbitPeriodS(DEFAULT_SPACECRAFT_CONFIG.orbit);
/** The bus's time constant is hours: a 0.5 s control tick keeps two orbits within the test budget (the modules step every frame). */
const TICK_S = 0.5;

/**
 * The cold case: 550 km at beta 0 (36 minutes of shadow an orbit), starting
 * at eclipse entry with a cold bus, the accelerator off (its rail never
 * switched on), for two orbits.
 */
function coldCase(withThermal: boolean, mode: 'SAFE' | 'NOMINAL') {
  const config = thermalCaseConfig(
    0,
    { accelerator: -10, radiator: -25, board: 3, battery: 3, structure: -1 },
    { orbit: { ...DEFAULT_SPACECRAFT_CONFIG.orbit, u0Deg: 112 }, dtS: TICK_S },
  );
  const modules: ModuleFactory[] = [railKeeper({ accelerator: false }), ...(withThermal ? [createThermalModule] : [])];
  const ground = new TestGround(testStack({ modules, config }));
  ground.run(2);
  if (mode === 'NOMINAL') ground.send('set_mode', { mode: 'NOMINAL' });
  const battery: number[] = [];
  const board: number[] = [];
  for (let t = 0; t < 2 * ORBIT_S; t += 5) {
    ground.run(5);
    const truth = ground.stack.spacecraft.truth();
    battery.push(truth.temperaturesC.battery);
    board.push(truth.temperaturesC.board);
  }
  return { ground, battery, board };
}

describe('thermal controller, cold case (closed loop)', () => {
  it('without heater control the battery freezes (the case is cold)', () => {
    const { battery } = coldCase(false, 'NOMINAL');
    console.log(`cold case without control: battery down to ${Math.min(...battery).toFixed(1)} C`);
    expect(Math.min(...battery)).toBeLessThan(BATTERY_MIN_C);
  });

  it.each(['NOMINAL', 'SAFE'] as const)('in %s the heaters keep the battery and the board above their minimums', (mode) => {
    const { ground, battery, board } = coldCase(true, mode);
    expect(Math.min(...battery)).toBeGreaterThan(BATTERY_MIN_C);
    expect(Math.min(...board)).toBeGreaterThan(BOARD_MIN_C);
    // the thermostat follows the mode's set points: survival ones in SAFE
    const kind = mode === 'NOMINAL' ? 'Heater' : 'Survival';
    for (const heater of ['board', 'battery'] as const) {
      const onC = paramDefault(`thermal.${heater}${kind}OnC`);
      const offC = paramDefault(`thermal.${heater}${kind}OffC`);
      // from 10 s on: after the boot packet (sent before the first step) and the mode change
      const hk = ground
        .packets('thermal_hk')
        .filter((tm) => tm.timeS >= 10)
        .map((tm) => ({ c: tm.data[`${heater}C`] as number, duty: tm.data[`${heater}HeaterDutyPct`] as number }));
      expect(hk.filter((s) => s.c > offC + 0.3).every((s) => s.duty === 0)).toBe(true);
      expect(hk.filter((s) => s.c < onC - 0.3).every((s) => s.duty === 100)).toBe(true);
    }
    expect(ground.packets('thermal_hk').some((tm) => tm.data.batteryHeaterDutyPct === 100)).toBe(true);
    if (mode === 'NOMINAL') {
      // the battery starts below its yellow-low limit: one crossing reported, then back to nominal on the heater
      const crossings = ground.events('temperature_limit').filter((e) => e.data.zone === 'battery');
      expect(crossings.map((e) => e.data.level)).toEqual(['yellow']);
      expect(crossings[0]!.data.temperatureC as number).toBeLessThanOrEqual(5);
      expect(ground.last('thermal_hk')?.batteryLimit).toBe('nominal');
      expect(ground.packets('thermal_hk').some((tm) => tm.data.batteryLimit === 'yellow-low')).toBe(true);
    }
    console.log(
      `cold case ${mode}: battery ${Math.min(...battery).toFixed(1)}..${Math.max(...battery).toFixed(1)} C, board ${Math.min(...board).toFixed(1)}..${Math.max(...board).toFixed(1)} C`,
    );
  });
});
