import { describe, expect, it } from 'vitest';
import { spacecraftConfig } from '../../../sim-hw/config.js';
import { DEFAULT_LINK_PARAMS } from '../../../sim-hw/link/channel.js';
import { DEFAULT_POWER_PARAMS } from '../../../sim-hw/power/power.js';
import { ORBIT_S, powerGround, published } from './power-stack.js';

/** A battery small enough that one eclipse with the comms transmitter on drains it past the hard floor. */
const SMALL_AH = 1.3;

function smallBattery() {
  const ground = powerGround({
    nominal: true,
    config: spacecraftConfig({
      link: { ...DEFAULT_LINK_PARAMS, relay: true, lossProbability: 0 },
      power: { ...DEFAULT_POWER_PARAMS, battery: { ...DEFAULT_POWER_PARAMS.battery, capacityAh: SMALL_AH } },
    }),
  });
  ground.send('param_set', { name: 'power.batteryCapacityAh', value: SMALL_AH });
  ground.run(1);
  return ground;
}

describe('load shedding and the hard floor against the simulator', () => {
  it('sheds accelerator, heaters, payload in that order, restores in reverse with hysteresis, and sends the spacecraft to SAFE at the hard floor', () => {
    const ground = smallBattery();
    const stack = ground.stack;
    const transitions: { level: number; socPct: number; timeS: number }[] = [];
    let level = 0;
    let deepest: Record<string, boolean> | null = null;
    while (stack.timeS < 1.28 * ORBIT_S) {
      // one eclipse and the recharge after it
      stack.tick();
      ground.collect();
      const now = published(ground, 'power.shedLevel');
      if (now !== level) {
        transitions.push({ level: now, socPct: published(ground, 'power.socPct'), timeS: stack.timeS });
        level = now;
      }
      if (level === 3 && deepest === null && stack.timeS > transitions.at(-1)!.timeS + 1) {
        const rails = stack.current.power.rails;
        deepest = {
          accelerator: rails.accelerator.on,
          heaters: rails.heaters.on,
          payload: rails.payload.on,
          comms: rails.comms.on,
          avionics: rails.avionics.on,
        };
      }
    }
    console.log(`shed transitions: ${transitions.map((t) => `level ${t.level} at ${t.socPct.toFixed(2)} % (${t.timeS.toFixed(0)} s)`).join(', ')}`);
    expect(transitions.map((t) => t.level)).toEqual([1, 2, 3, 2, 1, 0]);
    // Shed as the estimate falls through each threshold (60, 45, 35 %), restored 5 points above it (40, 50, 65 %).
    const [shed1, shed2, shed3, restore3, restore2, restore1] = transitions;
    expect(shed1!.socPct).toBeGreaterThan(59.5);
    expect(shed1!.socPct).toBeLessThan(60);
    expect(shed2!.socPct).toBeLessThan(45);
    expect(shed3!.socPct).toBeLessThan(35);
    expect(restore3!.socPct).toBeGreaterThan(40);
    expect(restore3!.socPct).toBeLessThan(41);
    expect(restore2!.socPct).toBeGreaterThan(50);
    expect(restore1!.socPct).toBeGreaterThan(65);
    expect(deepest).toEqual({ accelerator: false, heaters: false, payload: false, comms: true, avionics: true });
    expect(ground.events('load_shed').map((event) => event.data.rail)).toEqual(['accelerator', 'heaters', 'payload']);
    expect(ground.events('load_restored').map((event) => event.data.rail)).toEqual(['payload', 'heaters', 'accelerator']);
    // The hard floor (20 %) sent the node to SAFE, once; the ground brings it back.
    expect(ground.events('soc_hard_floor')).toHaveLength(1);
    expect(ground.events('soc_hard_floor')[0]!.data.socPct as number).toBeLessThan(20);
    expect(ground.events('mode_changed').map((event) => event.data.to)).toEqual(['SAFE', 'NOMINAL', 'SAFE']);
    expect(stack.fsw.executive.mode).toBe('SAFE');
    expect(stack.spacecraft.truth().counts.brownouts).toBe(0);
  });
});
