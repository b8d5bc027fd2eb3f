import { describe, expect, it } from 'vitest';
import { DEFAULT_FLEET } from '../../astro/fleet.js';
import { clusterFleet } from '../../astro/formations.js';
import { DEFAULT_NETWORK, type NetworkStation } from '../../astro/network.js';
import { DEFAULT_ORBIT_PARAMS } from '../../astro/orbit.js';
import { predictPasses } from '../../astro/passes.js';
import { contactWindows } from '../../astro/station.js';

describe('pass prediction', () => {
  it('gives, per spacecraft and station, the contact windows of its orbit, in order of AOS, with the data each can bring down', () => {
    const passes = predictPasses(DEFAULT_FLEET, DEFAULT_NETWORK, 0, 86_400);
    for (const station of DEFAULT_NETWORK) {
      const windows = contactWindows(DEFAULT_ORBIT_PARAMS, station, 0, 86_400);
      const mine = passes.filter((pass) => pass.station === station.name);
      expect(mine.map(({ aosS, losS, maxElevationDeg }) => ({ aosS, losS, maxElevationDeg }))).toEqual(windows);
      for (const pass of mine) expect(pass.downlinkMbit).toBeCloseTo(((pass.losS - pass.aosS) * station.downlinkBps) / 1e6, 9);
    }
    expect(passes.map((pass) => pass.aosS)).toEqual([...passes.map((pass) => pass.aosS)].sort((a, b) => a - b));
    expect(passes.every((pass) => pass.spacecraft === 'ocn-1' && !pass.contended)).toBe(true);
    expect(passes.length).toBeGreaterThan(40);
  });

  it('marks the passes over a station that has fewer antennas than the spacecraft over it at once', () => {
    const fleet = clusterFleet(3);
    const svalbard = DEFAULT_NETWORK.find((s) => s.name === 'Svalbard')!;
    const stations = (antennas: number): NetworkStation[] => [{ ...svalbard, antennas }];
    const crowded = predictPasses(fleet, stations(2), 0, 43_200);
    // A 1 km cluster flies over together: three spacecraft, two antennas, every pass contended.
    expect(crowded.length).toBeGreaterThanOrEqual(3 * 3);
    expect(crowded.every((pass) => pass.contended)).toBe(true);
    expect(predictPasses(fleet, stations(3), 0, 43_200).some((pass) => pass.contended)).toBe(false);
    // One spacecraft alone is never contended, even with one antenna.
    expect(predictPasses(fleet.slice(0, 1), stations(1), 0, 43_200).some((pass) => pass.contended)).toBe(false);
  });
});
