import { describe, expect, it } from 'vitest';
import { allocateAntennas, DEFAULT_NETWORK, parseNetwork, parseNetworkText } from '../../astro/network.js';
import { DEFAULT_ORBIT_PARAMS, orbitAt } from '../../astro/orbit.js';
import { contactWindows, DEFAULT_STATION_PARAMS, lookAngles } from '../../astro/station.js';
import { DEFAULT_RADIATION_PARAMS } from '../../sim-hw/world/radiation.js';
import { World } from '../../sim-hw/world/world.js';

describe('the ground-station network', () => {
  it('the default network has real polar and mid-latitude sites, Svalbard as the one default station, and passes its own checks', () => {
    expect(DEFAULT_NETWORK.length).toBeGreaterThanOrEqual(5);
    expect(DEFAULT_NETWORK.filter((s) => Math.abs(s.latDeg) >= 60).length).toBeGreaterThanOrEqual(4);
    expect(DEFAULT_NETWORK.filter((s) => Math.abs(s.latDeg) < 60).length).toBeGreaterThanOrEqual(1);
    expect(DEFAULT_NETWORK.some((s) => s.latDeg < -60)).toBe(true);
    const svalbard = DEFAULT_NETWORK.find((s) => s.name === 'Svalbard')!;
    expect({ ...DEFAULT_STATION_PARAMS }).toEqual({
      name: svalbard.name,
      latDeg: svalbard.latDeg,
      lonDeg: svalbard.lonDeg,
      altitudeM: svalbard.altitudeM,
      minElevationDeg: svalbard.minElevationDeg,
    });
    const result = parseNetwork({ stations: DEFAULT_NETWORK });
    expect(result.ok).toBe(true);
  });

  it('a stations file is checked whole: its shape, every range, names unique, with the place of each problem', () => {
    const good = DEFAULT_NETWORK[1]!;
    expect(parseNetworkText('{"stations": [')).toEqual({ ok: false, problems: [expect.stringMatching(/^stations file is not JSON/)] });
    expect(parseNetwork({ stations: [] })).toEqual({ ok: false, problems: ['stations file.stations must NOT have fewer than 1 items'] });
    expect(parseNetwork({ stations: [{ ...good, antennas: undefined }] })).toEqual({ ok: false, problems: ['stations file.stations.0.antennas is required'] });
    expect(parseNetwork({ stations: [{ ...good, colour: 'red' }] })).toEqual({ ok: false, problems: ['stations file.stations.0.colour is not a known name'] });
    const bad = parseNetwork({ stations: [{ ...good, latDeg: 95, antennas: 0 }, good] }, 'net.json');
    expect(bad).toEqual({
      ok: false,
      problems: [
        'net.json stations[0]: station latDeg 95 is not -90..90 deg',
        'net.json stations[0]: station Troll antennas 0 is not 1..64',
        'net.json: station name Troll is given twice',
      ],
    });
  });

  it('the antenna rule serves the highest views first, one station per spacecraft, at most antennas spacecraft per station', () => {
    // Station 0 has one antenna, station 1 two. Spacecraft 0 and 1 both see station 0; 1 sees it higher.
    const views = [
      { spacecraft: 0, station: 0, elevationDeg: 30 },
      { spacecraft: 1, station: 0, elevationDeg: 40 },
      { spacecraft: 0, station: 1, elevationDeg: 10 },
      { spacecraft: 2, station: 1, elevationDeg: 20 },
      { spacecraft: 3, station: 1, elevationDeg: 20 },
    ];
    // 1 takes station 0 (40 deg); 2 and 3 (20 deg) take station 1's two antennas; 0 is crowded out of both (30 deg at a full station 0, 10 deg at a full station 1).
    expect(allocateAntennas(views, [1, 2], 5)).toEqual([-1, 0, 1, 1, -1]);
    expect(allocateAntennas(views, [1, 3], 5)).toEqual([1, 0, 1, 1, -1]);
    expect(allocateAntennas(views, [2, 2], 5)).toEqual([0, 0, 1, 1, -1]);
    expect(allocateAntennas([], [1], 2)).toEqual([-1, -1]);
  });

  it("the world links through the best station of a network in view, and with one station as the default station's world", () => {
    const one = new World({ orbit: DEFAULT_ORBIT_PARAMS, station: DEFAULT_STATION_PARAMS, radiation: DEFAULT_RADIATION_PARAMS });
    const network = new World({ orbit: DEFAULT_ORBIT_PARAMS, station: DEFAULT_STATION_PARAMS, network: DEFAULT_NETWORK, radiation: DEFAULT_RADIATION_PARAMS });
    const svalbardPasses = contactWindows(DEFAULT_ORBIT_PARAMS, DEFAULT_STATION_PARAMS, 0, 86_400);
    const networkPasses = DEFAULT_NETWORK.map((station) => contactWindows(DEFAULT_ORBIT_PARAMS, station, 0, 86_400));
    let networkContactS = 0;
    let oneContactS = 0;
    for (let timeS = 0.5; timeS < 86_400; timeS += 20) {
      one.update(timeS);
      network.update(timeS);
      const position = orbitAt(DEFAULT_ORBIT_PARAMS, timeS).positionEciKm;
      expect(one.look).toEqual(lookAngles(position, DEFAULT_STATION_PARAMS, timeS));
      expect(one.inContact).toBe(svalbardPasses.some((w) => w.aosS <= timeS && timeS <= w.losS));
      const looks = DEFAULT_NETWORK.map((station) => lookAngles(position, station, timeS));
      const inView = looks.map((look, i) => look.elevationDeg >= DEFAULT_NETWORK[i]!.minElevationDeg);
      expect(network.inContact).toBe(inView.some(Boolean));
      expect(network.inContact).toBe(networkPasses.some((passes) => passes.some((w) => w.aosS <= timeS && timeS <= w.losS)));
      const candidates = network.inContact ? looks.filter((_, i) => inView[i]) : looks;
      expect(network.look.elevationDeg).toBe(Math.max(...candidates.map((look) => look.elevationDeg)));
      expect(network.look).toEqual(looks[network.stationIndex]);
      if (network.inContact) networkContactS += 20;
      if (one.inContact) oneContactS += 20;
    }
    // Seven stations see the polar orbit about three times as long as Svalbard alone.
    expect(networkContactS).toBeGreaterThan(2 * oneContactS);
  });
});
