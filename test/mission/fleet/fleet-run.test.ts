import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NETWORK } from '../../../astro/network.js';
import { DEFAULT_ORBIT_PARAMS } from '../../../astro/orbit.js';
import { DEFAULT_STATION_PARAMS } from '../../../astro/station.js';
import { dealFlights, flyFleet, stationGrants, type FleetRun } from '../../../mission/fleet/fleet-run.js';
import { DEFAULT_RADIATION_PARAMS } from '../../../sim-hw/world/radiation.js';
import { World } from '../../../sim-hw/world/world.js';
import { loadFleet, spacecraftSeed } from '../../../sim-hw/index.js';
import type { FleetFlightSpec } from '../../../mission/fleet/fleet-messages.js';
import { DEFAULT_WORKLOAD_FILE, shippedFile } from '../../../mission/run/config.js';
import { readWorkloadFile } from '../../../mission/run/workload.js';
import { count, plotSvgs } from '../../helpers/html.js';
import { runBin } from '../../helpers/cli.js';
import { CAMPAIGN_KEYS, campaignKeysFor } from '../../../mission/campaign/ground.js';
import { buildTelecommand, decodeTelecommand, DEFAULT_SPACECRAFT_ID, missionDictionary, type LinkKeys } from '../../../protocol/index.js';

const workload = readWorkloadFile(shippedFile(DEFAULT_WORKLOAD_FILE));
const outDir = mkdtempSync(join(tmpdir(), 'fleet-run-'));

/** Three spacecraft on one orbit, linked through the relay (always in contact): only their seeds tell them apart. */
const RELAYED = JSON.stringify({
  spacecraft: [1, 2, 3].map((id) => ({ name: `relayed-${id}`, spacecraftId: id, orbit: { elements: {} }, overrides: { link: { relay: true } } })),
});

async function fly(spec: string, orbits: number, seed: number, workers: number): Promise<FleetRun> {
  const fleet = loadFleet(spec, { readText: () => RELAYED });
  if (!fleet.ok) throw new Error(fleet.problems.join('; '));
  if (!workload.ok) throw new Error(workload.error);
  const barriers: number[] = [];
  const run = await flyFleet(fleet.fleet, { orbits, seed, workers, faults: [], workload: workload.value, onBarrier: (timeS) => barriers.push(timeS) });
  // lock step: every barrier 10 s of mission time apart, the last at the end
  expect(barriers.at(-1)).toBeCloseTo(run.endS, 9);
  expect(barriers.slice(1, -1).every((timeS, i) => Math.abs(timeS - barriers[i]! - 10) < 1e-9)).toBe(true);
  return run;
}

