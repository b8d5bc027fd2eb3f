import { describe, expect, it } from 'vitest';
import { VERIFICATION_CODES } from '../../../protocol/index.js';
import { defineModule, type ModuleFactory } from '../../../fsw/executive/module.js';
import { createRailProtection, stepRailProtection } from '../../../fsw/power/latchup.js';
import { shedTable, stepShedding, type ShedChange } from '../../../fsw/power/shedding.js';
import { powerGround } from './power-stack.js';

/** A stand-in for the thermal controller: publishes an inhibit on the accelerator rail between two times. */
function inhibitor(fromS: number, toS: number): ModuleFactory {
  return defineModule('thermal', (ctx) => {
    const publish = () => ctx.published.write('thermal.inhibitRail.accelerator', ctx.timeS >= fromS && ctx.timeS < toS ? 1 : 0);
    return { rateHz: 10, boot: publish, step: publish };
  });
}

describe('rail ownership against the simulator', () => {
  it('keeps the accelerator rail off in SAFE and on in NOMINAL', () => {
    const ground = powerGround();
    ground.run(30);
    expect(ground.stack.current.power.rails.accelerator.on).toBe(false);
    expect(ground.stack.current.power.rails.payload.on).toBe(true);
    ground.send('set_mode', { mode: 'NOMINAL' });
    ground.run(15);
    expect(ground.stack.current.power.rails.accelerator.on).toBe(true);
    ground.send('set_mode', { mode: 'SAFE' });
    ground.run(1);
    expect(ground.stack.current.power.rails.accelerator.on).toBe(false);
    expect(ground.stack.fsw.executive.published.get('power.acceleratorCapW', -1)).toBe(0);
  });

  it('keeps a rail off while another module publishes an inhibit for it', () => {
    const ground = powerGround({ nominal: true, extraModules: [inhibitor(40, 60)] });
    ground.run(38 - ground.stack.timeS);
    expect(ground.stack.current.power.rails.accelerator.on).toBe(true);
    ground.run(5);
    expect(ground.stack.current.power.rails.accelerator.on).toBe(false);
    ground.run(10); // a housekeeping packet within the inhibit
    expect(ground.stack.current.power.rails.accelerator.on).toBe(false);
    expect(ground.last('power_hk')?.railsOff).toEqual(['accelerator']);
    ground.run(20);
    expect(ground.stack.current.power.rails.accelerator.on).toBe(true);
  });

  it('switches non-essential rails by command, essential ones only by the armed hazardous command', () => {
    const ground = powerGround();
    const payloadOff = ground.send('rail_switch', { rail: 'payload', on: false });
    const commsByOrdinary = ground.send('rail_switch', { rail: 'comms', on: false });
    ground.run(2);
    expect(ground.stages(payloadOff)).toEqual(['accepted', 'started', 'completed']);
    expect(ground.stack.current.power.rails.payload.on).toBe(false);
    expect(ground.reports(commsByOrdinary).at(-1)).toMatchObject({ stage: 'failed', detail: expect.stringMatching(/essential_rail_switch/) });
    const unarmed = ground.send('essential_rail_switch', { rail: 'comms', on: true });
    ground.run(1);
    expect(ground.reports(unarmed)[0]?.code).toBe(VERIFICATION_CODES['not-armed']);
    ground.send('arm', { command: 'essential_rail_switch' });
    ground.run(1);
    const avionicsOff = ground.send('essential_rail_switch', { rail: 'avionics', on: false });
    ground.run(1);
    expect(ground.reports(avionicsOff).at(-1)).toMatchObject({ stage: 'failed', detail: expect.stringMatching(/cannot be switched off/) });
    expect(ground.stack.current.power.rails.avionics.on).toBe(true);
  });

  it('refuses thresholds out of order and applies ones in order', () => {
    const ground = powerGround();
    const bad = ground.send('set_soc_floor', { floorPct: 40 }); // below the heaters threshold (45 %)
    const good = ground.send('set_shed_thresholds', { heatersPct: 50, payloadPct: 40, hardFloorPct: 25, hysteresisPct: 4 });
    const floor = ground.send('set_soc_floor', { floorPct: 55 });
    const threshold = ground.send('set_latchup_threshold', { rail: 'payload', thresholdA: 2.5 });
    ground.run(2);
    expect(ground.reports(bad).at(-1)).toMatchObject({ stage: 'failed', detail: expect.stringMatching(/order/) });
    for (const seq of [good, floor, threshold]) expect(ground.stages(seq)).toEqual(['accepted', 'started', 'completed']);
    const params = ground.stack.fsw.executive.params;
    expect([
      params.getNumber('power.socFloorPct'),
      params.getNumber('power.shedHeatersPct'),
      params.getNumber('power.socHardFloorPct'),
      params.getNumber('power.latchupThresholdA.payload'),
    ]).toEqual([55, 50, 25, 2.5]);
  });
});

describe('shedding and latch-up state machines (unit)', () => {
  it('sheds in table order and restores only past the hysteresis', () => {
    const table = shedTable({ socFloorPct: 60, shedHeatersPct: 45, shedPayloadPct: 35 });
    const changes: ShedChange[] = [];
    let level = 0;
    for (const socPct of [70, 59, 44, 30, 36, 39.9, 40.1, 66, Number.NaN]) level = stepShedding(level, socPct, table, 5, changes);
    expect(changes.map((c) => `${c.shed ? 'shed' : 'restore'} ${c.rail} ${c.level}`)).toEqual([
      'shed accelerator 1',
      'shed heaters 2',
      'shed payload 3',
      'restore payload 2',
      'restore heaters 1',
      'restore accelerator 0',
    ]);
    expect(level).toBe(0);
  });

  it('trips after the trip time, holds off, and never disables an essential rail', () => {
    const settings = { latchupTripS: 0.3, latchupOffS: 2, latchupWindowS: 600, latchupDisableCount: 2 };
    const run = (essential: boolean) => {
      const p = createRailProtection();
      const outcomes: string[] = [];
      for (let i = 0; i < 200; i++) {
        const outcome = stepRailProtection(p, p.phase === 'watching', i % 50 < 10 ? 5 : 0.1, essential, i * 0.1, 0.1, settings, 2);
        if (outcome !== 'none') outcomes.push(`${(i * 0.1).toFixed(1)} ${outcome}`);
      }
      return { outcomes, phase: p.phase, trips: p.trips };
    };
    expect(run(false)).toEqual({ outcomes: ['0.2 tripped', '5.2 disabled'], phase: 'disabled', trips: 2 });
    expect(run(true)).toEqual({ outcomes: ['0.2 tripped', '5.2 tripped', '10.2 tripped', '15.2 tripped'], phase: 'watching', trips: 4 });
  });
});

describe('the energy budget switch (the naive comparison of bench/yield)', () => {
  it('caps the accelerator by the budget by default, and at its maximum with power.budgetEnabled false', () => {
    const ground = powerGround({ nominal: true });
    // Into the first eclipse: the budget holds the accelerator well below its maximum.
    while (ground.stack.spacecraft.truth().sunlit) ground.run(10);
    ground.run(300);
    const budgetedW = ground.stack.fsw.executive.published.get('power.acceleratorCapW', Number.NaN);
    ground.send('param_set', { name: 'power.budgetEnabled', value: false });
    ground.run(2);
    const naiveW = ground.stack.fsw.executive.published.get('power.acceleratorCapW', Number.NaN);
    expect(budgetedW).toBeLessThan(200);
    expect(naiveW).toBe(200); // power.acceleratorMaxW
    expect(ground.stack.current.power.rails.accelerator.on).toBe(true);
  });
});
