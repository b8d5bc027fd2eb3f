import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ActuatorRequests } from '../../../fsw/executive/actuators.js';
import type { FlightContext } from '../../../fsw/executive/module.js';
import { Published } from '../../../fsw/executive/published.js';
import type { SensorFrame } from '../../../fsw/hal/frames.js';
import { createPowerModule } from '../../../fsw/power/power-module.js';
import { dictionary } from '../../helpers/ground.js';
import { powerGround } from './power-stack.js';

const validHousekeeping = dictionary.validator(dictionary.downlink('power_hk')!);

const oddNumber = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -273.15, 0, -1e9, 1e9);

describe('power manager robustness', () => {
  it('never throws, keeps the cap within 0..max and housekeeping valid on any odd sensor value', () => {
    const g = powerGround({ nominal: true });
    const core = g.stack.fsw.executive;
    const base = g.stack.current;
    fc.assert(
      fc.property(
        fc.record({
          busVoltageV: oddNumber,
          batteryCurrentA: oddNumber,
          arrayAvailableA: oddNumber,
          railCurrentA: oddNumber,
          temperatureC: oddNumber,
          acceleratorPowerW: oddNumber,
        }),
        fc.integer({ min: 1, max: 30 }),
        (odd, ticks) => {
          const module = createPowerModule(core);
          const published = new Published();
          const actuators = new ActuatorRequests();
          const events: string[] = [];
          let timeS = base.timeS;
          const frame = (): SensorFrame => ({
            ...base,
            timeS,
            power: {
              ...base.power,
              busVoltageV: odd.busVoltageV,
              batteryVoltageV: odd.busVoltageV,
              batteryCurrentA: odd.batteryCurrentA,
              arrayAvailableA: odd.arrayAvailableA,
              batteryTemperatureC: odd.temperatureC,
              rails: Object.fromEntries(
                Object.entries(base.power.rails).map(([rail, sensed]) => [rail, { ...sensed, currentA: odd.railCurrentA }]),
              ) as SensorFrame['power']['rails'],
            },
            thermal: { ...base.thermal, sensorsC: { ...base.thermal.sensorsC, battery: [odd.temperatureC, odd.temperatureC, odd.temperatureC] } },
            accelerator: { ...base.accelerator, powerW: odd.acceleratorPowerW },
          });
          const ctx = {
            get frame() {
              return frame();
            },
            get timeS() {
              return timeS;
            },
            mode: 'NOMINAL',
            params: core.params,
            published,
            actuators,
            store: core.store,
            event: (name: string) => void events.push(name),
            downlink: () => undefined,
            requestMode: () => undefined,
          } as unknown as FlightContext;
          module.boot!(ctx);
          for (let i = 0; i < ticks; i++) {
            timeS += 0.1;
            module.step!(ctx, 0.1);
            const out = actuators.take(true);
            const capW = out.accelerator?.powerCapW ?? 0;
            if (!(capW >= 0 && capW <= 200)) return false;
            if (!(out.chargeCurrentLimitA! >= 0)) return false;
          }
          // Housekeeping stays within its dictionary schema whatever the sensors said.
          if (!validHousekeeping(module.housekeeping!(ctx))) return false;
          return module.ping!(ctx);
        },
      ),
      { numRuns: 60 },
    );
  });
});
