import { describe, expect, it } from 'vitest';
import { DEFAULT_FLEET, parseFleet, parseFleetText } from '../../astro/fleet.js';
import { clusterFleet, resolveFleetSpec, sunSynchronousInclinationDeg, walkerFleet } from '../../astro/formations.js';
import { DEFAULT_NETWORK } from '../../astro/network.js';
import { criticalBetaDeg, DEFAULT_ORBIT_PARAMS, nextEclipses, orbitAt, orbitPeriodS, type OrbitParams, sunDirectionEci } from '../../astro/orbit.js';
import { contactWindows } from '../../astro/station.js';
import { sunDirectionAt } from '../../astro/sun.js';
import { formatTle } from '../../astro/tle-format.js';

const elementsOf = (member: { orbit: unknown }): OrbitParams => (member.orbit as { elements: OrbitParams }).elements;

const TLE = formatTle({
  catalogNumber: 70001,
  epochS: 0,
  inclinationDeg: 97.6,
  raanDeg: 10,
  eccentricity: 0.001,
  argumentOfPerigeeDeg: 0,
  meanAnomalyDeg: 0,
  meanMotionRevPerDay: 15.05,
});

describe('fleets and formations', () => {
  it('cluster:81 stays within 1 km over an orbit, in a dawn-dusk sun-synchronous orbit near 650 km in constant sunlight', () => {
    const fleet = clusterFleet(81);
    expect(fleet.map((m) => m.spacecraftId)).toEqual(Array.from({ length: 81 }, (_, i) => i + 1));
    const orbits = fleet.map(elementsOf);
    for (const orbit of orbits) {
      expect(orbit.altitudeKm).toBe(650);
      expect(orbit.inclinationDeg).toBeCloseTo(97.99, 1);
      // Dawn-dusk: the sun near the orbit normal, above beta*, so no eclipse (2026-01-01: beta = 90 - (i - 90) - 23.0 = 75 deg).
      expect(orbit.betaDeg).toBeGreaterThan(criticalBetaDeg(orbit));
      expect(nextEclipses(orbit, 0, 1)).toEqual([]);
      // One sun for every member: the sun each member's elements imply is the sun of the date.
      const sun = sunDirectionEci(orbit);
      const real = sunDirectionAt(0);
      expect(sun.x * real.x + sun.y * real.y + sun.z * real.z).toBeCloseTo(1, 12);
    }
    const periodS = orbitPeriodS(orbits[0]!);
    let widestKm = 0;
    let closestKm = Number.POSITIVE_INFINITY;
    for (let timeS = 0; timeS <= periodS; timeS += 30) {
      const positions = orbits.map((orbit) => orbitAt(orbit, timeS).positionEciKm);
      for (let i = 0; i < positions.length; i++) {
        for (let j = i + 1; j < positions.length; j++) {
          const a = positions[i]!;
          const b = positions[j]!;
          const km = Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
          widestKm = Math.max(widestKm, km);
          closestKm = Math.min(closestKm, km);
        }
      }
    }
    expect(widestKm).toBeLessThanOrEqual(1.0);
    expect(widestKm).toBeGreaterThan(0.7);
    // Neighbours never meet: over the poles the rows cross, one stagger (0.66 / 8 / 9 km) apart along track.
    expect(closestKm).toBeGreaterThan(0.009);
  });

  it('the sun-synchronous inclination is 97.4 deg at 500 km and 98.0 deg at 650 km', () => {
    expect(sunSynchronousInclinationDeg(500)).toBeCloseTo(97.4, 1);
    expect(sunSynchronousInclinationDeg(650)).toBeCloseTo(97.99, 1);
  });

  it('walker members see eclipses and stations at different times: walker:3/2 eclipses, walker:2/2 passes', () => {
    const fleet = walkerFleet(2, 2);
    expect(fleet.map((m) => m.name)).toEqual(['walker-1-1', 'walker-1-2', 'walker-2-1', 'walker-2-2']);
    const orbits = fleet.map(elementsOf);
    expect(orbits.map((o) => o.raanDeg)).toEqual([0, 0, -180, -180]);
    expect(orbits.map((o) => o.u0Deg)).toEqual([0, -180, 90, -90]);
    // On 2026-01-01 the second plane of walker:2/2 has the sun 73 deg off its plane, beyond beta*: no eclipse at all.
    expect(orbits.map((o) => nextEclipses(o, 0, 1).length)).toEqual([1, 1, 0, 0]);
    const station = DEFAULT_NETWORK.find((s) => s.name === 'Hartebeesthoek')!;
    const firstPass = orbits.map((orbit) => contactWindows(orbit, station, 0, 86_400)[0]?.aosS ?? Number.NaN);
    const firstEclipse = walkerFleet(3, 2)
      .map(elementsOf)
      .map((orbit) => nextEclipses(orbit, 0, 1)[0]?.entryS ?? Number.NaN);
    for (const times of [firstEclipse, firstPass]) {
      expect(times.every(Number.isFinite)).toBe(true);
      const sorted = [...times].sort((a, b) => a - b);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThan(60);
    }
  });

  it('resolves a fleet spec: cluster:N, walker:P/S or a file, and refuses a malformed one naming the forms', () => {
    const read = (path: string) => {
      if (path === 'fleet.json') return JSON.stringify({ spacecraft: [{ name: 'a', spacecraftId: 7, orbit: { elements: { altitudeKm: 600 } } }] });
      throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    };
    expect(resolveFleetSpec('cluster:3', read)).toMatchObject({ ok: true, fleet: [{ name: 'cluster-1' }, { name: 'cluster-2' }, { name: 'cluster-3' }] });
    expect(resolveFleetSpec('walker:3/4', read)).toMatchObject({ ok: true, fleet: { length: 12 } });
    expect(resolveFleetSpec('fleet.json', read)).toEqual({
      ok: true,
      fleet: [{ name: 'a', spacecraftId: 7, orbit: { elements: { ...DEFAULT_ORBIT_PARAMS, altitudeKm: 600 } }, overrides: {} }],
    });
    expect(resolveFleetSpec('cluster:0', read)).toEqual({ ok: false, problems: ['fleet cluster:0: the cluster size is not 1..1023'] });
    expect(resolveFleetSpec('walker:40/40', read)).toEqual({
      ok: false,
      problems: ['fleet walker:40/40: planes and members per plane must be >= 1 and at most 1023 in all'],
    });
    expect(resolveFleetSpec('walker:2', read)).toEqual({ ok: false, problems: ['fleet walker:2: write cluster:N or walker:PLANES/PER_PLANE'] });
    expect(resolveFleetSpec('missing.json', read)).toEqual({ ok: false, problems: ['fleet file missing.json cannot be read: ENOENT'] });
  });

  it('a fleet file is checked whole, with clear errors: shape, orbits, TLE checksums, names and spacecraft ids unique', () => {
    const member = (name: string, spacecraftId: number, orbit: unknown = { elements: {} }) => ({ name, spacecraftId, orbit });
    expect(parseFleet({ spacecraft: [member('a', 1), member('b', 2, { tle: TLE })] })).toMatchObject({
      ok: true,
      fleet: [{ name: 'a' }, { name: 'b', orbit: { tle: TLE } }],
    });
    expect(parseFleetText('[', 'f.json')).toEqual({ ok: false, problems: [expect.stringMatching(/^f\.json is not JSON/)] });
    expect(parseFleet({ spacecraft: [member('a', 1024)] })).toEqual({ ok: false, problems: ['fleet file.spacecraft.0.spacecraftId must be <= 1023'] });
    expect(parseFleet({ spacecraft: [member('a b', 1)] })).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^fleet file\.spacecraft\.0\.name must match pattern/)],
    });
    expect(parseFleet({ spacecraft: [member('a', 1, { elements: { heightKm: 500 } })] })).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^fleet file\.spacecraft\.0\.orbit/)],
    });
    expect(parseFleet({ spacecraft: [{ ...member('a', 1), colour: 'red' }] })).toEqual({
      ok: false,
      problems: ['fleet file.spacecraft.0.colour is not a known name'],
    });
    const badTle = { tle: { ...TLE, line2: `${TLE.line2.slice(0, 68)}${(Number(TLE.line2[68]) + 1) % 10}` } };
    expect(parseFleet({ spacecraft: [member('a', 1, { elements: { altitudeKm: 50 } }), member('a', 1), member('c', 3, badTle)] }, 'f.json')).toEqual({
      ok: false,
      problems: [
        'f.json a: orbit altitudeKm 50 is not 100..50000 km',
        'f.json: the name a is given twice',
        "f.json a: spacecraft id 1 is a's already",
        expect.stringMatching(/^f\.json c: TLE line 2 checksum is \d, the line sums to \d$/),
      ],
    });
    expect(DEFAULT_FLEET).toHaveLength(1);
    expect(elementsOf(DEFAULT_FLEET[0]!)).toEqual(DEFAULT_ORBIT_PARAMS);
  });
});
