/**
 * The ordered runner (mission/campaign/ordered-check.ts) gives what fc.check
 * gives for the same seed and path, whatever its window and however long
 * each evaluation takes: the same runs, counterexample, path and shrinks, and
 * the same sequence of evaluated values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderedCheck } from '../../mission/campaign/ordered-check.js';

const arbitrary = fc.record({ a: fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 12 }), b: fc.integer({ min: 0, max: 1000 }) });
const breaks = (value: { a: number[]; b: number }) => value.a.reduce((sum, x) => sum + x, 0) > 120 && value.b % 3 === 0;

function reference(seed: number, path: string) {
  const seen: string[] = [];
  const details = fc.check(
    fc.property(arbitrary, (value) => {
      seen.push(JSON.stringify(value));
      return !breaks(value);
    }),
    { seed, numRuns: 200, path },
  );
  return { details, seen };
}

/** Resolves after a pseudo-random delay, so that later values often finish first. */
const jittered = (value: { a: number[]; b: number }) =>
  new Promise<boolean>((resolve) => setTimeout(() => resolve(breaks(value)), (value.b * 7 + value.a.length) % 4));

describe('ordered check', () => {
  for (const window of [1, 2, 5]) {
    it(`gives fc.check's runs, counterexample, path and shrinks, and its sequence of values, with a window of ${window}`, async () => {
      for (const seed of [1, 7, 42]) {
        const { details, seen } = reference(seed, '');
        expect(details.failed).toBe(true);
        const ours: string[] = [];
        const got = await orderedCheck(
          arbitrary,
          jittered,
          (broken) => broken,
          { seed, numRuns: 200, window },
          (value) => ours.push(JSON.stringify(value)),
        );
        expect(got.failed).toBe(true);
        expect(got.counterexamplePath).toBe(details.counterexamplePath);
        expect(got.numRuns).toBe(details.numRuns);
        expect(got.numShrinks).toBe(details.numShrinks);
        expect(got.counterexample).toEqual(details.counterexample?.[0]);
        expect(ours).toEqual(seen);
      }
    });
  }

  it('replays a path as fc.check does (a run, and a point of the shrinking), and passes where fc.check passes', async () => {
    const { details } = reference(7, '');
    const segments = details.counterexamplePath!.split(':');
    for (const path of [segments[0]!, segments.slice(0, Math.max(2, segments.length - 2)).join(':')]) {
      const { details: replayed, seen } = reference(7, path);
      const ours: string[] = [];
      const got = await orderedCheck(
        arbitrary,
        jittered,
        (broken) => broken,
        { seed: 7, numRuns: 200, path, window: 3 },
        (value) => ours.push(JSON.stringify(value)),
      );
      expect(got.counterexamplePath).toBe(replayed.counterexamplePath);
      expect(got.counterexample).toEqual(replayed.counterexample?.[0]);
      expect(ours).toEqual(seen);
    }
    const never = await orderedCheck(
      arbitrary,
      async () => false,
      (broken) => broken,
      { seed: 7, numRuns: 50, window: 4 },
    );
    expect(never).toMatchObject({ failed: false, numRuns: 50, counterexamplePath: null });
  });
});
