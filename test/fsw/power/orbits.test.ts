import { describe, expect, it } from 'vitest';
import { ORBIT_S, powerGround, published, socErrorPct } from './power-stack.js';

const FLOOR_PCT = 60; // power.socFloorPct default
const BROWNOUT_V = 22; // sim-hw busVoltageBrownoutV

describe('power manager over ten orbits at 550 km, beta 0, accelerator loaded', () => {
  it('keeps the true state of charge above the floor and the bus above brown-out, with the accelerator at the cap', () => {
    const load = { starts: 0 };
    const ground = powerGround({ load, nominal: true });
    const stack = ground.stack;
    let socMinPct = 100;
    let busMinV = Infinity;
    let errorMaxPct = 0;
    let acceleratorJ = 0;
    let overCapW = 0;
    let eclipseErrorMaxS = 0;
    let predictedEntryS = Number.NaN;
    let wasSunlit = stack.spacecraft.truth().sunlit;
    let entries = 0;
    while (stack.timeS < 10 * ORBIT_S) {
      const capBeforeW = published(ground, 'power.acceleratorCapW');
      const frame = stack.tick();
      const truth = stack.spacecraft.truth();
      socMinPct = Math.min(socMinPct, truth.socFraction * 100);
      busMinV = Math.min(busMinV, truth.busVoltageV);
      errorMaxPct = Math.max(errorMaxPct, Math.abs(socErrorPct(ground)));
      acceleratorJ += frame.accelerator.powerW * 0.1;
      // The device is powered at most at the cap the power manager asked for (the limiter's floor: idle + lowest clock).
      overCapW = Math.max(overCapW, frame.accelerator.powerW - Math.max(capBeforeW, 41.1));
      // Eclipse prediction: published time to the next eclipse, checked at each true entry from the second orbit on.
      const inS = published(ground, 'power.eclipseInS');
      if (truth.sunlit && inS > 0) predictedEntryS = stack.timeS + inS + 120; // the prediction holds the 120 s margin back
      if (wasSunlit && !truth.sunlit) {
        entries++;
        if (entries >= 2) eclipseErrorMaxS = Math.max(eclipseErrorMaxS, Math.abs(predictedEntryS - stack.timeS));
      }
      wasSunlit = truth.sunlit;
    }
    const acceleratorMeanW = acceleratorJ / stack.timeS;
    console.log(
      `ten orbits: true SoC min ${socMinPct.toFixed(2)} % (floor ${FLOOR_PCT}), bus min ${busMinV.toFixed(2)} V, ` +
        `SoC estimate worst error ${errorMaxPct.toFixed(4)} points, accelerator mean ${acceleratorMeanW.toFixed(1)} W, ` +
        `eclipse entry predicted within ${eclipseErrorMaxS.toFixed(1)} s, ${entries} eclipses, ${load.starts} job starts`,
    );
    expect(entries).toBeGreaterThanOrEqual(10);
    expect(socMinPct).toBeGreaterThan(FLOOR_PCT);
    expect(busMinV).toBeGreaterThan(BROWNOUT_V);
    expect(stack.spacecraft.truth().counts.brownouts).toBe(0);
    expect(errorMaxPct).toBeLessThan(5);
    expect(overCapW).toBeLessThan(0.5);
    expect(eclipseErrorMaxS).toBeLessThan(5);
    // The accelerator was really loaded: it averaged over half of its 200 W through eclipses.
    expect(acceleratorMeanW).toBeGreaterThan(100);
    expect(stack.fsw.executive.mode).toBe('NOMINAL');
  });
});
