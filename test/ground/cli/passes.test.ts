/** `ground passes`: predicted passes for the operator, as text and JSON; bad options refused with exit 2. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NETWORK } from '../../../astro/network.js';
import { DEFAULT_ORBIT_PARAMS } from '../../../astro/orbit.js';
import { contactWindows } from '../../../astro/station.js';
import { runBin } from '../../helpers/cli.js';

describe('ground passes', () => {
  it('prints the passes of the default spacecraft over the default network as a table and as JSON', async () => {
    const text = await runBin('ground', ['passes', '--hours', '6']);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\d+ passes of 1 spacecraft over 7 stations, 2026-01-01T00:00:00Z to 2026-01-01T06:00:00Z$/);
    expect(lines[1]).toMatch(/^AOS\s+LOS\s+duration s\s+max el deg\s+spacecraft\s+station\s+down Mbit/);
    expect(lines.length).toBe(Number(lines[0]!.split(' ')[0]) + 2);

    const json = await runBin('ground', ['passes', '--hours', '24', '--station', 'Svalbard', '--json']);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as {
      passes: { aosS: number; losS: number; maxElevationDeg: number; station: string; aosUtc: string }[];
      stations: string[];
    };
    expect(out.stations).toEqual(['Svalbard']);
    const expected = contactWindows(DEFAULT_ORBIT_PARAMS, DEFAULT_NETWORK[0]!, 0, 86_400);
    expect(out.passes.map(({ aosS, losS, maxElevationDeg }) => ({ aosS, losS, maxElevationDeg }))).toEqual(expected);
    expect(out.passes[0]!.aosUtc).toMatch(/^2026-01-01T\d\d:\d\d:\d\dZ$/);
  });

  it('takes a fleet spec or file, a stations file, --sc, --from and --hours', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'passes-'));
    const fleetFile = join(dir, 'fleet.json');
    const stationsFile = join(dir, 'stations.json');
    writeFileSync(
      fleetFile,
      JSON.stringify({
        spacecraft: [
          { name: 'polar', spacecraftId: 3, orbit: { elements: { inclinationDeg: 90 } } },
          { name: 'low', spacecraftId: 4, orbit: { elements: { inclinationDeg: 10 } } },
        ],
      }),
    );
    writeFileSync(
      stationsFile,
      JSON.stringify({ stations: [{ name: 'Pole', latDeg: 89, lonDeg: 0, altitudeM: 0, minElevationDeg: 5, uplinkBps: 2000, downlinkBps: 1e6, antennas: 1 }] }),
    );
    const run = await runBin('ground', ['passes', '--fleet', fleetFile, '--stations', stationsFile, '--from', '3600', '--hours', '12', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { fromS: number; toS: number; spacecraft: string[]; passes: { spacecraft: string; aosS: number }[] };
    expect(out).toMatchObject({ fromS: 3600, toS: 3600 + 12 * 3600, spacecraft: ['polar', 'low'] });
    // The pole sees the polar orbit every revolution and the 10 deg orbit never.
    expect(out.passes.length).toBeGreaterThanOrEqual(7);
    expect(out.passes.every((pass) => pass.spacecraft === 'polar' && pass.aosS >= 3600)).toBe(true);
    // The same start as an ISO time.
    const iso = await runBin('ground', [
      'passes',
      '--fleet',
      fleetFile,
      '--stations',
      stationsFile,
      '--from',
      '2026-01-01T01:00:00Z',
      '--hours',
      '12',
      '--json',
    ]);
    expect(JSON.parse(iso.stdout)).toEqual(out);
    const walker = await runBin('ground', ['passes', '--fleet', 'walker:2/2', '--sc', 'walker-2-1', '--json']);
    expect(walker.code).toBe(0);
    const walkerOut = JSON.parse(walker.stdout) as { spacecraft: string[]; passes: { spacecraft: string }[] };
    expect(walkerOut.spacecraft).toEqual(['walker-2-1']);
    expect(walkerOut.passes.length).toBeGreaterThan(0);
  });

  it('refuses a bad option, fleet or stations file with one line on stderr and exit 2, an unreadable file with exit 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'passes-'));
    const badStations = join(dir, 'stations.json');
    writeFileSync(
      badStations,
      JSON.stringify({ stations: [{ name: 'X', latDeg: 0, lonDeg: 0, altitudeM: 0, minElevationDeg: 5, uplinkBps: 2000, downlinkBps: 1e6, antennas: 0 }] }),
    );
    const cases: [string[], RegExp, number][] = [
      [['--hours', '0'], /^ground passes: --hours 0 is not a number of hours in \(0, 720\]$/, 2],
      [['--hours', 'soon'], /^ground passes: --hours soon is not a number of hours/, 2],
      [['--from', '-5'], /^ground passes: --from -5: passes are predicted without the server, so give a mission time or an ISO time, not \+S$/, 2],
      [['--from', 'noon'], /^ground passes: --from "noon" is not a time: give mission seconds/, 2],
      [['--from', '2025-12-31T00:00:00Z'], /^ground passes: --from 2025-12-31T00:00:00Z is before the mission epoch$/, 2],
      [['--sc', 'nobody'], /^ground passes: no spacecraft nobody in the fleet \(it has ocn-1\)$/, 2],
      [['--station', 'Atlantis'], /^ground passes: no station Atlantis in the network \(it has Svalbard, Troll, Kiruna, /, 2],
      [['--fleet', 'walker:0/2'], /^ground passes: fleet walker:0\/2: planes and members per plane must be >= 1/, 2],
      [['--fleet', 'cluster:two'], /^ground passes: fleet cluster:two: write cluster:N or walker:PLANES\/PER_PLANE$/, 2],
      [['--stations', badStations], /^ground passes: .*stations\.json stations\[0\]: station X antennas 0 is not 1\.\.64$/, 2],
      [['--bogus'], /^ground passes: unknown option --bogus \(see: ground passes --help\)$/, 2],
      [['--fleet', join(dir, 'missing.json')], /^ground passes: fleet file .*missing\.json cannot be read: ENOENT$/, 3],
      [['--stations', join(dir, 'missing.json')], /^ground passes: stations file .*missing\.json cannot be read: ENOENT$/, 3],
    ];
    for (const [args, message, code] of cases) {
      const run = await runBin('ground', ['passes', ...args]);
      expect(run.code, args.join(' ')).toBe(code);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr.trim(), args.join(' ')).toMatch(message);
    }
    const help = await runBin('ground', ['passes', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ground passes/);
    expect(help.stdout).toMatch(/Exit codes:/);
  });
});
