/**
 * The thermal controller's parameters (fsw/storage/param-def.ts): set points
 * per heater zone (nominal and survival), sensor voting, the accelerator's
 * throttle and limits, heater stuck-on detection. Read through
 * thermal-settings.ts once per table version, so a param_set takes effect
 * at the next tick.
 */
import type { ParamDef } from '../storage/parameters.js';

const celsius = (name: string, value: number, description: string, min = -60, max = 150): ParamDef => ({
  name,
  type: 'number',
  min,
  max,
  default: value,
  unit: 'C',
  description,
});
const seconds = (name: string, value: number, description: string, min = 0.1, max = 3600): ParamDef => ({
  name,
  type: 'number',
  min,
  max,
  default: value,
  unit: 's',
  description,
});

export const THERMAL_PARAMS: readonly ParamDef[] = [
  celsius('thermal.boardHeaterOnC', 5, 'Board heater switches on below this (NOMINAL)'),
  celsius('thermal.boardHeaterOffC', 10, 'Board heater switches off above this (NOMINAL)'),
  celsius('thermal.batteryHeaterOnC', 10, 'Battery heater switches on below this (NOMINAL)'),
  celsius('thermal.batteryHeaterOffC', 15, 'Battery heater switches off above this (NOMINAL)'),
  celsius('thermal.boardSurvivalOnC', 2, 'Board heater switches on below this (SAFE, BOOT)'),
  celsius('thermal.boardSurvivalOffC', 6, 'Board heater switches off above this (SAFE, BOOT)'),
  celsius('thermal.batterySurvivalOnC', 5, 'Battery heater switches on below this (SAFE, BOOT)'),
  celsius('thermal.batterySurvivalOffC', 9, 'Battery heater switches off above this (SAFE, BOOT)'),
  { name: 'thermal.boardHeaterEnabled', type: 'boolean', default: true, description: 'Board heater thermostat enabled (false: heater off)' },
  { name: 'thermal.batteryHeaterEnabled', type: 'boolean', default: true, description: 'Battery heater thermostat enabled (false: heater off)' },
  {
    name: 'thermal.heaterFailSafeDutyPct',
    type: 'number',
    min: 0,
    max: 100,
    default: 30,
    unit: '%',
    description: 'Heater duty while its zone has no admitted sensor',
  },
  celsius('thermal.sensorMinC', -100, 'Readings below this are out of range (a dead sensor reads -273.15)', -273.15, 0),
  celsius('thermal.sensorMaxC', 200, 'Readings above this are out of range', 50, 500),
  seconds('thermal.sensorStuckS', 5, 'A sensor unchanged this long while every other admitted sensor of its zone moved is stuck'),
  celsius('thermal.sensorDisagreeC', 3, 'A sensor this far from the median of its zone disagrees', 0.2, 50),
  seconds('thermal.sensorDisagreeS', 2, 'Disagreement lasting this long excludes the sensor'),
  seconds('thermal.sensorReadmitS', 60, 'An excluded sensor behaving this long is readmitted'),
  celsius('thermal.acceleratorThrottleC', 75, 'Predicted die temperature where the accelerator cap starts falling', 20, 120),
  celsius('thermal.acceleratorLimitC', 85, 'Die limit: the cap reaches its minimum when the predicted temperature gets there', 20, 120),
  celsius('thermal.acceleratorRedC', 105, 'Die red limit: cap 0 and the accelerator rail inhibited', 20, 150),
  celsius('thermal.acceleratorRedReleaseC', 60, 'The accelerator rail inhibit is released when the die cools below this', 0, 150),
  seconds('thermal.acceleratorLeadS', 60, 'How far ahead the die temperature is predicted from its trend', 0, 600),
  {
    name: 'thermal.acceleratorMaxPowerW',
    type: 'number',
    min: 1,
    max: 5000,
    default: 200,
    unit: 'W',
    description: 'Accelerator power at full load: the cap when no throttling is needed',
  },
  {
    name: 'thermal.acceleratorMinCapW',
    type: 'number',
    min: 0,
    max: 5000,
    default: 40,
    unit: 'W',
    description: 'Lowest cap the throttle asks before the red limit',
  },
  celsius('thermal.heaterStuckMarginC', 2, 'A heater on against a request of 0 is stuck once its zone is this far above its off set point', 0, 30),
  seconds('thermal.heaterStuckS', 10, 'How long the stuck-on signature must last'),
  celsius('thermal.limitHysteresisC', 1, 'A limit state eases only when the temperature is this far back inside', 0, 20),
];
