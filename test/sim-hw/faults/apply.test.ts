import { describe, expect, it } from 'vitest';
import { createAcceleratorState, createMemoryRegionState } from '../../../sim-hw/accelerator/index.js';
import { DEFAULT_SPACECRAFT_CONFIG } from '../../../sim-hw/config.js';
import { createFaultConditions, type FaultTargets } from '../../../sim-hw/faults/apply.js';
import { createDamage, stepLatchups } from '../../../sim-hw/faults/latchups.js';
import { FaultSchedule } from '../../../sim-hw/faults/schedule.js';
import { createPowerState } from '../../../sim-hw/power/power.js';
import { Random } from '../../../sim-hw/random.js';
import { createHeaterState } from '../../../sim-hw/thermal/heaters.js';
import { createTemperatureSensorState } from '../../../sim-hw/thermal/sensors.js';
import { createObcState } from '../../../sim-hw/watchdog/obc.js';
import { createWatchdogState } from '../../../sim-hw/watchdog/watchdog.js';

function targets(): FaultTargets {
  const config = DEFAULT_SPACECRAFT_CONFIG;
  return {
    sensors: createTemperatureSensorState(config.sensors),
    heaters: createHeaterState(),
    power: createPowerState(config.power),
    accelerator: createAcceleratorState(config.accelerator),
    ram: createMemoryRegionState(config.ram),
    obc: createObcState(),
    watchdog: createWatchdogState(),
    latchups: new Map(),
    conditions: createFaultConditions(),
    counts: { hbmUpsets: 0, ramUpsets: 0, logicUpsets: 0, sefis: 0, latchups: 0, faultsInjected: 0 },
    random: Random.fromSeed(1).split('fault-effects'),
    multiBitFraction: config.effects.multiBitFraction,
  };
}

describe('fault effects and their schedule', () => {
  it('starts scenario faults at their times, in time order, and reverts the lasting ones at their end', () => {
    const parts = targets();
    const schedule = new FaultSchedule(parts, [
      { atS: 20, kind: 'heater-stuck', heater: 'battery', state: 'on', durationS: 5 },
      { atS: 10, kind: 'solar-storm', multiplier: 10, durationS: 30 },
      { atS: 10, kind: 'link-outage', durationS: 15 },
      { atS: 12, kind: 'obc-hang', durationS: 3 },
    ]);
    schedule.advance(9.9);
    expect(parts.counts.faultsInjected).toBe(0);
    schedule.advance(10);
    expect(parts.conditions).toEqual({ stormMultiplier: 10, outageUntilS: 25 });
    schedule.advance(12);
    expect(parts.obc.hangUntilS).toBe(15);
    schedule.advance(20);
    expect(parts.heaters.fault.battery).toBe('stuck-on');
    schedule.advance(25);
    expect(parts.heaters.fault.battery).toBe('none');
    expect(parts.conditions.stormMultiplier).toBe(10);
    schedule.advance(40);
    expect(parts.conditions.stormMultiplier).toBe(1);
    expect(parts.counts.faultsInjected).toBe(4);
  });

  it('a latch-up needs a powered rail; on avionics it reboots the computer, elsewhere it draws until the rail is switched off', () => {
    const parts = targets();
    const schedule = new FaultSchedule(parts, []);
    schedule.start({ atS: 0, kind: 'latchup', rail: 'accelerator', extraCurrentA: 3 }, 1);
    expect(parts.counts).toMatchObject({ faultsInjected: 1, latchups: 0 });
    parts.obc.hangUntilS = 50;
    parts.watchdog.sinceStrokeS = 4;
    schedule.start({ atS: 0, kind: 'latchup', rail: 'avionics', extraCurrentA: 3 }, 2);
    expect(parts.obc).toMatchObject({ bootCount: 2, resetCause: 'power-on', hangUntilS: -1 });
    expect(parts.watchdog.sinceStrokeS).toBe(0);
    expect(parts.latchups.size).toBe(0);
    schedule.start({ atS: 0, kind: 'latchup', rail: 'comms', extraCurrentA: 2 }, 3);
    expect(parts.counts.latchups).toBe(2);
    const currentA = { avionics: 0, comms: 0, heaters: 0, payload: 0, accelerator: 0 };
    const damage = createDamage();
    expect(stepLatchups(parts, damage, 10, 0.1, 3.1, currentA).comms).toBe(2);
    parts.power.rails.on.comms = false;
    expect(stepLatchups(parts, damage, 10, 0.1, 3.2, currentA).comms).toBe(0);
    expect(parts.latchups.size).toBe(0);
    expect(damage.reasons).toEqual([]);
  });
});
