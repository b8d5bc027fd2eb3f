/**
 * Archive queries over several spacecraft (issue 20 point 3): rows merged
 * by time, each tagged with its spacecraft; a spacecraft that gave as many
 * rows as the limit stops the merge at its last row (and `more` says so),
 * so that asking again from there misses nothing; a spacecraft that does
 * not answer fails the whole answer.
 */
import { describe, expect, it } from 'vitest';
import { mergedRows, type ArchiveRowSource } from '../../../ground/server/archive-fanout.js';
import type { ArchiveSelection } from '../../../ground/archive/queries.js';
import { fail } from '../../../protocol/index.js';

/** A spacecraft whose archive holds telemetry rows at these times (one row each), answering as an archive does: in its order, at most the limit. */
function source(name: string, timesS: readonly number[]): ArchiveRowSource {
  return {
    name,
    rows: async (_kind, selection) => {
      const inRange = timesS
        .filter((t) => t >= selection.fromS && t <= selection.toS)
        .map((timeS) => ({ timeS, packet: 'power_hk', param: 'socPct', value: timeS }));
      const rows = inRange.slice(0, selection.limit);
      return { ok: true, value: { rows, truncated: inRange.length > rows.length || rows.length >= selection.limit } };
    },
  };
}

const range = (fromS: number, toS: number, limit: number): ArchiveSelection => ({ fromS, toS, limit });

describe('archive rows of several spacecraft', () => {
  it('merges by time, ties in the order of the spacecraft, each row with its spacecraft', async () => {
    const merged = await mergedRows([source('sat-a', [10, 30, 50]), source('sat-b', [20, 30, 40])], 'telemetry', range(0, 100, 100));
    if (!merged.ok) throw new Error(merged.error);
    expect(merged.value.rows.map((row) => [(row as { sc: string }).sc, (row as { timeS: number }).timeS])).toEqual([
      ['sat-a', 10],
      ['sat-b', 20],
      ['sat-a', 30],
      ['sat-b', 30],
      ['sat-b', 40],
      ['sat-a', 50],
    ]);
    expect(merged.value.more).toBe(false);
  });

  it('stops at the last row of a spacecraft cut by the limit, says more, and paging from there gets every row once', async () => {
    const a = source('sat-a', [1, 2, 3, 4, 5, 6, 7, 8]);
    const b = source('sat-b', [100, 200]);
    const first = await mergedRows([a, b], 'telemetry', range(0, 1000, 3));
    if (!first.ok) throw new Error(first.error);
    // sat-a gave 1, 2, 3 (the limit): sat-b's 100 is not to come before sat-a's 4
    expect(first.value.rows.map((row) => (row as { timeS: number }).timeS)).toEqual([1, 2, 3]);
    expect(first.value.more).toBe(true);
    const seen: number[] = [];
    let fromS = 0;
    for (let page = 0; page < 20; page++) {
      const answer = await mergedRows([a, b], 'telemetry', range(fromS, 1000, 3));
      if (!answer.ok) throw new Error(answer.error);
      const times = answer.value.rows.map((row) => (row as { timeS: number }).timeS);
      seen.push(...times.filter((t) => t > fromS || (page === 0 && t >= fromS)));
      if (!answer.value.more) break;
      fromS = times[times.length - 1]!;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 100, 200]);
  });

  it('fails the whole answer when one spacecraft does not answer, saying which', async () => {
    const silent: ArchiveRowSource = { name: 'sat-c', rows: async () => fail('spacecraft sat-c (shard 1/2) did not answer: no responder for archive.query.3') };
    const merged = await mergedRows([source('sat-a', [1]), silent], 'events', range(0, 10, 10));
    expect(merged).toEqual({ ok: false, error: expect.stringMatching(/sat-c \(shard 1\/2\) did not answer/) });
  });
});
