import { describe, expect, it } from 'vitest';
import { spacecraftConfig } from '../../../sim-hw/config.js';
import type { TimedFault } from '../../../sim-hw/faults/types.js';
import { DEFAULT_LINK_PARAMS } from '../../../sim-hw/link/channel.js';
import { DEFAULT_THERMAL_NETWORK_PARAMS } from '../../../sim-hw/thermal/zones.js';
import { chargeLimit } from '../../../fsw/power/charge-control.js';
import { powerGround, published } from './power-stack.js';

const MAX_A = 5; // power.chargeMaxA
const TAPER_START_PCT = 85; // power.chargeTaperStartPct
const TERMINATION_A = 0.5; // power.chargeTerminationA
const CHARGE_VOLTAGE_MAX_V = 33.6; // power.chargeVoltageMaxV: 8 cells at 4.2 V

describe('charge control against the simulator', () => {
  it('charges at the full limit away from full and tapers the limit near full', () => {
    const ground = powerGround(); // SAFE: the accelerator is off, the array has plenty to spare
    const stack = ground.stack;
    const samples: { socPct: number; limitA: number; currentA: number; voltageV: number }[] = [];
    while (stack.timeS < 1700 && stack.spacecraft.truth().sunlit) {
      const frame = stack.tick();
      samples.push({
        socPct: published(ground, 'power.socPct'),
        limitA: frame.power.chargeCurrentLimitA,
        currentA: frame.power.batteryCurrentA,
        voltageV: frame.power.batteryVoltageV,
      });
    }
    const below = samples.filter((s) => s.socPct < TAPER_START_PCT - 0.1);
    const taper = samples.filter((s) => s.socPct > TAPER_START_PCT + 0.1);
    expect(below.length).toBeGreaterThan(100);
    expect(taper.length).toBeGreaterThan(100);
    // Away from full the limit is the maximum until the pack reaches its charge voltage (then constant voltage).
    expect(below.every((s) => s.limitA <= MAX_A)).toBe(true);
    expect(below.filter((s) => s.voltageV < CHARGE_VOLTAGE_MAX_V - 1).every((s) => s.limitA === MAX_A)).toBe(true);
    // One tick behind: the limit of a frame was set from the estimate of the frame before. The
    // taper is the limit unless the constant-voltage limit is lower (the pack near its charge voltage).
    let tapered = 0;
    for (let i = 1; i < samples.length; i++) {
      const { socPct, voltageV } = samples[i - 1]!;
      if (socPct <= TAPER_START_PCT) continue;
      const expected = Math.max(TERMINATION_A, (MAX_A * (100 - socPct)) / (100 - TAPER_START_PCT));
      expect(samples[i]!.limitA).toBeLessThanOrEqual(expected + 1e-9);
      if (voltageV < CHARGE_VOLTAGE_MAX_V - 1) {
        expect(samples[i]!.limitA).toBeCloseTo(expected, 6);
        tapered++;
      }
    }
    console.log(`charge taper: ${tapered} ticks on the taper, the rest held by the charge voltage`);
    expect(samples.every((s) => s.currentA <= s.limitA + 1e-9)).toBe(true);
    const last = samples.at(-1)!;
    console.log(`charge taper: ${last.socPct.toFixed(2)} % at the end of sunlight, limit ${last.limitA.toFixed(2)} A`);
    expect(last.limitA).toBeLessThan(2);
  });

  it('holds the pack at its charge voltage (constant voltage) instead of pushing the bus over its limit', () => {
    const ground = powerGround(); // SAFE: the array has plenty to spare and the battery charges to full
    const stack = ground.stack;
    let voltageMaxV = 0;
    let busMaxV = 0;
    let limitedByVoltage = 0;
    while (stack.timeS < 1700 && stack.spacecraft.truth().sunlit) {
      const frame = stack.tick();
      voltageMaxV = Math.max(voltageMaxV, frame.power.batteryVoltageV);
      busMaxV = Math.max(busMaxV, frame.power.busVoltageV);
      if (frame.power.batteryVoltageV > CHARGE_VOLTAGE_MAX_V - 0.05) limitedByVoltage++;
    }
    console.log(`constant voltage: battery max ${voltageMaxV.toFixed(3)} V, bus max ${busMaxV.toFixed(3)} V, ${limitedByVoltage} ticks at the charge voltage`);
    expect(limitedByVoltage).toBeGreaterThan(0);
    // One tick of lag at most: a few tens of millivolts over the set point.
    expect(voltageMaxV).toBeLessThan(CHARGE_VOLTAGE_MAX_V + 0.05);
    expect(busMaxV).toBeLessThan(34); // power_hk busVoltageV red limit
  });

  it('tapers linearly from the taper start to the termination current when the voltage allows', () => {
    const settings = {
      chargeMaxA: MAX_A,
      chargeTaperStartPct: TAPER_START_PCT,
      chargeTerminationA: TERMINATION_A,
      chargeMinC: 0,
      chargeMaxC: 45,
      chargeBlindA: 1,
      chargeVoltageMaxV: CHARGE_VOLTAGE_MAX_V,
    };
    const low = { batteryVoltageV: 30, batteryCurrentA: 0, packResistanceOhm: 0.4 };
    expect(chargeLimit(50, 20, settings, low)).toEqual({ limitA: MAX_A, allowed: true, terminated: false });
    expect(chargeLimit(92.5, 20, settings, low).limitA).toBeCloseTo(MAX_A / 2, 9);
    expect(chargeLimit(99.9, 20, settings, low).limitA).toBe(TERMINATION_A);
    // At the charge voltage the constant-voltage limit rules: (Vmax - (V - I R)) / R.
    expect(chargeLimit(50, 20, settings, { batteryVoltageV: 33.6, batteryCurrentA: 2, packResistanceOhm: 0.4 }).limitA).toBeCloseTo(2, 9);
    // The charge ends when the constant-voltage current falls to the termination current, and
    // starts again only when there is room for twice that.
    const atFull = { batteryVoltageV: 33.45, batteryCurrentA: 0, packResistanceOhm: 0.4 };
    expect(chargeLimit(99.9, 20, settings, atFull)).toMatchObject({ limitA: 0, terminated: true });
    const sagged = { batteryVoltageV: 33.35, batteryCurrentA: 0, packResistanceOhm: 0.4 }; // room for 0.625 A
    expect(chargeLimit(99, 20, settings, sagged, false)).toMatchObject({ terminated: false });
    expect(chargeLimit(99, 20, settings, sagged, true)).toMatchObject({ limitA: 0, terminated: true });
    expect(chargeLimit(50, -5, settings, low)).toEqual({ limitA: 0, allowed: false, terminated: false });
  });

  it('does not charge a cold battery', () => {
    const cold = DEFAULT_THERMAL_NETWORK_PARAMS.nodes.map((node) =>
      node.name === 'battery' || node.name === 'structure' ? { ...node, initialTemperatureC: -10 } : node,
    );
    const ground = powerGround({
      config: spacecraftConfig({
        link: { ...DEFAULT_LINK_PARAMS, relay: true, lossProbability: 0 },
        thermal: { ...DEFAULT_THERMAL_NETWORK_PARAMS, nodes: cold },
      }),
    });
    ground.run(120);
    const frame = ground.stack.current;
    expect(ground.stack.spacecraft.truth().sunlit).toBe(true);
    expect(ground.stack.spacecraft.truth().temperaturesC.battery).toBeLessThan(0);
    expect(frame.power.chargeCurrentLimitA).toBe(0);
    expect(frame.power.batteryCurrentA).toBeLessThanOrEqual(0);
    expect(frame.power.arrayAvailableA * frame.power.busVoltageV).toBeGreaterThan(200); // sun to spare, still no charge
    expect(ground.events('charging_changed').map((event) => event.data.state)).toEqual(['inhibited']);
  });

  it('stops charging while the sensors say the battery is cold, and resumes when they do not', () => {
    const offset = (sensor: number): TimedFault => ({ kind: 'sensor-offset', zone: 'battery', sensor, offsetC: -30, atS: 100, durationS: 200 });
    const ground = powerGround({ scenario: [offset(0), offset(1), offset(2)] });
    ground.run(150 - ground.stack.timeS);
    expect(ground.stack.current.power.chargeCurrentLimitA).toBe(0);
    expect(ground.stack.current.power.batteryCurrentA).toBeLessThanOrEqual(0);
    ground.run(200);
    expect(ground.stack.current.power.chargeCurrentLimitA).toBeGreaterThan(0);
    expect(ground.stack.current.power.batteryCurrentA).toBeGreaterThan(0);
    expect(ground.events('charging_changed').map((event) => event.data.state)).toEqual(['inhibited', 'allowed']);
  });
});
