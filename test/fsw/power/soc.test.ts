import { describe, expect, it } from 'vitest';
import { ORBIT_S, powerGround, socErrorPct } from './power-stack.js';

describe('state-of-charge estimate against the simulator truth', () => {
  it('survives a computer reset through its record', () => {
    const ground = powerGround({ nominal: true });
    ground.run(600);
    ground.send('arm', { command: 'reset_computer' });
    ground.run(1);
    ground.send('reset_computer');
    ground.run(20);
    expect(ground.stack.starts).toBe(2);
    const started = ground.events('soc_estimate_started').map((event) => event.data.source);
    expect(started).toEqual(['voltage', 'record']);
    const errorPct = socErrorPct(ground);
    console.log(`estimate error after a reset: ${errorPct.toFixed(3)} points`);
    // The record is at most persistPeriodS (10 s) old: at most 10 s of 5 A uncounted (0.14 points of 10 Ah).
    expect(Math.abs(errorPct)).toBeLessThan(0.2);
  });

  it('is pulled back by the open-circuit voltage at rest after a capacity loss it was not told of', () => {
    const ground = powerGround({ scenario: [{ kind: 'battery-capacity-loss', fraction: 0.2, atS: 10 }] });
    const stack = ground.stack;
    let worstPct = 0;
    let worstAtS = 0;
    // The error at the last eclipse entry: the sunlit pass before it charged to full and rested.
    let afterRestPct = Number.NaN;
    let wasSunlit = true;
    while (stack.timeS < 2 * ORBIT_S) {
      stack.tick();
      const errorPct = Math.abs(socErrorPct(ground));
      if (errorPct > worstPct) {
        worstPct = errorPct;
        worstAtS = stack.timeS;
      }
      const sunlit = stack.spacecraft.truth().sunlit;
      if (wasSunlit && !sunlit) afterRestPct = errorPct;
      wasSunlit = sunlit;
    }
    console.log(
      `capacity loss of 20 % unknown to the estimator: worst error ${worstPct.toFixed(2)} points at ${worstAtS.toFixed(0)} s, ${afterRestPct.toFixed(3)} points after the rest at full`,
    );
    expect(worstPct).toBeLessThan(5);
    expect(afterRestPct).toBeLessThan(0.5);
  });
});
