import { describe, expect, it } from 'vitest';
import { DEFAULT_FLEET } from '../../../astro/fleet.js';
import { DEFAULT_NETWORK } from '../../../astro/network.js';
import { predictPasses } from '../../../astro/passes.js';
import { MissionClock } from '../../../ground/server/mission-clock.js';
import { PREDICTION_WINDOW_S, RELAY_CONTACT, UNKNOWN_CONTACT, passContact } from '../../../ground/server/uplink-contact.js';

describe('what the ground knows of a spacecraft it commands', () => {
  it('is in view exactly during the passes predicted over the network, through their station, with the next pass named, across prediction windows', () => {
    const member = DEFAULT_FLEET[0]!;
    const contact = passContact(member, DEFAULT_NETWORK);
    const endS = 3 * PREDICTION_WINDOW_S;
    const passes = predictPasses([member], DEFAULT_NETWORK, 0, endS + PREDICTION_WINDOW_S);
    expect(passes.length).toBeGreaterThan(5);
    const nearEdge = (timeS: number) => passes.some((pass) => Math.abs(pass.aosS - timeS) < 1 || Math.abs(pass.losS - timeS) < 1);
    let inView = 0;
    for (let timeS = 0; timeS < endS; timeS += 20) {
      if (nearEdge(timeS)) continue;
      const current = passes.filter((pass) => pass.aosS <= timeS && timeS < pass.losS);
      const view = contact.at(timeS);
      expect(view.inView, `at ${timeS} s`).toBe(current.length > 0);
      if (current.length > 0) {
        inView++;
        expect(current.map((pass) => pass.station)).toContain(view.station);
      } else {
        const next = passes.find((pass) => pass.aosS > timeS)!;
        expect(view.nextPass, `at ${timeS} s`).toMatchObject({ station: next.station });
        expect(Math.abs(view.nextPass!.aosS - next.aosS)).toBeLessThan(1);
      }
    }
    expect(inView).toBeGreaterThan(0);
  });

  it('knows nothing without a mission time; a relay is always in view', () => {
    expect(passContact(DEFAULT_FLEET[0]!, DEFAULT_NETWORK).at(null)).toEqual({ inView: null, station: null, nextPass: null });
    expect(UNKNOWN_CONTACT.at(100)).toEqual({ inView: null, station: null, nextPass: null });
    expect(RELAY_CONTACT.at(null)).toEqual({ inView: true, station: 'relay', nextPass: null });
  });

  it('carries mission time forward at the pace telemetry kept, real time at first, unmoved by older telemetry', () => {
    const clock = new MissionClock();
    expect(clock.at(0)).toBeNull();
    clock.note(100, 0);
    expect(clock.at(1000)).toBe(101);
    clock.note(200, 10_000);
    expect(clock.pace).toBe(10);
    expect(clock.at(11_000)).toBe(210);
    clock.note(150, 12_000);
    expect(clock.at(12_000)).toBe(220);
  });
});
