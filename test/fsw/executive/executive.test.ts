import { describe, expect, it } from 'vitest';
import { CORE_MODULES } from '../../../fsw/flight.js';
import type { FlightModule } from '../../../fsw/executive/module.js';
import { TestGround, testStack } from '../../helpers/ground.js';

/** A module for the test: counts its steps and publishes a value the test controls. */
function probe(rateHz: 10 | 1 | 0.1, behaviour: { value?: () => number; throwAfterS?: number } = {}) {
  const calls: { timeS: number; dtS: number }[] = [];
  const module: FlightModule = {
    name: 'power',
    rateHz,
    monitors: [{ id: 7, parameter: 'probe.value', low: 0, high: 10, persistence: 3, response: { kind: 'mode', mode: 'SAFE' }, enabled: true }],
    step: (ctx, dtS) => {
      calls.push({ timeS: ctx.timeS, dtS });
      if (behaviour.throwAfterS !== undefined && ctx.timeS > behaviour.throwAfterS) throw new Error('probe failed on purpose');
      if (behaviour.value) ctx.published.set('probe.value', behaviour.value());
    },
  };
  return { calls, make: () => module };
}

describe('executive', () => {
  it.each([10, 1, 0.1] as const)('runs a %s Hz module at its rate from the frame clock', (rateHz) => {
    const p = probe(rateHz);
    const g = new TestGround(testStack({ modules: [p.make] }));
    g.run(60);
    const expected = Math.round(60 * rateHz);
    expect(Math.abs(p.calls.length - expected)).toBeLessThanOrEqual(1);
    for (const call of p.calls.slice(1)) expect(call.dtS).toBeCloseTo(1 / rateHz, 6);
  });

  it('trips a monitor after its persistence, once, and takes its response', () => {
    let value = 5;
    const p = probe(1, { value: () => value });
    const g = new TestGround(testStack({ modules: [p.make] }));
    g.run(2);
    g.send('set_mode', { mode: 'NOMINAL' });
    g.run(3);
    value = 50;
    g.run(2.5);
    expect(g.events('monitor_tripped')).toHaveLength(0);
    g.run(10);
    expect(g.events('monitor_tripped').map((event) => event.data)).toEqual([
      { id: 7, parameter: 'probe.value', value: 50, low: 0, high: 10, response: 'mode SAFE' },
    ]);
    expect(g.events('mode_changed').at(-1)?.data).toMatchObject({ to: 'SAFE', cause: 'monitor 7 (probe.value)' });
  });

  it('a disabled monitor does not trip, and stays disabled across a reset', () => {
    const p = probe(1, { value: () => 99 });
    const g = new TestGround(testStack({ modules: [p.make] }));
    g.run(1);
    g.send('monitor_enable', { id: 7, enabled: false });
    const unknown = g.send('monitor_enable', { id: 200, enabled: false });
    g.run(10);
    g.stack.spacecraft.inject({ atS: 0, kind: 'obc-hang', durationS: 60 });
    g.run(20);
    expect(g.stack.starts).toBe(2);
    expect(g.events('monitor_tripped')).toHaveLength(0);
    expect(g.reports(unknown).at(-1)).toMatchObject({ stage: 'failed', detail: 'no monitor 200 in the table' });
  });

  it('a module that keeps failing is reported late, then dead, and the hardware resets the computer', () => {
    const p = probe(10, { throwAfterS: 5 });
    const g = new TestGround(testStack({ modules: [p.make] }));
    g.run(15);
    expect(g.events('module_late')[0]?.data).toEqual({ module: 'power', missed: 1 });
    expect(g.events('module_dead')[0]?.data).toEqual({ module: 'power', detail: 'power threw: probe failed on purpose' });
    expect(g.stack.starts).toBeGreaterThanOrEqual(2);
    expect(g.events('boot').at(-1)?.data.resetCause).toBe('watchdog');
  });

  it('measures each tick with the injected clock and counts overruns', () => {
    let nowMs = 0;
    const slow: FlightModule = { name: 'power', rateHz: 1, step: () => void (nowMs += 25) };
    const g = new TestGround(testStack({ modules: [() => slow], costClockMs: () => nowMs }));
    g.run(12);
    const hk = g.packets('executive_hk').at(-1)!.data;
    expect(hk.tickOverruns).toBeGreaterThanOrEqual(10);
    expect(hk.tickCostMaxMs).toBe(25);
  });

  it('refuses a module that claims a command of another subsystem', () => {
    const rogue: FlightModule = { name: 'power', rateHz: 1, commands: { noop: () => ({ ok: true }) } };
    expect(() => testStack({ modules: [() => rogue] })).toThrow(/handles "noop", which is not one of its dictionary commands/);
  });

  it('has a handler for every command of the core subsystems', async () => {
    const { dictionary } = await import('../../helpers/ground.js');
    const g = new TestGround(testStack());
    const core = g.stack.fsw.executive;
    const handled = new Set(core.modules.flatMap((module) => Object.keys(module.commands ?? {})));
    const coreNames = new Set(CORE_MODULES.map((make) => make(core).name));
    for (const entry of dictionary.commands()) if (coreNames.has(entry.subsystem.name)) expect(handled).toContain(entry.def.name);
  });
});
