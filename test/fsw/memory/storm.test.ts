import { describe, expect, it } from 'vitest';
import { executiveOf, memoryGround } from './rig.js';

const STORM = { atS: 1200, kind: 'solar-storm', multiplier: 1000, durationS: 600 } as const;

/** Runs to endS, sampling memory.computePaused every second. */
function run(pauseComputeInStorm: boolean, endS: number) {
  const ground = memoryGround({ scenario: [STORM] });
  ground.run(1);
  ground.send('param_set', { name: 'memory.pauseComputeInStorm', value: pauseComputeInStorm });
  const paused: { timeS: number; value: number }[] = [];
  while (ground.stack.timeS < endS) {
    ground.run(1);
    paused.push({ timeS: ground.stack.timeS, value: executiveOf(ground).published.get('memory.computePaused', -1) });
  }
  return { ground, paused };
}

describe('memory: radiation storm', () => {
  it('asks compute to pause during a storm with memory.pauseComputeInStorm on, and to resume after it', () => {
    const { ground, paused } = run(true, 2700);
    expect(paused.filter((sample) => sample.timeS < STORM.atS).every((sample) => sample.value === 0)).toBe(true);
    const on = paused.filter((sample) => sample.value === 1);
    expect(on.length).toBeGreaterThan(300);
    expect(on[0]!.timeS).toBeGreaterThan(STORM.atS);
    expect(on[0]!.timeS).toBeLessThan(STORM.atS + 120);
    expect(on.at(-1)!.timeS).toBeGreaterThan(STORM.atS + STORM.durationS - 10);
    expect(paused.at(-1)!.value).toBe(0);
    expect(ground.events('compute_pause').map((event) => event.data.paused)).toEqual([true, false]);
    expect(ground.events('upset_rate_high').length).toBeGreaterThan(0);
  });

  it('does not pause compute with the parameter off, but still reports the high rate', () => {
    const { ground, paused } = run(false, 1900);
    expect(paused.every((sample) => sample.value === 0)).toBe(true);
    expect(ground.events('compute_pause')).toHaveLength(0);
    expect(
      ground
        .events('upset_rate_high')
        .map((event) => event.data.region)
        .sort(),
    ).toEqual(['hbm', 'ram']);
    expect(ground.undecodable).toEqual([]);
  });
});
