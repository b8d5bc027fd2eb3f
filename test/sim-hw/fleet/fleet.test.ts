import { describe, expect, it } from 'vitest';
import { DEFAULT_NETWORK } from '../../../astro/network.js';
import { DEFAULT_ORBIT_PARAMS } from '../../../astro/orbit.js';
import { formatTle } from '../../../astro/tle-format.js';
import { fleetConfigs, loadFleet } from '../../../sim-hw/fleet/fleet-configs.js';
import { DEFAULT_SPACECRAFT_CONFIG, Spacecraft } from '../../../sim-hw/index.js';

const TLE = formatTle({
  catalogNumber: 70002,
  epochS: 0,
  inclinationDeg: 97.6,
  raanDeg: 281,
  eccentricity: 0.0002,
  argumentOfPerigeeDeg: 0,
  meanAnomalyDeg: 0,
  meanMotionRevPerDay: 15.05,
});

function file(spacecraft: unknown[]): (path: string) => string {
  return () => JSON.stringify({ spacecraft });
}

describe('the fleet list', () => {
  it("a fleet file becomes every spacecraft's validated configuration: its orbit, the station network, its overrides", () => {
    const read = file([
      {
        name: 'alpha',
        spacecraftId: 10,
        orbit: { elements: { betaDeg: 40 } },
        overrides: { seed: 7, effects: { hbmUpsetsPerBitPerDay: 0 }, power: { battery: { capacityAh: 20 } } },
      },
      { name: 'bravo', spacecraftId: 11, orbit: { tle: TLE } },
    ]);
    const loaded = loadFleet('fleet.json', { readText: read });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const [alpha, bravo] = loaded.fleet;
    expect(alpha!.name).toBe('alpha');
    expect(alpha!.spacecraftId).toBe(10);
    expect(alpha!.config.orbit).toEqual({ ...DEFAULT_ORBIT_PARAMS, betaDeg: 40 });
    expect(alpha!.config.tle).toBeNull();
    expect(alpha!.config.network).toBe(DEFAULT_NETWORK);
    expect(alpha!.config.seed).toBe(7);
    expect(alpha!.config.effects).toEqual({ ...DEFAULT_SPACECRAFT_CONFIG.effects, hbmUpsetsPerBitPerDay: 0 });
    expect(alpha!.config.power.battery).toEqual({ ...DEFAULT_SPACECRAFT_CONFIG.power.battery, capacityAh: 20 });
    expect(alpha!.config.power.array).toBe(DEFAULT_SPACECRAFT_CONFIG.power.array);
    expect(bravo!.config.tle).toEqual(TLE);
    expect(bravo!.config.thermal).toBe(DEFAULT_SPACECRAFT_CONFIG.thermal);
  });

  it('refuses bad overrides, naming the spacecraft, the section and the parameter, and out-of-range results', () => {
    const read = file([
      { name: 'a', spacecraftId: 1, orbit: { elements: {} }, overrides: { colour: 'red', orbit: {}, power: { battery: { sizeL: 3 } }, seed: 'one' } },
      { name: 'b', spacecraftId: 2, orbit: { elements: {} }, overrides: { dtS: 100, effects: { multiBitFraction: 2 } } },
    ]);
    expect(loadFleet('f.json', { readText: read })).toEqual({
      ok: false,
      problems: [
        'a overrides.colour is not a configuration section',
        "a overrides.orbit: the orbit and the stations are the fleet's, not an override",
        'a overrides.power.battery.sizeL is not a known parameter',
        'a overrides.seed must be a number',
        'b: effects multiBitFraction 2 is not in 0..1',
        'b: dtS 100 is not 0.001..10',
      ],
    });
    expect(loadFleet('walker:0/1')).toEqual({ ok: false, problems: [expect.stringMatching(/^fleet walker:0\/1/)] });
  });

  it('every member of a generated fleet builds a spacecraft that flies its own orbit and links through the network', () => {
    const loaded = loadFleet('walker:2/1');
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const tle = fleetConfigs([{ name: 'tle', spacecraftId: 5, orbit: { tle: TLE }, overrides: {} }]);
    if (!tle.ok) throw new Error(tle.problems.join('\n'));
    const crafts = [...loaded.fleet, ...tle.fleet].map((member) => new Spacecraft(member.config));
    let contacts = 0;
    for (let tick = 0; tick < 5000; tick++) {
      for (const craft of crafts) {
        craft.step({ watchdogStroke: true });
        if (craft.truth().inContact) contacts++;
      }
    }
    const truths = crafts.map((craft) => craft.truth());
    expect(truths.map((t) => t.timeS)).toEqual([500, 500, 500].map((s) => expect.closeTo(s, 6)));
    // Three orbits, three places; walker-1-1 rises over Wallops at 435 s.
    expect(new Set(truths.map((t) => t.elevationDeg.toFixed(3))).size).toBe(3);
    expect(contacts).toBeGreaterThan(0);
  });
});
