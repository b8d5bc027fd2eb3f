import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createPageAges } from '../../../fsw/memory/page-ages.js';
import { EXPOSURE_MIN_S, addRateSample, createRateEstimate, ratePerDay } from '../../../fsw/memory/rate-estimator.js';
import { SCRUB_REQUESTS_AHEAD, createScrubPlanner, observe, passesDone, planScrub, scrubbedTotal } from '../../../fsw/memory/scrub-planner.js';

/** A memory controller as the simulator's: ranges in FIFO order, a page rate, a queue that may be cleared (power cycle). */
class FakeController {
  readonly queue: { next: number; end: number }[] = [];
  pagesDone = 0;
  readonly scrubs: number[];
  constructor(readonly pageCount: number) {
    this.scrubs = new Array<number>(pageCount).fill(0);
  }
  get pagesQueued(): number {
    return this.queue.reduce((sum, range) => sum + range.end - range.next, 0);
  }
  request(firstPage: number, pages: number): void {
    this.queue.push({ next: firstPage, end: Math.min(this.pageCount, firstPage + pages) });
  }
  step(pages: number): void {
    while (pages > 0 && this.queue.length > 0) {
      const range = this.queue[0]!;
      const n = Math.min(pages, range.end - range.next);
      for (let p = range.next; p < range.next + n; p++) this.scrubs[p]!++;
      range.next += n;
      pages -= n;
      this.pagesDone += n;
      if (range.next >= range.end) this.queue.shift();
    }
  }
}

describe('scrub planner', () => {
  test.prop(
    [
      fc.integer({ min: 1, max: 5000 }),
      fc.double({ min: 0.5, max: 2000, noNaN: true }),
      fc.array(fc.record({ speedPages: fc.integer({ min: 0, max: 400 }), lose: fc.boolean() }), { minLength: 20, maxLength: 40 }),
    ],
    { numRuns: 40 },
  )(
    'covers every page of each pass in order, never more than a few requests ahead, and asks again what the controller lost',
    (pageCount, pagesPerS, phases) => {
      const controller = new FakeController(pageCount);
      const ages = createPageAges(pageCount);
      const planner = createScrubPlanner(pageCount, controller, 0);
      let timeS = 0;
      let lostPages = 0;
      const chunk = Math.min(pageCount, Math.max(1, Math.round(pagesPerS)));
      for (const phase of phases) {
        for (let tick = 0; tick < 50; tick++) {
          timeS += 0.1;
          const request = planScrub(planner, pagesPerS, 0.1);
          if (request) {
            expect(request.firstPage).toBe((scrubbedTotal(planner) + planner.outstanding - request.pages) % pageCount);
            expect(request.firstPage + request.pages).toBeLessThanOrEqual(pageCount);
            controller.request(request.firstPage, request.pages);
          }
          expect(planner.outstanding).toBeLessThanOrEqual(SCRUB_REQUESTS_AHEAD * chunk);
          expect(controller.queue.length).toBeLessThanOrEqual(SCRUB_REQUESTS_AHEAD);
          controller.step(phase.speedPages);
          if (phase.lose && tick === 25) {
            lostPages += controller.pagesQueued;
            controller.queue.length = 0;
          }
          observe(planner, controller, ages, timeS);
          expect(planner.outstanding).toBe(controller.pagesQueued);
        }
      }
      // Pages the planner counts as scrubbed were scrubbed: every completed pass touched every page.
      const passes = passesDone(planner);
      for (const count of controller.scrubs) expect(count).toBeGreaterThanOrEqual(passes);
      expect(planner.lostPages).toBe(lostPages);
      expect(controller.pagesDone).toBe(scrubbedTotal(planner));
    },
  );

  test.prop([fc.integer({ min: 100, max: 100000 }), fc.double({ min: 1, max: 1e4, noNaN: true })], { numRuns: 30 })(
    'paces requests at the planned rate (up to a pass a second) when the controller keeps up',
    (pageCount, wantedPagesPerS) => {
      const pagesPerS = Math.min(wantedPagesPerS, pageCount);
      const controller = new FakeController(pageCount);
      const planner = createScrubPlanner(pageCount, controller, 0);
      const ages = createPageAges(pageCount);
      const seconds = 200;
      for (let tick = 1; tick <= seconds * 10; tick++) {
        const request = planScrub(planner, pagesPerS, 0.1);
        if (request) controller.request(request.firstPage, request.pages);
        controller.step(1e9);
        observe(planner, controller, ages, tick / 10);
      }
      const chunk = Math.min(pageCount, Math.max(1, Math.round(pagesPerS)));
      expect(controller.pagesDone).toBeGreaterThanOrEqual(Math.floor(pagesPerS * seconds) - 2 * chunk - 1);
      expect(controller.pagesDone).toBeLessThanOrEqual(Math.ceil(pagesPerS * seconds) + 2 * chunk);
    },
  );
});

describe('rate estimator', () => {
  test.prop([
    fc.double({ min: 0, max: 1e6, noNaN: true }),
    fc.array(fc.record({ exposureS: fc.double({ min: 0, max: 50, noNaN: true }), dtS: fc.double({ min: 0, max: 10, noNaN: true }) }), {
      minLength: 1,
      maxLength: 200,
    }),
    fc.double({ min: 1, max: 1e5, noNaN: true }),
  ])('gives back a steady rate exactly, whatever the exposures and gaps', (perDay, samples, timeConstantS) => {
    const estimate = createRateEstimate();
    for (const { exposureS, dtS } of samples) addRateSample(estimate, (perDay / 86400) * exposureS, exposureS, dtS, timeConstantS);
    if (estimate.exposureS > EXPOSURE_MIN_S) expect(ratePerDay(estimate)).toBeCloseTo(perDay, 6 - Math.max(0, Math.ceil(Math.log10(perDay + 1))));
    else expect(ratePerDay(estimate)).toBe(0);
  });

  test.prop([fc.array(fc.tuple(fc.double({ noNaN: false }), fc.double({ noNaN: false }), fc.double({ noNaN: false })), { maxLength: 50 })])(
    'stays finite and non-negative on any input',
    (samples) => {
      const estimate = createRateEstimate();
      for (const [errors, exposureS, dtS] of samples) addRateSample(estimate, errors, exposureS, dtS, 120);
      const rate = ratePerDay(estimate);
      expect(Number.isFinite(rate) && rate >= 0).toBe(true);
    },
  );

  test('follows a step in the rate with its time constant', () => {
    const estimate = createRateEstimate();
    const tau = 100;
    for (let i = 0; i < 10000; i++) addRateSample(estimate, 1 * 0.1, 0.1, 0.1, tau); // 1 per region-second
    for (let i = 0; i < 1000; i++) addRateSample(estimate, 10 * 0.1, 0.1, 0.1, tau); // 10x for one time constant
    // Weighted mean: 10 (1 - e^-1) + 1 e^-1 per second.
    expect(ratePerDay(estimate) / 86400).toBeCloseTo(10 * (1 - Math.exp(-1)) + Math.exp(-1), 1);
  });
});
