import { describe, expect, it } from 'vitest';
import { isPageRetired, type MemoryRegionState } from '../../../sim-hw/accelerator/memory-region.js';
import type { Spacecraft } from '../../../sim-hw/spacecraft.js';
import { TestGround, testStack } from '../../helpers/ground.js';
import { createMemoryModule } from '../../../fsw/memory/memory-module.js';
import { jobRig, memoryGround, railRig } from './rig.js';

/** The simulator's RAM and HBM, for ground truth. */
function regions(spacecraft: Spacecraft): { ram: MemoryRegionState; hbm: MemoryRegionState } {
  // biome-ignore lint/complexity/useLiteralKeys: the test reads the simulator's private state (its truth) on purpose
  return { ram: spacecraft['ram'], hbm: spacecraft['accelerator'].hbm };
}

const BURSTS = [
  { atS: 30, kind: 'upset-burst', region: 'ram', count: 12, target: 'any', multiBitFraction: 1 },
  { atS: 30, kind: 'upset-burst', region: 'hbm', count: 12, target: 'any', multiBitFraction: 1 },
] as const;

describe('memory: page retirement', () => {
  it('retires the page of an uncorrectable error, keeps the list across a computer reset, and the page stays retired', () => {
    const ground = memoryGround({ scenario: [...BURSTS, { atS: 200, kind: 'obc-hang', durationS: 30 }] });
    ground.run(1);
    ground.send('set_scrub_interval', { scrubIntervalS: 60 }); // every page is scrubbed twice after the bursts, before the hang
    ground.run(189);
    const events = ground.events('uncorrectable_error').map((event) => event.data);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event.jobId).toBe(0);
      expect(event.during).toBe('scrub');
    }
    const truth = regions(ground.stack.spacecraft);
    const listed = { ram: [...truth.ram.retired], hbm: [...truth.hbm.retired] };
    for (const event of events) expect(listed[event.region as 'ram' | 'hbm']).toContain(event.page);
    const hkBefore0 = ground.last('memory_hk')!;
    for (const region of ['ram', 'hbm'] as const) {
      expect(listed[region].length, region).toBeGreaterThan(0);
      // Every uncorrectable word the controller counted is counted here too (events are throttled, housekeeping is not).
      expect(hkBefore0[`${region}UncorrectableCount`], region).toBe(truth[region].uncorrectableCount);
    }
    const hkBefore = ground.last('memory_hk')!;
    expect(hkBefore.ramRetiredPages).toBe(listed.ram.length);
    expect(hkBefore.hbmRetiredPages).toBe(listed.hbm.length);

    ground.run(200); // the computer hangs at 200 s; the watchdog resets it
    expect(ground.stack.starts).toBe(2);
    expect(ground.events('boot').at(-1)!.data.resetCause).toBe('watchdog');
    const hkAfter = ground
      .packets('memory_hk')
      .filter((tm) => tm.timeS > 240)
      .at(-1)!.data;
    expect(hkAfter.ramRetiredPages).toBe(listed.ram.length);
    expect(hkAfter.hbmRetiredPages).toBe(listed.hbm.length);
    expect(hkAfter.retiredPages).toBe(listed.ram.length + listed.hbm.length);
    expect(truth.ram.retired).toEqual(listed.ram);
    expect(truth.hbm.retired).toEqual(listed.hbm);
    for (const region of ['ram', 'hbm'] as const) for (const page of listed[region]) expect(isPageRetired(truth[region], page)).toBe(true);
    expect(ground.events('retired_pages_resent')).toHaveLength(0); // the controller had kept them
    expect(ground.undecodable).toEqual([]);
  });

  it('sends the retired list again to a memory controller that forgot it', () => {
    const first = memoryGround({ scenario: BURSTS });
    first.run(150);
    const firstTruth = regions(first.stack.spacecraft);
    const retired = firstTruth.ram.retired.length + firstTruth.hbm.retired.length;
    expect(retired).toBeGreaterThan(0);

    // A fresh spacecraft (its controllers hold no retired page) with the first one's non-volatile memory.
    const second = new TestGround(testStack({ modules: [railRig, createMemoryModule] }));
    second.stack.nvm.image.set(first.stack.nvm.image);
    second.run(5);
    expect(second.last('memory_hk')!.retiredPages).toBe(retired);
    const resent = second.events('retired_pages_resent').map((event) => event.data);
    expect(resent.map((event) => event.region).sort()).toEqual(['hbm', 'ram']);
    const truth = regions(second.stack.spacecraft);
    expect(truth.ram.retired.length + truth.hbm.retired.length).toBe(retired);
    expect(second.stack.current.memory.ram.retiredPages + second.stack.current.memory.hbm.retiredPages).toBe(retired);
  });

  it('reports the job whose buffer an uncorrectable error hit', () => {
    const ground = memoryGround({
      extra: [jobRig(42)],
      scenario: [{ atS: 40, kind: 'upset-burst', region: 'hbm', count: 40, target: 'job', multiBitFraction: 1 }],
    });
    ground.run(120);
    const hits = ground.events('uncorrectable_error').map((event) => event.data);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((event) => event.region === 'hbm' && event.jobId === 42)).toBe(true);
    // biome-ignore lint/complexity/useLiteralKeys: the test reads the simulator's private state (its truth) on purpose
    expect(ground.stack.spacecraft['accelerator'].job?.jobId).toBe(42);
  });
});
