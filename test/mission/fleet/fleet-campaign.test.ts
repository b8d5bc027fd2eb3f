import { describe, expect, it } from 'vitest';
import { DEFAULT_NETWORK } from '../../../astro/network.js';
import { DEFAULT_BROKER_PARAMS } from '../../../ground/index.js';
import { flyFleet } from '../../../mission/fleet/fleet-run.js';
import { loadFleet, type TimedFault } from '../../../sim-hw/index.js';

const fleetOf = (spec: string) => {
  const loaded = loadFleet(spec);
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  return loaded.fleet;
};

describe('the fleet job service under spacecraft loss, resets and a station outage', () => {
  it('ends accepted jobs done or failed with their reason, the rest held by a run it follows: none lost, none completed twice, no corrupt result accepted', async () => {
    const fleet = fleetOf('walker:2/2');
    const names = fleet.map((sc) => sc.name);
    // one spacecraft goes silent for good in mid-job; another resets three times in an hour; a third once
    const faultsFor = new Map<string, readonly TimedFault[]>([
      [names[0]!, [{ kind: 'link-outage', atS: 4000, durationS: 1e6 }]],
      [names[1]!, [1500, 2500, 3500].map((atS) => ({ kind: 'obc-hang' as const, atS, durationS: 30 }))],
      [names[2]!, [{ kind: 'sefi', atS: 3000 }]],
    ]);
    const run = await flyFleet(fleet, {
      orbits: 5,
      seed: 7,
      workers: 2,
      faults: [],
      workload: { description: '', jobs: [] },
      faultsFor,
      stationOutages: [{ station: 'Svalbard', fromS: 2000, untilS: 9000 }],
      jobs: { params: { ...DEFAULT_BROKER_PARAMS, silentAfterS: 3000 }, perHour: 10, redundantShare: 0.25, arrivalsForS: 7200 },
    });
    const jobs = run.jobs!;
    const c = jobs.counts;
    expect(c.submitted).toBeGreaterThan(10);
    expect(c.lost).toBe(0);
    expect(c.doubleCompletions).toBe(0);
    expect(c.done + c.failed + c.open).toBe(c.submitted);
    expect(c.done).toBeGreaterThan(c.submitted / 2);
    for (const job of jobs.jobs) {
      if (job.state === 'failed') expect(job.reason).not.toBe('');
      // still open at the end: held by a run the ground follows (none left without one)
      if (job.state === 'placed')
        expect(job.runs.some((r) => ['uplink', 'queued', 'running', 'checkpointed', 'verifying', 'done'].includes(r.state))).toBe(true);
      expect(job.state).not.toBe('queued');
      if (job.state === 'done') {
        const agreeing = job.runs.filter((r) => job.agreeing.includes(r.boardJobId));
        expect(agreeing.length).toBeGreaterThanOrEqual(job.spec.redundant);
        expect(agreeing.every((r) => r.golden !== 'mismatch')).toBe(true);
      }
    }
    // Provenance: each result home names the station whose pass carried it (one of the network, never the one taken away then) and the check made on board.
    const home = jobs.jobs.flatMap((job) => job.runs.filter((r) => r.state === 'home' && r.homeS !== null));
    expect(home.length).toBeGreaterThan(0);
    const stations = DEFAULT_NETWORK.map((station) => station.name);
    for (const r of home) {
      expect(stations).toContain(r.homeStation);
      if (r.homeS! >= 2000 && r.homeS! < 9000) expect(r.homeStation).not.toBe('Svalbard');
      expect(['abft', 'redundant']).toContain(r.verification);
    }
    // the silent spacecraft's unfinished runs were given up and their jobs placed again
    const abandoned = jobs.jobs.flatMap((job) => job.runs.filter((r) => r.state === 'abandoned' && r.spacecraft === names[0]));
    expect(abandoned.length).toBeGreaterThan(0);
    expect(c.replaced).toBeGreaterThan(0);
  }, 120_000);
});
