import { describe, expect, it } from 'vitest';
import { Random } from '../../../sim-hw/random.js';
import { DEFAULT_MEMORY_REGION_PARAMS, createMemoryRegionState, rewritePages } from '../../../sim-hw/accelerator/memory-region.js';
import type { MemoryRegionState } from '../../../sim-hw/accelerator/memory-region.js';
import { expectedUpsets, stepRandomUpsets } from '../../../sim-hw/accelerator/memory-upsets.js';
import { requestScrub, stepScrub } from '../../../sim-hw/accelerator/memory-scrub.js';
import { drainErrorLog } from '../../../sim-hw/accelerator/memory-log.js';

const BITS_PER_WORD = 72;

describe('upset process statistics', () => {
  it('events per tick are Poisson (mean within 4 sigma, variance ratio within 20 %); multi-bit fraction and bits per event match', () => {
    const state = createMemoryRegionState({ ...DEFAULT_MEMORY_REGION_PARAMS, sizeBytes: 64 * 2 ** 20 });
    const dtS = 0.1;
    const lambda = 3; // events per tick
    const ratePerBitPerDay = (lambda * 86_400) / (state.wordCount * BITS_PER_WORD * dtS);
    expect(expectedUpsets(state, ratePerBitPerDay, dtS)).toBeCloseTo(lambda, 12);
    const multiBitFraction = 0.3;
    const rng = Random.fromSeed(2024).split('radiation');
    const ticks = 20_000;
    let sum = 0;
    let sumSquares = 0;
    for (let tick = 0; tick < ticks; tick++) {
      const count = stepRandomUpsets(state, rng, ratePerBitPerDay, multiBitFraction, dtS);
      sum += count;
      sumSquares += count * count;
    }
    const mean = sum / ticks;
    const variance = (sumSquares - ticks * mean * mean) / (ticks - 1);
    expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / ticks));
    expect(Math.abs(variance / mean - 1)).toBeLessThan(0.2);

    const events = state.upsetEvents;
    expect(events).toBe(sum); // none dropped
    const fraction = state.multiBitEvents / events;
    expect(Math.abs(fraction - multiBitFraction)).toBeLessThan(4 * Math.sqrt((multiBitFraction * (1 - multiBitFraction)) / events));
    // bits per event: 1 (70 %) or, for a multi-bit event, 2/3/4 with 70/20/10 %: mean 1.42, variance 0.5436
    const meanBits = 0.7 + 0.3 * (2 * 0.7 + 3 * 0.2 + 4 * 0.1);
    const varianceBits = 0.7 + 0.3 * (4 * 0.7 + 9 * 0.2 + 16 * 0.1) - meanBits ** 2;
    expect(meanBits).toBeCloseTo(1.42, 12);
    expect(Math.abs(state.upsetBits / events - meanBits)).toBeLessThan(4 * Math.sqrt(varianceBits / events));
  });
});

/**
 * REFERENCE.md (D): P_word(T) ~ (n lambda T)^2 / 2 for n = 72 bits per word;
 * 32 GB of 72-bit words at 4.04e-7 upsets/bit/day gives 1.69 uncorrectable
 * words per day scrubbed daily and 0.071 per day scrubbed hourly.
 */
function uncorrectablePerDay(words: number, upsetsPerBitPerDay: number, intervalDays: number): number {
  const perWord = (BITS_PER_WORD * upsetsPerBitPerDay * intervalDays) ** 2 / 2;
  return (words * perWord) / intervalDays;
}

/**
 * Monte Carlo: single-bit upsets at the given rate, ticks of one hour, a full
 * scrub every `scrubEveryHours`; after each scrub the software rewrites the
 * pages that hold uncorrectable words (each interval starts clean, as the
 * formula assumes). Returns uncorrectable words found per day.
 */
