import { describe, expect, it } from 'vitest';
import type { ModuleFactory } from '../../../fsw/executive/module.js';
import { createThermalModule } from '../../../fsw/thermal/thermal-module.js';
import type { TimedFault } from '../../../sim-hw/faults/types.js';
import { TestGround, testStack } from '../../helpers/ground.js';
import { railKeeper, thermalCaseConfig } from './test-modules.js';

function stack(scenario: TimedFault[], modules: ModuleFactory[]) {
  const ground = new TestGround(testStack({ modules, scenario, config: thermalCaseConfig(0, {}) }));
  ground.run(2);
  ground.send('set_mode', { mode: 'NOMINAL' });
  return ground;
}

describe('thermal controller, faults (closed loop)', () => {
  it('excludes a stuck battery sensor once, votes on the others, and readmits it when it moves again', () => {
    const ground = stack(
      [{ kind: 'sensor-stuck', zone: 'battery', sensor: 1, atS: 30, durationS: 200 }],
      [railKeeper({ accelerator: false }), createThermalModule],
    );
    let worstErrorC = 0;
    for (let t = 0; t < 400; t++) {
      ground.run(1);
      const voted = ground.stack.fsw.executive.module('thermal')!.housekeeping!().batteryC as number;
      worstErrorC = Math.max(worstErrorC, Math.abs(voted - ground.stack.spacecraft.truth().temperaturesC.battery));
    }
    expect(ground.events('sensor_excluded').map((e) => e.data)).toEqual([{ zone: 'battery', sensor: 1, why: 'stuck' }]);
    const excludedAtS = ground.events('sensor_excluded')[0]!.timeS;
    expect(excludedAtS).toBeGreaterThan(30);
    expect(excludedAtS).toBeLessThan(30 + 5 + 1);
    const bit = 1 << (3 * 2 + 1);
    expect(ground.packets('thermal_hk').some((tm) => tm.data.excludedSensors === bit)).toBe(true);
    expect(ground.events('sensor_readmitted').map((e) => e.data)).toEqual([{ zone: 'battery', sensor: 1 }]);
    expect(ground.events('sensor_readmitted')[0]!.timeS).toBeGreaterThan(230 + 60 - 1);
    expect(ground.last('thermal_hk')?.excludedSensors).toBe(0);
    expect(worstErrorC).toBeLessThan(0.3);
  });

  it('detects a battery heater stuck on and has the heaters rail cut, which removes the heater heat', () => {
    const scenario: TimedFault[] = [{ kind: 'heater-stuck', heater: 'battery', state: 'on', atS: 30 }];
    const handled = stack(scenario, [railKeeper({ accelerator: false }), createThermalModule]);
    const unhandled = stack(scenario, [createThermalModule]);
    const battery = { handled: [] as number[], unhandled: [] as number[] };
    const railOn: boolean[] = [];
    for (let t = 0; t < 1200; t++) {
      handled.run(1);
      unhandled.run(1);
      battery.handled.push(handled.stack.spacecraft.truth().temperaturesC.battery);
      battery.unhandled.push(unhandled.stack.spacecraft.truth().temperaturesC.battery);
      railOn.push(handled.stack.current.power.rails.heaters.on);
    }
    const stuck = handled.events('heater_stuck');
    expect(stuck.map((e) => e.data.heater)).toEqual(['battery']);
    expect(stuck[0]!.data.dutyPct).toBe(100);
    expect(handled.events('rail_inhibit').map((e) => e.data)).toEqual([
      { rail: 'heaters', inhibit: true, reason: expect.stringMatching(/battery heater stuck on/) },
    ]);
    expect(handled.stack.fsw.executive.published.get('thermal.inhibitRail.heaters', -1)).toBe(1);
    expect(handled.last('thermal_hk')).toMatchObject({ heatersInhibited: true, stuckHeaters: 2, heaterStuckCount: 1 });
    const detectedAt = Math.round(stuck[0]!.timeS) - 2;
    expect(railOn.slice(detectedAt + 2).every((on) => !on)).toBe(true);
    // the battery also warms from its own charging losses; the stuck heater's 10 W add ~3 C over its 3 W/K to the structure
    expect(battery.unhandled.at(-1)! - battery.handled.at(-1)!).toBeGreaterThan(1.5);
    console.log(
      `heater stuck: detected at ${stuck[0]!.timeS.toFixed(1)} s with the battery at ${battery.handled[detectedAt]!.toFixed(2)} C; after 1200 s handled ${battery.handled.at(-1)!.toFixed(2)} C, unhandled ${battery.unhandled.at(-1)!.toFixed(2)} C`,
    );
  });
});
