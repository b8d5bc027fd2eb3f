import { describe, expect, it } from 'vitest';
import type { TimedFault } from '../../../sim-hw/faults/types.js';
import { powerGround } from './power-stack.js';

const TRIP_S = 0.3; // power.latchupTripS
const OFF_S = 2; // power.latchupOffS
const TICK_S = 0.1;

const latchup = (atS: number): TimedFault => ({ kind: 'latchup', rail: 'accelerator', extraCurrentA: 4, atS });

describe('latch-up protection against the simulator', () => {
  it('clears a latch-up on the accelerator rail within the trip time, holds it off, and brings it back', () => {
    const ground = powerGround({ nominal: true, scenario: [latchup(60)] });
    const stack = ground.stack;
    ground.run(59 - stack.timeS);
    expect(stack.current.power.rails.accelerator.on).toBe(true);
    let clearedS = Number.NaN;
    let backS = Number.NaN;
    while (stack.timeS < 70) {
      stack.tick();
      ground.collect();
      const latched = stack.spacecraft.truth().latchups.includes('accelerator');
      if (stack.timeS >= 60 && !latched && Number.isNaN(clearedS)) clearedS = stack.timeS;
      if (!Number.isNaN(clearedS) && Number.isNaN(backS) && stack.current.power.rails.accelerator.on) backS = stack.timeS;
    }
    console.log(`latch-up at 60 s cleared after ${(clearedS - 60).toFixed(1)} s, rail back on after ${(backS - 60).toFixed(1)} s`);
    expect(stack.spacecraft.truth().counts.latchups).toBe(1);
    // The trip time, a tick to see the current and a tick for the switch to act.
    expect(clearedS - 60).toBeLessThanOrEqual(TRIP_S + 2 * TICK_S + 1e-6);
    expect(backS - clearedS).toBeGreaterThanOrEqual(OFF_S - TICK_S - 1e-6);
    expect(backS - clearedS).toBeLessThanOrEqual(OFF_S + 2 * TICK_S + 1e-6);
    expect(stack.spacecraft.truth().damage).toEqual([]);
    expect(ground.events('latchup_tripped').map((event) => event.data.rail)).toEqual(['accelerator']);
    expect(ground.events('latchup_tripped')[0]!.data.currentA as number).toBeGreaterThan(4);
    ground.run(11);
    expect(ground.last('power_hk')).toMatchObject({ latchupCount: 1, latchupsAccelerator: 1, railsDisabled: [] });
  });

  it('disables a rail after repeated latch-ups with a fault event, until the counters are reset', () => {
    const ground = powerGround({ nominal: true, scenario: [latchup(60), latchup(90), latchup(120)] });
    const stack = ground.stack;
    ground.run(130 - stack.timeS);
    expect(ground.events('latchup_tripped')).toHaveLength(3);
    expect(ground.events('rail_disabled').map((event) => event.data)).toEqual([expect.objectContaining({ rail: 'accelerator', count: 3 })]);
    ground.run(30);
    expect(stack.current.power.rails.accelerator.on).toBe(false);
    expect(stack.spacecraft.truth().damage).toEqual([]);
    expect(ground.last('power_hk')).toMatchObject({ latchupsAccelerator: 3, railsDisabled: ['accelerator'] });
    const seq = ground.send('reset_latchup_counters');
    ground.run(25); // the budget gate's delay, then the device boots
    expect(ground.stages(seq)).toEqual(['accepted', 'started', 'completed']);
    expect(stack.current.power.rails.accelerator.on).toBe(true);
    ground.run(10);
    expect(ground.last('power_hk')).toMatchObject({ latchupCount: 0, railsDisabled: [] });
  });

  it('keeps the latch-up counts and a disabled rail across a computer reset', () => {
    const ground = powerGround({ nominal: true, scenario: [latchup(60), latchup(90), latchup(120)] });
    ground.run(125 - ground.stack.timeS);
    ground.send('arm', { command: 'reset_computer' });
    ground.run(1);
    ground.send('reset_computer');
    ground.run(15);
    expect(ground.stack.starts).toBe(2);
    ground.run(20);
    expect(ground.stack.current.power.rails.accelerator.on).toBe(false);
    expect(ground.last('power_hk')).toMatchObject({ latchupsAccelerator: 3, railsDisabled: ['accelerator'] });
  });
});
