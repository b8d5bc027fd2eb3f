/**
 * `sim-hw serve --fleet SPEC --sc NAME [--stations FILE]`: the simulator
 * flies one member of a fleet as the fleet run configures and seeds it, and
 * refuses in one line (exit 2) what makes no sense with a fleet.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_NETWORK } from '../../astro/network.js';
import { parseServeRequest } from '../../sim-hw/cli/serve.js';
import { DEFAULT_SPACECRAFT_CONFIG } from '../../sim-hw/config.js';
import { loadFleet } from '../../sim-hw/fleet/fleet-configs.js';
import { spacecraftSeed } from '../../sim-hw/fleet/fleet-seed.js';
import { runBin } from '../helpers/cli.js';
import { startBin, type RunningProcess } from '../helpers/processes.js';

const started: RunningProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop('SIGKILL')));
});

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');
const dir = mkdtempSync(join(tmpdir(), 'serve-fleet-'));
const STATIONS = [{ name: 'Quito', latDeg: -0.2, lonDeg: -78.5, altitudeM: 2800, minElevationDeg: 10, uplinkBps: 32000, downlinkBps: 256000, antennas: 1 }];
const stationsFile = join(dir, 'stations.json');
writeFileSync(stationsFile, JSON.stringify({ stations: STATIONS }));

describe('npx sim-hw serve --fleet', () => {
  it("flies the member's orbit, the station network and its seed, as the fleet run configures them", async () => {
    const request = parseServeRequest(['--fleet', 'walker:1/2', '--sc', 'walker-1-2', '--seed', '5', '--link', 'relay', '--start-s', '100'])!;
    const base = { ...DEFAULT_SPACECRAFT_CONFIG, startTimeS: 100, link: { ...DEFAULT_SPACECRAFT_CONFIG.link, relay: true } };
    const fleet = loadFleet('walker:1/2', { base });
    if (!fleet.ok) throw new Error(fleet.problems.join('; '));
    const listed = fleet.fleet.find((member) => member.name === 'walker-1-2')!;
    expect(request.member).toEqual({ name: 'walker-1-2', spacecraftId: 2 });
    expect(request.config).toEqual({ ...listed.config, seed: spacecraftSeed(5, 2, DEFAULT_SPACECRAFT_CONFIG.seed) });
    expect(request.config.orbit).toEqual(listed.config.orbit);
    expect(request.config.orbit).not.toEqual(fleet.fleet[0]!.config.orbit);
    expect(request.config.network).toBe(DEFAULT_NETWORK);
    expect(request.config.link.relay).toBe(true);
    expect(request.config.startTimeS).toBe(100);
    // --link station (the default): the best station of the network in view; --stations: that network.
    const own = parseServeRequest(['--fleet', 'walker:1/2', '--sc', 'walker-1-1', '--stations', stationsFile])!;
    expect(own.config.link.relay).toBe(false);
    expect(own.config.network).toEqual(STATIONS);
    expect(own.config.seed).toBe(spacecraftSeed(DEFAULT_SPACECRAFT_CONFIG.seed, 1, DEFAULT_SPACECRAFT_CONFIG.seed));
    // Alone, as before: no member, its own seed.
    const alone = parseServeRequest(['--seed', '5'])!;
    expect([alone.member, alone.config.seed, alone.config.network ?? null]).toEqual([null, 5, null]);

    const sim = startBin('sim-hw', ['serve', '--port', '0', '--control-port', '0', '--fleet', 'walker:1/2', '--sc', 'walker-1-2', '--seed', '5']);
    started.push(sim);
    const [, seed] = await sim.waitFor(
      /hardware on tcp:\/\/127\.0\.0\.1:\d+, control on tcp:\/\/127\.0\.0\.1:\d+, speed 1, seed (\d+), spacecraft walker-1-2 \(id 2\)/,
    );
    expect(Number(seed)).toBe(spacecraftSeed(5, 2, DEFAULT_SPACECRAFT_CONFIG.seed));
  });

  it('refuses the orbit options with --fleet, an unknown --sc naming the members, --sc or --stations without --fleet, each in one line with exit 2', async () => {
    const serve = async (...args: string[]) => {
      const run = await runBin('sim-hw', ['serve', '--port', '0', '--control-port', '0', ...args]);
      return [run.code, lines(run.stderr)];
    };
    const fleet = ['--fleet', 'walker:1/2', '--sc', 'walker-1-1'];
    const orbit =
      "is not for a fleet: each spacecraft's orbit comes from the fleet spec and its stations from the network (--stations) (see: sim-hw serve --help)";
    expect(await serve(...fleet, '--altitude-km', '600')).toEqual([2, [`sim-hw serve: --altitude-km ${orbit}`]]);
    expect(await serve(...fleet, '--beta-deg', '-30')).toEqual([2, [`sim-hw serve: --beta-deg ${orbit}`]]);
    expect(await serve(...fleet, '--inclination-deg', '97')).toEqual([2, [`sim-hw serve: --inclination-deg ${orbit}`]]);
    expect(await serve(...fleet, '--station', '10,20')).toEqual([2, [`sim-hw serve: --station ${orbit}`]]);
    expect(await serve('--fleet', 'walker:1/2', '--sc', 'walker-9-9')).toEqual([
      2,
      ['sim-hw serve: fleet walker:1/2 has no spacecraft walker-9-9; its spacecraft: walker-1-1, walker-1-2 (see: sim-hw serve --help)'],
    ]);
    expect(await serve('--fleet', 'walker:1/2')).toEqual([
      2,
      ['sim-hw serve: --fleet needs --sc NAME, the spacecraft to fly: walker-1-1, walker-1-2 (see: sim-hw serve --help)'],
    ]);
    expect(await serve('--sc', 'walker-1-1')).toEqual([
      2,
      ['sim-hw serve: --sc walker-1-1 names a member of a fleet: give the fleet with --fleet SPEC (see: sim-hw serve --help)'],
    ]);
    expect(await serve('--stations', stationsFile)).toEqual([
      2,
      ['sim-hw serve: --stations is the network of a fleet: give the fleet with --fleet SPEC (alone, --station LAT,LON) (see: sim-hw serve --help)'],
    ]);
    expect(await serve(...fleet, '--stations', '/nonexistent.json')).toEqual([
      2,
      ['sim-hw serve: stations file /nonexistent.json cannot be read (ENOENT) (see: sim-hw serve --help)'],
    ]);
    expect(await serve('--fleet', 'walker:0/2', '--sc', 'a')).toEqual([
      2,
      ['sim-hw serve: fleet walker:0/2: planes and members per plane must be >= 1 and at most 1023 in all (see: sim-hw serve --help)'],
    ]);
  });
});
