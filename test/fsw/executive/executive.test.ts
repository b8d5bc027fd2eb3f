import { describe, expect, it } from 'vitest';
import { CORE_MODULES } from '../../../fsw/flight.js';
import { defineModule } from '../../../fsw/executive/module.js';
import { TestGround, testStack } from '../../helpers/ground.js';

/** The probe's own published value, declared with it (the probe stands in the power module's place). */
const PROBE_VALUES = { 'probe.value': { writer: 'power', unit: '', unwritten: 0, description: 'A value the test controls' } } as const;

/** A module for the test: counts its steps and publishes a value the test controls. */
function probe(rateHz: 10 | 1 | 0.1, behaviour: { value?: () => number; throwAfterS?: number } = {}) {
  const calls: { timeS: number; dtS: number }[] = [];
  const make = defineModule(
    'power',
    (ctx) => ({
      rateHz,
      monitors: [{ id: 7, parameter: 'probe.value', low: 0, high: 10, persistence: 3, response: { kind: 'mode', mode: 'SAFE' }, enabled: true }],
      step: (dtS) => {
        calls.push({ timeS: ctx.timeS, dtS });
        if (behaviour.throwAfterS !== undefined && ctx.timeS > behaviour.throwAfterS) throw new Error('probe failed on purpose');
        if (behaviour.value) ctx.published.write('probe.value', behaviour.value());
      },
    }),
    { published: PROBE_VALUES },
  );
  return { calls, make };
}

describe('executive', () => {
  it.each([10, 1, 0.1] as const)('runs a %s Hz module at its rate from the frame clock', (rateHz) => {
    const p = probe(rateHz);
    const ground = new TestGround(testStack({ modules: [p.make] }));
    ground.run(60);
    const expected = Math.round(60 * rateHz);
    expect(Math.abs(p.calls.length - expected)).toBeLessThanOrEqual(1);
    for (const call of p.calls.slice(1)) expect(call.dtS).toBeCloseTo(1 / rateHz, 6);
  });

  it('runs the fast part of a 1 Hz module every tick, after the step when it is due', () => {
    const order: string[] = [];
    const make = defineModule('power', (ctx) => ({
      rateHz: 1,
      step: () => {
        order.push(`step ${ctx.frame.frame}`);
      },
      everyTick: () => {
        order.push(`tick ${ctx.frame.frame}`);
      },
    }));
    const ground = new TestGround(testStack({ modules: [make] }));
    ground.run(3);
    const ticks = order.filter((entry) => entry.startsWith('tick'));
    const steps = order.filter((entry) => entry.startsWith('step'));
    expect(Math.abs(ticks.length - 30)).toBeLessThanOrEqual(1);
    expect(Math.abs(steps.length - 3)).toBeLessThanOrEqual(1);
    for (const step of steps) expect(order[order.indexOf(step) + 1]).toBe(step.replace('step', 'tick'));
  });

  it('trips a monitor after its persistence, once, and takes its response', () => {
    let value = 5;
    const p = probe(1, { value: () => value });
    const ground = new TestGround(testStack({ modules: [p.make] }));
    ground.run(2);
    ground.send('set_mode', { mode: 'NOMINAL' });
    ground.run(3);
    value = 50;
    ground.run(2.5);
    expect(ground.events('monitor_tripped')).toHaveLength(0);
    ground.run(10);
    expect(ground.events('monitor_tripped').map((event) => event.data)).toEqual([
      { id: 7, parameter: 'probe.value', value: 50, low: 0, high: 10, response: 'mode SAFE' },
    ]);
    expect(ground.events('mode_changed').at(-1)?.data).toMatchObject({ to: 'SAFE', cause: 'monitor 7 (probe.value)' });
  });

  it('a disabled monitor does not trip, and stays disabled across a reset', () => {
    const p = probe(1, { value: () => 99 });
    const ground = new TestGround(testStack({ modules: [p.make] }));
    ground.run(1);
    ground.send('monitor_enable', { id: 7, enabled: false });
    const unknown = ground.send('monitor_enable', { id: 200, enabled: false });
    ground.run(10);
    ground.stack.spacecraft.inject({ atS: 0, kind: 'obc-hang', durationS: 60 });
    ground.run(20);
    expect(ground.stack.starts).toBe(2);
    expect(ground.events('monitor_tripped')).toHaveLength(0);
    expect(ground.reports(unknown).at(-1)).toMatchObject({ stage: 'failed', detail: 'no monitor 200 in the table' });
  });

  it('a module that keeps failing is reported late, then dead, and the hardware resets the computer', () => {
    const p = probe(10, { throwAfterS: 5 });
    const ground = new TestGround(testStack({ modules: [p.make] }));
    ground.run(15);
    expect(ground.events('module_late')[0]?.data).toEqual({ module: 'power', missed: 1 });
    expect(ground.events('module_dead')[0]?.data).toEqual({ module: 'power', detail: 'power threw: probe failed on purpose' });
    expect(ground.stack.starts).toBeGreaterThanOrEqual(2);
    expect(ground.events('boot').at(-1)?.data.resetCause).toBe('watchdog');
  });

  it('measures each tick with the injected clock and counts overruns', () => {
    let nowMs = 0;
    const slow = defineModule('power', () => ({ rateHz: 1, step: () => void (nowMs += 25) }));
    const ground = new TestGround(testStack({ modules: [slow], costClockMs: () => nowMs }));
    ground.run(12);
    const hk = ground.packets('executive_hk').at(-1)!.data;
    expect(hk.tickOverruns).toBeGreaterThanOrEqual(10);
    expect(hk.tickCostMaxMs).toBe(25);
  });

  it('refuses a module that claims a command of another subsystem', () => {
    const rogue = defineModule('power', (ctx) => {
      // @ts-expect-error noop is not a power command: the types refuse it too
      ctx.commands({ noop: () => ({ ok: true }) });
      return { rateHz: 1 };
    });
    expect(() => testStack({ modules: [rogue] })).toThrow(/handles "noop", which is not one of its dictionary commands/);
  });

  it('has a handler for every command of the core subsystems', async () => {
    const { dictionary } = await import('../../helpers/ground.js');
    const ground = new TestGround(testStack());
    const core = ground.stack.fsw.executive;
    const handled = new Set(core.router.handled());
    const coreNames = new Set(CORE_MODULES.map((factory) => factory.name));
    for (const entry of dictionary.commands()) if (coreNames.has(entry.subsystem.name)) expect(handled).toContain(entry.def.name);
  });
});
