import { describe, expect, it } from 'vitest';
import { MEMORY_REGIONS } from '../../../protocol/index.js';
import { memoryGround } from './rig.js';

describe('memory: patrol scrubbing', () => {
  it('patrol-scrubs every page of every region within its interval, a few requests ahead at most', () => {
    const g = memoryGround();
    g.run(5);
    g.send('set_scrub_interval', { scrubIntervalS: 120 });
    g.send('set_scrub_policy', { policy: 'fixed' });
    g.run(115); // past the boot pass
    const intervalS = 120;
    for (let window = 0; window < 3; window++) {
      const before = Object.fromEntries(MEMORY_REGIONS.map((region) => [region, g.stack.current.memory[region].scrub.pagesDone]));
      let queuedMax = 0;
      const until = g.stack.timeS + intervalS;
      while (g.stack.timeS < until - 1e-9) {
        g.stack.tick();
        for (const region of MEMORY_REGIONS)
          queuedMax = Math.max(
            queuedMax,
            g.stack.current.memory[region].scrub.pagesQueued / (g.stack.current.memory[region].sizeBytes / g.stack.current.memory[region].pageBytes),
          );
      }
      g.collect();
      for (const region of MEMORY_REGIONS) {
        const sensors = g.stack.current.memory[region];
        const pages = sensors.sizeBytes / sensors.pageBytes;
        const done = sensors.scrub.pagesDone - before[region]!;
        // One pass per interval: the pages in sequence, at least a whole region (less one second's chunk of pacing).
        expect(done, `${region} window ${window}`).toBeGreaterThanOrEqual(pages * (1 - 1.5 / intervalS));
        expect(done, `${region} window ${window}`).toBeLessThanOrEqual(pages * (1 + 1.5 / intervalS));
      }
      // Never more than three one-second chunks queued in the controller.
      expect(queuedMax).toBeLessThanOrEqual(3 / intervalS + 1e-9);
    }
    const hk = g.last('memory_hk')!;
    expect(hk.hbmScrubPasses).toBeGreaterThanOrEqual(3);
    expect(hk.ramScrubPasses).toBeGreaterThanOrEqual(3);
    expect(hk.hbmScrubIntervalS).toBe(120);
    expect(hk.scrubPolicy).toBe('fixed');
    expect(g.undecodable).toEqual([]);
  });

  it('scrubs faster through the South Atlantic Anomaly than outside it', () => {
    // At 550 km, beta 0, from the mission epoch the first SAA pass runs from about 20257 s to 20832 s.
    const g = memoryGround({ config: { startTimeS: 18500 } });
    const pagesPerMinute = (fromS: number, toS: number) => {
      g.run(fromS - g.stack.timeS);
      const before = MEMORY_REGIONS.map((region) => g.stack.current.memory[region].scrub.pagesDone);
      const saa: boolean[] = [];
      while (g.stack.timeS < toS - 1e-9) {
        g.stack.tick();
        saa.push(g.stack.spacecraft.truth().inSaa);
      }
      g.collect();
      return { perMinute: MEMORY_REGIONS.map((region, i) => ((g.stack.current.memory[region].scrub.pagesDone - before[i]!) * 60) / (toS - fromS)), saa };
    };
    const outside = pagesPerMinute(19900, 20200);
    const inside = pagesPerMinute(20500, 20800);
    expect(outside.saa.every((flag) => !flag)).toBe(true);
    expect(inside.saa.every((flag) => flag)).toBe(true);
    for (const i of [0, 1]) expect(inside.perMinute[i]! / outside.perMinute[i]!, MEMORY_REGIONS[i]).toBeGreaterThan(4);
    expect(
      g
        .events('upset_rate_high')
        .map((event) => event.data.region)
        .sort(),
    ).toEqual(['hbm', 'ram']);
    const hk = g.last('memory_hk')!;
    expect(hk.ramScrubIntervalS).toBe(60);
    expect(hk.scrubBudgetLimited).toBe(false);
  });
});
