import { describe, expect, it } from 'vitest';
import { DEFAULT_NETWORK } from '../../../astro/network.js';
import { DEFAULT_SPACECRAFT_CONFIG } from '../../../sim-hw/config.js';
import { loadFleet } from '../../../sim-hw/fleet/fleet-configs.js';
import { seededConfig, spacecraftSeed } from '../../../sim-hw/fleet/fleet-seed.js';
import { fleetMember } from '../../../sim-hw/fleet/member.js';

const FLEET = JSON.stringify({
  spacecraft: [
    { name: 'alpha', spacecraftId: 10, orbit: { elements: { betaDeg: 40 } } },
    { name: 'bravo', spacecraftId: 11, orbit: { elements: { altitudeKm: 700 } }, overrides: { seed: 7, link: { lossProbability: 0 } } },
  ],
});
const read = () => FLEET;

describe('one member of a fleet', () => {
  it('a member is configured and seeded as the fleet run flies it; a name the fleet does not have is refused naming its spacecraft', () => {
    const fleet = loadFleet('f.json', { readText: read });
    if (!fleet.ok) throw new Error(fleet.problems.join('; '));
    const bravo = fleetMember('f.json', 'bravo', 3, { readText: read });
    if (!bravo.ok) throw new Error(bravo.problems.join('; '));
    const listed = fleet.fleet[1]!;
    expect(bravo.member.name).toBe('bravo');
    expect(bravo.member.spacecraftId).toBe(11);
    // The fleet run's configuration, with the seed the fleet run gives it (mission/fleet/fleet-run.ts seededConfig).
    expect(bravo.member.config).toEqual(seededConfig(listed.config, 3, 11));
    expect(bravo.member.config).toEqual({ ...listed.config, seed: spacecraftSeed(3, 11, 7) });
    expect(bravo.member.config.orbit.altitudeKm).toBe(700);
    expect(bravo.member.config.link.lossProbability).toBe(0);
    expect(bravo.member.config.network).toBe(DEFAULT_NETWORK);
    const alpha = fleetMember('f.json', 'alpha', 3, { readText: read });
    expect(alpha.ok && alpha.member.config.seed).toBe(spacecraftSeed(3, 10, DEFAULT_SPACECRAFT_CONFIG.seed));
    expect(fleetMember('f.json', 'charlie', 3, { readText: read })).toEqual({
      ok: false,
      problems: ['fleet f.json has no spacecraft charlie; its spacecraft: alpha, bravo'],
    });
    const large = fleetMember('walker:4/5', 'nope', 1);
    expect(large.ok ? '' : large.problems[0]).toBe(
      'fleet walker:4/5 has no spacecraft nope; its spacecraft: walker-1-1, walker-1-2, walker-1-3, walker-1-4, walker-1-5, walker-2-1, walker-2-2, walker-2-3, walker-2-4, walker-2-5, walker-3-1, walker-3-2 and 8 more',
    );
  });
});
