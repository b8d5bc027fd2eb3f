import { describe, expect, it } from 'vitest';
import { DEFAULT_SPACECRAFT_CONFIG } from '../../../sim-hw/config.js';
import { DEFAULT_ORBIT_PARAMS, orbitAt, orbitPeriodS } from '../../../astro/orbit.js';
import { inSaa } from '../../../sim-hw/world/radiation.js';
import { lookAngles } from '../../../astro/station.js';
import { World } from '../../../sim-hw/world/world.js';

describe('the world of one spacecraft', () => {
  it('gives, at every instant, bit for bit what orbitAt, lookAngles and inSaa compute from the parameters', () => {
    const config = { ...DEFAULT_SPACECRAFT_CONFIG, orbit: { ...DEFAULT_ORBIT_PARAMS, betaDeg: 30, inclinationDeg: 51.6, raanDeg: 40, u0Deg: 10 } };
    const world = new World(config);
    const periodS = orbitPeriodS(config.orbit);
    // Forwards over a day (15 orbits, SAA passes among them), then back in time: the world keeps nothing but its parameters' constants.
    const times = [...Array.from({ length: 6000 }, (_, i) => (i * 15 * periodS) / 6000), 12.5, 0];
    let inSaaSeen = 0;
    for (const timeS of times) {
      world.update(timeS);
      const sample = orbitAt(config.orbit, timeS);
      expect(world.orbit).toEqual(sample);
      expect(world.look).toEqual(lookAngles(sample.positionEciKm, config.station, timeS));
      expect(world.inSaa).toBe(inSaa(config.radiation, sample.subLatDeg, sample.subLonDeg));
      if (world.inSaa) inSaaSeen++;
    }
    expect(inSaaSeen).toBeGreaterThan(0);
  });
});
