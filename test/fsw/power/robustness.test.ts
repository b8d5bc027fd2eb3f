import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ActuatorRequests } from '../../../fsw/executive/actuators.js';
import { CommandRouter } from '../../../fsw/executive/command-router.js';
import type { ModuleContext } from '../../../fsw/executive/module.js';
import { moduleContext, type DoorEngine } from '../../../fsw/executive/module-door.js';
import { Published } from '../../../fsw/executive/published.js';
import type { SensorFrame } from '../../../fsw/hal/frames.js';
import { createPowerModule } from '../../../fsw/power/power-module.js';
import { dictionary } from '../../helpers/ground.js';
import { powerGround } from './power-stack.js';

const validHousekeeping = dictionary.validator(dictionary.downlink('power_hk')!);

const oddNumber = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -273.15, 0, -1e9, 1e9);

describe('power manager robustness', () => {
  it('never throws, keeps the cap within 0..max and housekeeping valid on any odd sensor value', () => {
    const ground = powerGround({ nominal: true });
    const core = ground.stack.fsw.executive;
    const base = ground.stack.current;
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
          // The power module alone, through a door onto a stand-in executive.
          const engine: DoorEngine = {
            get frame() {
              return frame();
            },
            mode: 'NOMINAL',
            params: core.params,
            actuators,
            published,
            store: core.store,
            router: new CommandRouter(dictionary, () => 'NOMINAL'),
            event: (name: string) => void events.push(name),
            send: () => undefined,
            setMode: () => undefined,
          };
          const module = createPowerModule.create(moduleContext(engine, 'power', undefined) as ModuleContext<'power'>);
          module.boot!();
          for (let i = 0; i < ticks; i++) {
            timeS += 0.1;
            module.step!(0.1);
            const out = actuators.take(true);
            const capW = out.accelerator?.powerCapW ?? 0;
            if (!(capW >= 0 && capW <= 200)) return false;
            if (!(out.chargeCurrentLimitA! >= 0)) return false;
          }
          // Housekeeping stays within its dictionary schema whatever the sensors said.
          if (!validHousekeeping(module.housekeeping!())) return false;
          return module.ping!();
        },
      ),
      { numRuns: 60 },
    );
  });
});
