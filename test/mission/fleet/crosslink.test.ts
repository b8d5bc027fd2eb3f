/** Inter-satellite relay of finished results (issue 19 point 6): store and forward, range- and rate-limited, a bounded queue. */
import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_KM } from '../../../astro/orbit.js';
import type { OrbitModel } from '../../../astro/orbit-model.js';
import { loadFleet } from '../../../sim-hw/index.js';
import type { ContactPlan } from '../../../ground/index.js';
import { Crosslinks, DEFAULT_CROSSLINK, type CrosslinkState } from '../../../mission/fleet/crosslink.js';
import { flyFleet } from '../../../mission/fleet/fleet-run.js';
import type { StoredResult } from '../../../mission/fleet/stored-results.js';
import { DEFAULT_BROKER_PARAMS } from '../../../ground/index.js';

const R = EARTH_RADIUS_KM + 550;

/** A spacecraft standing at a point (the test moves it by time). */
function at(position: (timeS: number) => { x: number; y: number; z: number }): OrbitModel {
  return {
    periodS: 5739,
    sampleAt(rotation, out) {
      Object.assign(out.positionEciKm, position(rotation.timeS));
      return out;
    },
  };
}

/** Contact from aosS for an hour. */
const contactAt = (aosS: number): ContactPlan => ({ nextContact: () => ({ station: 'Svalbard', aosS, losS: aosS + 3600 }), nextEclipse: () => null });

const result = (boardJobId: number, bytes = 16_384): StoredResult => ({
  boardJobId,
  bytes,
  digestHex: `d${boardJobId}`,
  verification: 'abft',
  golden: 'match',
});
const state = (name: string, stationNow: string | null, stored: StoredResult[] = []): CrosslinkState => ({ name, stationNow, stored });