describe('a fleet flown in parallel', () => {
  it('gives the same fleet digest with 1 and 2 workers, another with another seed, each spacecraft its own telemetry', async () => {
    const one = await fly('relayed.json', 0.05, 1, 1);
    const two = await fly('relayed.json', 0.05, 1, 2);
    const reseeded = await fly('relayed.json', 0.05, 2, 2);
    expect(one.workers).toBe(1);
    expect(two.workers).toBe(2);
    expect(two.digest).toBe(one.digest);
    expect(two.outcomes).toEqual(one.outcomes);
    expect(reseeded.digest).not.toBe(one.digest);
    expect(one.outcomes.map((outcome) => outcome.name)).toEqual(['relayed-1', 'relayed-2', 'relayed-3']);
    // the same orbit and configuration: each spacecraft's own seed makes its own telemetry
    expect(new Set(one.outcomes.map((outcome) => outcome.digest)).size).toBe(3);
    expect(one.heapPerSpacecraftB).toBeGreaterThan(0);
  });

  it('deals the spacecraft round-robin to the workers, and seeds each from the fleet seed, its id and its configuration seed', () => {
    const flights = [1, 2, 3, 4, 5].map((id) => ({ name: `s${id}`, spacecraftId: id }) as FleetFlightSpec);
    expect(dealFlights(flights, 2).map((hand) => hand.map((flight) => flight.spacecraftId))).toEqual([
      [1, 3, 5],
      [2, 4],
    ]);
    expect(dealFlights(flights, 8)).toHaveLength(5);
    const seeds = new Set([spacecraftSeed(1, 1, 1), spacecraftSeed(1, 2, 1), spacecraftSeed(2, 1, 1), spacecraftSeed(1, 1, 7)]);
    expect(seeds.size).toBe(4);
    expect(spacecraftSeed(1, 1, 1)).toBe(spacecraftSeed(1, 1, 1));
  });

  it('npx mission --fleet walker:2/2 --orbits 0.2 --digest prints the same digest with --workers 1 and 2, another with another seed', async () => {
    const args = (workers: string, seed = '1') => [
      '--fleet',
      'walker:2/2',
      '--orbits',
      '0.2',
      '--digest',
      '--no-progress',
      '--workers',
      workers,
      '--seed',
      seed,
      '--out',
      join(outDir, `${workers}-${seed}`),
    ];
    const [one, two, other] = await Promise.all([runBin('mission', args('1')), runBin('mission', args('2')), runBin('mission', args('2', '2'))]);
    for (const run of [one, two, other]) expect(run.code, run.stderr).toBe(0);
    const digest = (stdout: string) => stdout.trim().split('\n').at(-1);
    expect(digest(one.stdout)).toMatch(/^[0-9a-f]{64}$/);
    expect(digest(two.stdout)).toBe(digest(one.stdout));
    expect(digest(other.stdout)).not.toBe(digest(one.stdout));
    expect(one.stdout).toMatch(/^Fleet walker:2\/2: 4 spacecraft, 0\.2 orbits, seed 1, 1 worker\n/);
    expect(two.stdout).toContain('seed 1, 2 workers');
    expect(one.stdout).toMatch(/walker-2-2 +4 /);
  }, 120_000);

  it('npx mission --fleet walker:2/2 --orbits 1 --summary-json F writes the job service summary: jobs submitted, done, failed, none lost, latency, yield of the optimum', async () => {
    const file = join(outDir, 'summary.json');
    const run = await runBin('mission', ['--fleet', 'walker:2/2', '--orbits', '1', '--no-progress', '--summary-json', file, '--out', join(outDir, 'summary')]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    for (const key of ['jobsSubmitted', 'jobsDone', 'jobsFailed', 'jobsLost', 'latencyP50S', 'latencyP99S', 'fleetYieldOfOptimum'])
      expect(summary).toHaveProperty(key);
    expect(summary.jobsSubmitted).toBeGreaterThan(0);
    expect(summary.jobsLost).toBe(0);
    expect(summary.doubleCompletions).toBe(0);
    expect(summary.placement).toBe('broker');
    expect(summary.fleetYieldOfOptimum).toBeGreaterThan(0);
    expect(summary.fleetYieldOfOptimum).toBeLessThanOrEqual(1);
    expect(summary.spacecraft).toHaveLength(4);
    expect(run.stdout).toMatch(/jobs \(broker\): \d+ submitted, \d+ placed, \d+ re-placed, \d+ done, \d+ failed, \d+ open, 0 lost, 0 double completions/);
    // The fleet page: each spacecraft's small multiples, a bar per run placed, its contacts.
    const page = readFileSync(join(outDir, 'summary', 'fleet-report.html'), 'utf8');
    expect(run.stdout).toContain(`wrote ${join(outDir, 'summary', 'fleet.json')}, ${join(outDir, 'summary', 'fleet-report.html')}, ${file}`);
    const svgs = plotSvgs(page);
    for (const sc of summary.spacecraft as Array<{ name: string }>) {
      expect(svgs.get(`${sc.name}: state of charge`)).toContain('<title>state of charge, true</title>');
      expect(svgs.get(`${sc.name}: accelerator draw against its caps`)).toContain('<title>power cap</title>');
    }
    expect(count(svgs.get('Job placement')!, /<rect class="run /g)).toBeGreaterThanOrEqual(summary.jobsPlaced);
    expect(count(svgs.get('Station contacts')!, /class="band-contact"/g)).toBeGreaterThan(0);
    const refused = await runBin('mission', ['--placement', 'broker']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--placement is for a fleet run (--fleet SPEC)');
    const bad = await runBin('mission', ['--fleet', 'cluster:2', '--placement', 'random']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--placement "random" is not one of broker, round-robin, least-queued');
  }, 120_000);

  it('refuses what a fleet run cannot take, in one line with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--fleet', 'walker:2/2', '--workers', '0'], /^mission: --workers 0 is not 1\.\.256 \(see: mission --help\)\n$/],
      [['--workers', '2'], /^mission: --workers is for a fleet run \(--fleet SPEC\) \(see: mission --help\)\n$/],
      [
        ['--fleet', 'cluster:3', '--beta-deg', '10'],
        /^mission: --beta-deg is not for a fleet: each spacecraft's orbit comes from the fleet spec \(see: mission --help\)\n$/,
      ],
      [['--fleet', 'walker:0/2'], /^mission: fleet walker:0\/2: .* \(see: mission --help\)\n$/],
      [['--fleet', ''], /^mission: --fleet needs a spec/],
    ];
    for (const [args, message] of cases) {
      const run = await runBin('mission', args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  }, 60_000);
});

describe('the antenna rule in the lock step', () => {
  it('grants each spacecraft at most one station in view and each station at most its antennas, highest first; none without a network', () => {
    const at = (spacecraftId: number, views: [number, number][]) => ({
      spacecraftId,
      timeS: 0,
      jobsDone: 0,
      station: null,
      stored: [],
      report: null,
      views: views.map(([station, elevationDeg]) => ({ station, elevationDeg })),
    });
    const states = [
      at(7, [[0, 30]]),
      at(8, [
        [0, 50],
        [1, 12],
      ]),
      at(9, [[0, 20]]),
      at(10, []),
    ];
    // station 0 has one antenna: spacecraft 8 (50 deg) takes it, 7 and 9 get none, 8's second view is not needed
    expect(stationGrants(states, [1, 1])).toEqual([
      { spacecraftId: 7, station: -1 },
      { spacecraftId: 8, station: 0 },
      { spacecraftId: 9, station: -1 },
      { spacecraftId: 10, station: -1 },
    ]);
    expect(stationGrants(states, [2, 1]).map((grant) => grant.station)).toEqual([0, 0, -1, -1]);
    expect(stationGrants(states, null).map((grant) => grant.station)).toEqual([null, null, null, null]);
  });

  it('the world links only through the station granted, and through none when none is', () => {
    const world = new World({ orbit: DEFAULT_ORBIT_PARAMS, station: DEFAULT_STATION_PARAMS, network: DEFAULT_NETWORK, radiation: DEFAULT_RADIATION_PARAMS });
    let seen = 0;
    for (let timeS = 0; timeS < 86_400 && seen < 3; timeS += 30) {
      world.grantStation(null);
      world.update(timeS);
      const views = world.stationViews();
      expect(world.inContact).toBe(views.length > 0);
      if (views.length === 0) continue;
      seen++;
      const lowest = views.reduce((low, view) => (view.elevationDeg < low.elevationDeg ? view : low));
      world.grantStation(lowest.station);
      world.update(timeS);
      expect(world.inContact).toBe(true);
      expect(world.stationIndex).toBe(lowest.station);
      world.grantStation(-1);
      world.update(timeS);
      expect(world.inContact).toBe(false);
      const unseen = DEFAULT_NETWORK.findIndex((_, i) => !views.some((view) => view.station === i));
      world.grantStation(unseen);
      world.update(timeS);
      expect(world.inContact).toBe(false);
    }
    expect(seen).toBe(3);
    expect(() => world.grantStation(DEFAULT_NETWORK.length)).toThrow(/not -1 or an index/);
  });

  it("gives each simulated spacecraft keys of its own, fixed for replay: a command signed for one is refused by another's", () => {
    expect(campaignKeysFor(DEFAULT_SPACECRAFT_ID)).toBe(CAMPAIGN_KEYS);
    expect(campaignKeysFor(3)).toEqual(campaignKeysFor(3));
    const dictionary = missionDictionary();
    const signed = (keys: LinkKeys) => {
      const built = buildTelecommand(dictionary, {
        name: 'noop',
        args: {},
        keyId: keys.uplink.activeKeyId,
        key: keys.uplink.keys.get(keys.uplink.activeKeyId)!,
        seq: 1n,
        sequenceCount: 1,
        timeS: 0,
      });
      if (!built.ok) throw new Error(built.error);
      return built.value;
    };
    const [one, two] = [campaignKeysFor(1), campaignKeysFor(2)];
    const secrets = [one, two, CAMPAIGN_KEYS].flatMap((keys) =>
      [keys.uplink, keys.downlink].map((set) => Buffer.from(set.keys.get(set.activeKeyId)!).toString('hex')),
    );
    expect(new Set(secrets).size).toBe(6);
    expect(decodeTelecommand(signed(one), { dictionary, keys: one.uplink.keys })).toMatchObject({ ok: true });
    expect(decodeTelecommand(signed(one), { dictionary, keys: two.uplink.keys })).toMatchObject({ ok: false, reason: 'bad-mac' });
  });
});
