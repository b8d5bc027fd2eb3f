import { describe, expect, it } from 'vitest';
import { MEMORY_REGIONS } from '../../../protocol/index.js';
import { memoryGround } from './rig.js';

describe('memory: patrol scrubbing', () => {
  it('patrol-scrubs every page of every region within its interval, a few requests ahead at most', () => {
    const ground = memoryGround();
    ground.run(5);
    ground.send('set_scrub_interval', { scrubIntervalS: 120 });
    ground.send('set_scrub_policy', { policy: 'fixed' });
    ground.run(115); // past the boot pass
    const intervalS = 120;
    for (let window = 0; window < 3; window++) {
      const before = Object.fromEntries(MEMORY_REGIONS.map((region) => [region, ground.stack.current.memory[region].scrub.pagesDone]));
      let queuedMax = 0;
      const until = ground.stack.timeS + intervalS;
      while (ground.stack.timeS < until - 1e-9) {
        ground.stack.tick();
        for (const region of MEMORY_REGIONS)
          queuedMax = Math.max(
            queuedMax,
            ground.stack.current.memory[region].scrub.pagesQueued /
              (ground.stack.current.memory[region].sizeBytes / ground.stack.current.memory[region].pageBytes),
          );
      }
      ground.collect();
      for (const region of MEMORY_REGIONS) {
        const sensors = ground.stack.current.memory[region];
        const pages = sensors.sizeBytes / sensors.pageBytes;
        const done = sensors.scrub.pagesDone - before[region]!;
        // One pass per interval: the pages in sequence, at least a whole region (less one second's chunk of pacing).
        expect(done, `${region} window ${window}`).toBeGreaterThanOrEqual(pages * (1 - 1.5 / intervalS));
        expect(done, `${region} window ${window}`).toBeLessThanOrEqual(pages * (1 + 1.5 / intervalS));
      }
      // Never more than three one-second chunks queued in the controller.
      expect(queuedMax).toBeLessThanOrEqual(3 / intervalS + 1e-9);
    }
    const hk = ground.last('memory_hk')!;
    expect(hk.hbmScrubPasses).toBeGreaterThanOrEqual(3);
    expect(hk.ramScrubPasses).toBeGreaterThanOrEqual(3);
    expect(hk.hbmScrubIntervalS).toBe(120);
    expect(hk.scrubPolicy).toBe('fixed');
    expect(ground.undecodable).toEqual([]);
  });

  it('scrubs faster through the South Atlantic Anomaly than outside it', () => {
    // At 550 km, beta 0, from the mission epoch the first SAA pass runs from about 20257 s to 20832 s.
    const ground = memoryGround({ config: { startTimeS: 18500 } });
    const pagesPerMinute = (fromS: number, toS: number) => {
      ground.run(fromS - ground.stack.timeS);
      const before = MEMORY_REGIONS.map((region) => ground.stack.current.memory[region].scrub.pagesDone);
      const saa: boolean[] = [];
      while (ground.stack.timeS < toS - 1e-9) {
        ground.stack.tick();
        saa.push(ground.stack.spacecraft.truth().inSaa);
      }
      ground.collect();
      return { perMinute: MEMORY_REGIONS.map((region, i) => ((ground.stack.current.memory[region].scrub.pagesDone - before[i]!) * 60) / (toS - fromS)), saa };
    };
    const outside = pagesPerMinute(19900, 20200);
    const inside = pagesPerMinute(20500, 20800);
    expect(outside.saa.every((flag) => !flag)).toBe(true);
    expect(inside.saa.every((flag) => flag)).toBe(true);
    for (const i of [0, 1]) expect(inside.perMinute[i]! / outside.perMinute[i]!, MEMORY_REGIONS[i]).toBeGreaterThan(4);
    expect(
      ground
        .events('upset_rate_high')
        .map((event) => event.data.region)
        .sort(),
    ).toEqual(['hbm', 'ram']);
    const hk = ground.last('memory_hk')!;
    expect(hk.ramScrubIntervalS).toBe(60);
    expect(hk.scrubBudgetLimited).toBe(false);
  });
});