function simulateUncorrectablePerDay(state: MemoryRegionState, upsetsPerBitPerDay: number, scrubEveryHours: number, days: number, seed: number): number {
  const rng = Random.fromSeed(seed).split('radiation');
  const hours = days * 24;
  let inconsistent = 0;
  for (let hour = 1; hour <= hours; hour++) {
    stepRandomUpsets(state, rng, upsetsPerBitPerDay, 0, 3600);
    if (hour % scrubEveryHours !== 0) continue;
    const before = state.uncorrectableCount;
    requestScrub(state, 0, state.pageCount);
    stepScrub(state, 3600, hour * 3600); // 2 GiB/s: the whole scaled region in one tick
    // a full pass is done, and what it leaves behind is exactly the words it found uncorrectable
    if (state.scrubQueue.length !== 0 || state.dirty.wordCount !== state.uncorrectableCount - before) inconsistent++;
    rewritePages(state, 0, state.pageCount);
    drainErrorLog(state);
  }
  expect(inconsistent).toBe(0);
  return state.uncorrectableCount / days;
}

describe('scrub-interval oracle (REFERENCE.md, SECDED word failure)', () => {
  const FULL_WORDS = 32e9 / 8; // "32 GB" decimal: 4e9 words of 64 data bits
  const FULL_RATE = 4.04e-7;

  it('the formula gives REFERENCE.md figures: 1.69/day scrubbed daily, 0.071/day hourly', () => {
    expect(uncorrectablePerDay(FULL_WORDS, FULL_RATE, 1)).toBeCloseTo(1.69, 2);
    expect(uncorrectablePerDay(FULL_WORDS, FULL_RATE, 1 / 24)).toBeCloseTo(0.071, 3);
    // 32 GiB (the HBM default) instead of 32 GB: 7.4 % more
    expect(uncorrectablePerDay((32 * 2 ** 30) / 8, FULL_RATE, 1)).toBeCloseTo(1.817, 3);
  });

  // Scaled down: 2^16 words (512 KiB) at a rate 688x higher (n lambda T = 0.02 per word per day).
  // The formula scales as words * rate^2: 1.692 * (2^16 / 4e9) * 688.1^2 = 13.1/day daily, 0.546/day hourly.
  const SCALED_BYTES = 2 ** 16 * 8;
  const SCALED_RATE = 0.02 / BITS_PER_WORD;
  const scaledRegion = (): MemoryRegionState => createMemoryRegionState({ ...DEFAULT_MEMORY_REGION_PARAMS, sizeBytes: SCALED_BYTES });
  /**
   * Tolerance: 4 Poisson sigma of the count, plus 4 % for what the
   * approximation leaves out at n lambda T = 0.02 (the exact Poisson P(>=2) is
   * 1.3 % lower, two hits on the same bit cancel (1/72 = 1.4 %), three hits
   * are miscorrected 56 % of the time (~0.4 %)): the simulator may only be low.
   */
  function expectMatches(measuredPerDay: number, expectedPerDay: number, days: number): void {
    const expectedCount = expectedPerDay * days;
    const sigma = Math.sqrt(expectedCount) / days;
    expect(measuredPerDay).toBeGreaterThan(expectedPerDay * 0.96 - 4 * sigma);
    expect(measuredPerDay).toBeLessThan(expectedPerDay + 4 * sigma);
  }

  it('Monte Carlo, scrubbed daily: matches the scaled formula (13.1 uncorrectable words/day)', () => {
    const expected = uncorrectablePerDay(2 ** 16, SCALED_RATE, 1);
    expect(expected / uncorrectablePerDay(FULL_WORDS, FULL_RATE, 1)).toBeCloseTo((2 ** 16 / FULL_WORDS) * (SCALED_RATE / FULL_RATE) ** 2, 6);
    expect(expected).toBeCloseTo(13.107, 3);
    const days = 200;
    const measured = simulateUncorrectablePerDay(scaledRegion(), SCALED_RATE, 24, days, 11);
    expectMatches(measured, expected, days);
  });

  it('Monte Carlo, scrubbed hourly: matches the scaled formula (0.546/day, 24x fewer)', () => {
    const expected = uncorrectablePerDay(2 ** 16, SCALED_RATE, 1 / 24);
    expect(expected).toBeCloseTo(13.107 / 24, 3);
    const days = 1830;
    const measured = simulateUncorrectablePerDay(scaledRegion(), SCALED_RATE, 1, days, 12);
    expectMatches(measured, expected, days);
  });
});