describe('crosslinks', () => {
  it('hand a finished result to the neighbour in range that reaches a station first; it comes home through that neighbour’s station as the holder’s', () => {
    const models = new Map([
      ['a', at(() => ({ x: R, y: 0, z: 0 }))],
      ['b', at(() => ({ x: R, y: 2000, z: 0 }))],
      ['c', at(() => ({ x: R, y: -3000, z: 0 }))],
    ]);
    // a sees a station in 2 h; b in 10 min; c in 20 min: b is the carrier
    const plans = new Map([
      ['a', contactAt(7200)],
      ['b', contactAt(600)],
      ['c', contactAt(1200)],
    ]);
    const links = new Crosslinks(models, plans, DEFAULT_CROSSLINK, 10);
    const none = links.step(0, [state('a', null, [result(0x40000000)]), state('b', null), state('c', null)]);
    expect(none.size).toBe(0);
    expect(links.totals).toEqual({ handed: 1, delivered: 0, refused: 0, held: 1 });
    // handed once only, even when offered again
    links.step(10, [state('a', null, [result(0x40000000)]), state('b', null), state('c', null)]);
    expect(links.totals.handed).toBe(1);
    // b in contact: 16 KiB at 256 kbit/s takes a barrier
    const home = links.step(600, [state('a', null), state('b', 'Svalbard'), state('c', null)]);
    expect(home.get('a')).toEqual([
      { jobId: 0x40000000, digestHex: 'd1073741824', timeS: 600, verification: 'abft', golden: 'match', station: 'Svalbard via b' },
    ]);
    expect(links.totals).toEqual({ handed: 1, delivered: 1, refused: 0, held: 0 });
  });

  it('keep a result where no neighbour is in range, the Earth is in the way, or none would bring it home gainS sooner', () => {
    const plans = new Map([
      ['a', contactAt(7200)],
      ['b', contactAt(600)],
    ]);
    const far = new Crosslinks(
      new Map([
        ['a', at(() => ({ x: R, y: 0, z: 0 }))],
        ['b', at(() => ({ x: R, y: 6000, z: 0 }))],
      ]),
      plans,
      DEFAULT_CROSSLINK,
      10,
    );
    far.step(0, [state('a', null, [result(1 + 0x40000000)]), state('b', null)]);
    const behindEarth = new Crosslinks(
      new Map([
        ['a', at(() => ({ x: 2000, y: 0, z: 0 }))],
        ['b', at(() => ({ x: -2000, y: 0, z: 0 }))],
      ]),
      plans,
      { ...DEFAULT_CROSSLINK, rangeKm: 50_000 },
      10,
    );
    behindEarth.step(0, [state('a', null, [result(2 + 0x40000000)]), state('b', null)]);
    const noGain = new Crosslinks(
      new Map([
        ['a', at(() => ({ x: R, y: 0, z: 0 }))],
        ['b', at(() => ({ x: R, y: 100, z: 0 }))],
      ]),
      new Map([
        ['a', contactAt(700)],
        ['b', contactAt(600)],
      ]),
      DEFAULT_CROSSLINK,
      10,
    );
    noGain.step(0, [state('a', null, [result(3 + 0x40000000)]), state('b', null)]);
    for (const links of [far, behindEarth, noGain]) expect(links.totals.handed).toBe(0);
  });

  it('hand over at most rateBps a barrier, and a carrier holds at most queueMax results for others (refusals counted, the holder keeps them)', () => {
    const models = new Map([
      ['a', at(() => ({ x: R, y: 0, z: 0 }))],
      ['b', at(() => ({ x: R, y: 1000, z: 0 }))],
    ]);
    const plans = new Map([
      ['a', contactAt(9000)],
      ['b', contactAt(600)],
    ]);
    // 400 kB of crosslink a barrier: four results of 100 kB go, the fifth waits for the next barrier
    const paced = new Crosslinks(models, plans, { ...DEFAULT_CROSSLINK, rateBps: 8 * 40_000 }, 10);
    const stored = [0, 1, 2, 3, 4].map((i) => result(0x40000000 + i, 100_000));
    paced.step(0, [state('a', null, stored), state('b', null)]);
    expect(paced.totals).toEqual({ handed: 4, delivered: 0, refused: 0, held: 4 });
    paced.step(10, [state('a', null, stored), state('b', null)]);
    expect(paced.totals.handed).toBe(5);
    // a carrier holding queueMax for others refuses the rest, each refusal counted
    const bounded = new Crosslinks(models, plans, { ...DEFAULT_CROSSLINK, queueMax: 2 }, 10);
    bounded.step(0, [
      state(
        'a',
        null,
        stored.map((r) => ({ ...r, bytes: 1000 })),
      ),
      state('b', null),
    ]);
    expect(bounded.totals).toEqual({ handed: 2, delivered: 0, refused: 3, held: 2 });
  });

  it('relays results in a fleet run: walker:2/4 over two orbits, each home through its carrier’s station, the same whatever the worker count, none lost, none completed twice', async () => {
    const fleet = loadFleet('walker:2/4');
    if (!fleet.ok) throw new Error(fleet.problems.join('; '));
    const fly = (workers: number) =>
      flyFleet(fleet.fleet, {
        orbits: 2,
        seed: 1,
        workers,
        faults: [],
        workload: { description: '', jobs: [] },
        jobs: { params: DEFAULT_BROKER_PARAMS, perHour: 30, redundantShare: 0 },
        crosslink: DEFAULT_CROSSLINK,
      });
    const [run, alone] = await Promise.all([fly(2), fly(1)]);
    // the relay decides in the coordinator: the same flight whatever the worker count
    expect(alone.digest).toBe(run.digest);
    expect(alone.jobs!.crosslink).toEqual(run.jobs!.crosslink);
    const jobs = run.jobs!;
    expect(jobs.counts.lost).toBe(0);
    expect(jobs.counts.doubleCompletions).toBe(0);
    expect(jobs.crosslink!.handed).toBeGreaterThan(0);
    expect(jobs.crosslink!.delivered).toBeGreaterThan(0);
    const relayed = jobs.jobs.flatMap((job) => job.runs.filter((r) => r.homeStation?.includes(' via ')));
    expect(relayed.length).toBeGreaterThan(0);
    for (const r of relayed) expect(r.golden).not.toBe('mismatch');
  }, 120_000);
});
