import { describe, expect, it } from 'vitest';
import { VERIFICATION_CODES } from '../../../protocol/index.js';
import { createThermalModule } from '../../../fsw/thermal/thermal-module.js';
import type { TimedFault } from '../../../sim-hw/faults/types.js';
import { TestGround, testStack } from '../../helpers/ground.js';
import { railKeeper } from './test-modules.js';

function ground(scenario: TimedFault[] = []): TestGround {
  const g = new TestGround(testStack({ modules: [railKeeper({ accelerator: false }), createThermalModule], scenario }));
  g.run(2);
  g.send('set_mode', { mode: 'NOMINAL' });
  g.run(1);
  return g;
}

describe('thermal commands and housekeeping', () => {
  it('sets a heater zone set points as parameters, refusing low >= high', () => {
    const g = ground();
    const good = g.send('set_heater_setpoints', { zone: 'battery', lowC: 25, highC: 30 });
    const bad = g.send('set_heater_setpoints', { zone: 'battery', lowC: 30, highC: 30 });
    g.run(12);
    expect(g.stages(good)).toEqual(['accepted', 'started', 'completed']);
    expect(g.reports(bad).at(-1)).toMatchObject({
      stage: 'failed',
      code: VERIFICATION_CODES['invalid-value'],
      detail: expect.stringMatching(/lowC 30 must be below highC 30/),
    });
    expect(g.stack.fsw.executive.params.getNumber('thermal.batteryHeaterOnC')).toBe(25);
    // the battery (about 20 C) is now below its on point: the heater runs
    expect(g.last('thermal_hk')?.batteryHeaterDutyPct).toBe(100);
  });

  it('forces a heater only after an arm (hazardous), and returns it to its thermostat on auto', () => {
    const g = ground();
    const unarmed = g.send('heater_override', { zone: 'board', state: 'on' });
    g.run(2);
    expect(g.reports(unarmed)[0]?.code).toBe(VERIFICATION_CODES['not-armed']);
    g.send('arm', { command: 'heater_override' });
    g.run(1);
    const fire = g.send('heater_override', { zone: 'board', state: 'on' });
    g.run(11);
    expect(g.stages(fire)).toEqual(['accepted', 'started', 'completed']);
    expect(g.stack.current.thermal.heaters.board.dutyPct).toBe(100);
    g.send('arm', { command: 'heater_override' });
    g.run(1);
    g.send('heater_override', { zone: 'board', state: 'auto' });
    g.run(2);
    expect(g.stack.current.thermal.heaters.board.dutyPct).toBe(0);
  });

  it('disables and enables a heater zone', () => {
    const g = ground();
    g.send('set_heater_setpoints', { zone: 'board', lowC: 40, highC: 45 });
    g.send('heater_zone_enable', { zone: 'board', enabled: false });
    g.run(2);
    expect(g.stack.current.thermal.heaters.board.dutyPct).toBe(0);
    g.send('heater_zone_enable', { zone: 'board', enabled: true });
    g.run(2);
    expect(g.stack.current.thermal.heaters.board.dutyPct).toBe(100);
  });

  it('sets the die throttle and limit, refusing a limit at or above the red limit', () => {
    const g = ground();
    const good = g.send('set_die_limits', { throttleC: 10 + 60, limitC: 80 });
    const bad = g.send('set_die_limits', { throttleC: 90, limitC: 110 });
    g.run(2);
    expect(g.stages(good)).toEqual(['accepted', 'started', 'completed']);
    expect(g.reports(bad).at(-1)).toMatchObject({ stage: 'failed', code: VERIFICATION_CODES['invalid-value'] });
    expect(g.stack.fsw.executive.params.getNumber('thermal.acceleratorLimitC')).toBe(80);
  });

  it('clears exclusions on command, and holds a zone with no sensor left at the fail-safe duty without failing', () => {
    const dead: TimedFault[] = [0, 1, 2].map((sensor) => ({ kind: 'sensor-dead', zone: 'battery', sensor, atS: 10 }));
    const g = ground([...dead, { kind: 'sensor-offset', zone: 'board', sensor: 0, offsetC: 20, atS: 10, durationS: 20 }]);
    g.run(40);
    expect(g.events('sensor_excluded').map((e) => e.data)).toEqual(
      expect.arrayContaining([
        { zone: 'battery', sensor: 0, why: 'out-of-range' },
        { zone: 'board', sensor: 0, why: 'disagrees' },
      ]),
    );
    expect(g.events('zone_unvoted').map((e) => e.data.zone)).toEqual(['battery']);
    expect(g.last('thermal_hk')).toMatchObject({ batteryHeaterDutyPct: 30, unvotedZones: 1 << 2 });
    const clear = g.send('clear_sensor_exclusions', { zone: 'board' });
    g.run(2);
    expect(g.stages(clear)).toEqual(['accepted', 'started', 'completed']);
    g.run(10);
    expect((g.last('thermal_hk')!.excludedSensors as number) & 0b111000).toBe(0);
    expect(g.events('module_late')).toEqual([]);
    expect(g.undecodable).toEqual([]);
  });
});
