import { describe, expect, it } from 'vitest';
import { VERIFICATION_CODES } from '../../../protocol/index.js';
import { createThermalModule } from '../../../fsw/thermal/thermal-module.js';
import type { TimedFault } from '../../../sim-hw/faults/types.js';
import { TestGround, testStack } from '../../helpers/ground.js';
import { railKeeper } from './test-modules.js';

function bootedGround(scenario: TimedFault[] = []): TestGround {
  const ground = new TestGround(testStack({ modules: [railKeeper({ accelerator: false }), createThermalModule], scenario }));
  ground.run(2);
  ground.send('set_mode', { mode: 'NOMINAL' });
  ground.run(1);
  return ground;
}

describe('thermal commands and housekeeping', () => {
  it('sets a heater zone set points as parameters, refusing low >= high', () => {
    const ground = bootedGround();
    const good = ground.send('set_heater_setpoints', { zone: 'battery', lowC: 25, highC: 30 });
    const bad = ground.send('set_heater_setpoints', { zone: 'battery', lowC: 30, highC: 30 });
    ground.run(12);
    expect(ground.stages(good)).toEqual(['accepted', 'started', 'completed']);
    expect(ground.reports(bad).at(-1)).toMatchObject({
      stage: 'failed',
      code: VERIFICATION_CODES['invalid-value'],
      detail: expect.stringMatching(/lowC 30 must be below highC 30/),
    });
    expect(ground.stack.fsw.executive.params.getNumber('thermal.batteryHeaterOnC')).toBe(25);
    // the battery (about 20 C) is now below its on point: the heater runs
    expect(ground.last('thermal_hk')?.batteryHeaterDutyPct).toBe(100);
  });

  it('forces a heater only after an arm (hazardous), and returns it to its thermostat on auto', () => {
    const ground = bootedGround();
    const unarmed = ground.send('heater_override', { zone: 'board', state: 'on' });
    ground.run(2);
    expect(ground.reports(unarmed)[0]?.code).toBe(VERIFICATION_CODES['not-armed']);
    ground.send('arm', { command: 'heater_override' });
    ground.run(1);
    const fire = ground.send('heater_override', { zone: 'board', state: 'on' });
    ground.run(11);
    expect(ground.stages(fire)).toEqual(['accepted', 'started', 'completed']);
    expect(ground.stack.current.thermal.heaters.board.dutyPct).toBe(100);
    ground.send('arm', { command: 'heater_override' });
    ground.run(1);
    ground.send('heater_override', { zone: 'board', state: 'auto' });
    ground.run(2);
    expect(ground.stack.current.thermal.heaters.board.dutyPct).toBe(0);
  });

  it('disables and enables a heater zone', () => {
    const ground = bootedGround();
    ground.send('set_heater_setpoints', { zone: 'board', lowC: 40, highC: 45 });
    ground.send('heater_zone_enable', { zone: 'board', enabled: false });
    ground.run(2);
    expect(ground.stack.current.thermal.heaters.board.dutyPct).toBe(0);
    ground.send('heater_zone_enable', { zone: 'board', enabled: true });
    ground.run(2);
    expect(ground.stack.current.thermal.heaters.board.dutyPct).toBe(100);
  });

  it('sets the die throttle and limit, refusing a limit at or above the red limit', () => {
    const ground = bootedGround();
    const good = ground.send('set_die_limits', { throttleC: 10 + 60, limitC: 80 });
    const bad = ground.send('set_die_limits', { throttleC: 90, limitC: 110 });
    ground.run(2);
    expect(ground.stages(good)).toEqual(['accepted', 'started', 'completed']);
    expect(ground.reports(bad).at(-1)).toMatchObject({ stage: 'failed', code: VERIFICATION_CODES['invalid-value'] });
    expect(ground.stack.fsw.executive.params.getNumber('thermal.acceleratorLimitC')).toBe(80);
  });

  it('clears exclusions on command, and holds a zone with no sensor left at the fail-safe duty without failing', () => {
    const dead: TimedFault[] = [0, 1, 2].map((sensor) => ({ kind: 'sensor-dead', zone: 'battery', sensor, atS: 10 }));
    const ground = bootedGround([...dead, { kind: 'sensor-offset', zone: 'board', sensor: 0, offsetC: 20, atS: 10, durationS: 20 }]);
    ground.run(40);
    expect(ground.events('sensor_excluded').map((e) => e.data)).toEqual(
      expect.arrayContaining([
        { zone: 'battery', sensor: 0, why: 'out-of-range' },
        { zone: 'board', sensor: 0, why: 'disagrees' },
      ]),
    );
    expect(ground.events('zone_unvoted').map((e) => e.data.zone)).toEqual(['battery']);
    expect(ground.last('thermal_hk')).toMatchObject({ batteryHeaterDutyPct: 30, unvotedZones: 1 << 2 });
    const clear = ground.send('clear_sensor_exclusions', { zone: 'board' });
    ground.run(2);
    expect(ground.stages(clear)).toEqual(['accepted', 'started', 'completed']);
    ground.run(10);
    expect((ground.last('thermal_hk')!.excludedSensors as number) & 0b111000).toBe(0);
    expect(ground.events('module_late')).toEqual([]);
    expect(ground.undecodable).toEqual([]);
  });
});
