import { boolean, choice, integer, number, text } from './fields.js';
import type { SubsystemDef } from './types.js';

export const THERMAL_ZONES = ['accelerator', 'board', 'battery', 'radiator', 'structure'] as const;
export const HEATER_ZONES = ['board', 'battery'] as const;
/** Where a zone temperature stands against its yellow and red limits (thermal_hk `<zone>Limit`). */
export const LIMIT_LEVELS = ['nominal', 'yellow-low', 'yellow-high', 'red-low', 'red-high'] as const;
/** Rails the thermal controller may ask the power module to keep off. */
export const THERMAL_INHIBIT_RAILS = ['heaters', 'accelerator'] as const;

const limitLevel = (zone: string) => choice(LIMIT_LEVELS, `${zone} against its yellow and red limits`);

export const thermal = {
  name: 'thermal',
  apid: 0x030,
  description: 'Thermal controller: sensor voting, heaters, accelerator thermal management, limits',
  commands: [
    {
      name: 'set_heater_setpoints',
      opcode: 0x0300,
      description: 'Set a heater zone thermostat: on below lowC, off above highC.',
      hazardous: false,
      role: 'operator',
      args: {
        zone: choice(HEATER_ZONES, 'Heater zone'),
        lowC: number('Switch-on temperature', { min: -40, max: 60, unit: 'C' }),
        highC: number('Switch-off temperature', { min: -40, max: 60, unit: 'C' }),
      },
    },
    {
      name: 'heater_override',
      opcode: 0x0301,
      description: 'Force a heater on or off, or return it to its thermostat.',
      hazardous: true,
      role: 'flight-director',
      args: { zone: choice(HEATER_ZONES, 'Heater zone'), state: choice(['on', 'off', 'auto'], 'Forced state') },
    },
    {
      name: 'heater_zone_enable',
      opcode: 0x0302,
      description: 'Enable or disable the thermostat of a heater zone (disabled: heater off).',
      hazardous: false,
      role: 'operator',
      args: { zone: choice(HEATER_ZONES, 'Heater zone'), enabled: boolean('Enabled when true') },
    },
    {
      name: 'set_die_limits',
      opcode: 0x0303,
      description: 'Set where the accelerator cap starts falling (throttleC) and the die limit it must stay under (limitC).',
      hazardous: false,
      role: 'operator',
      args: {
        throttleC: number('Predicted die temperature where throttling starts', { min: 20, max: 120, unit: 'C' }),
        limitC: number('Die limit: the cap is at its minimum when the prediction reaches it', { min: 20, max: 120, unit: 'C' }),
      },
    },
    {
      name: 'clear_sensor_exclusions',
      opcode: 0x0304,
      description: 'Readmit the excluded sensors of a zone (or of all zones); they are judged again from now.',
      hazardous: false,
      role: 'operator',
      args: { zone: choice([...THERMAL_ZONES, 'all'], 'Zone, or all') },
    },
  ],
  telemetry: [
    {
      name: 'thermal_hk',
      id: 0x0300,
      class: 'housekeeping',
      description: 'Thermal housekeeping: voted zone temperatures, excluded sensors, heater duty, accelerator cap, limit states.',
      fields: {
        acceleratorC: number('Accelerator die', { unit: 'C', limits: { yellowHigh: 85, redHigh: 105, yellowLow: -20, redLow: -30 } }),
        boardC: number('Electronics board', { unit: 'C', limits: { yellowLow: -10, redLow: -20, yellowHigh: 50, redHigh: 60 } }),
        batteryC: number('Battery', { unit: 'C', limits: { yellowLow: 5, redLow: 0, yellowHigh: 35, redHigh: 45 } }),
        radiatorC: number('Radiator', { unit: 'C', limits: { yellowLow: -60, redLow: -80, yellowHigh: 70, redHigh: 90 } }),
        structureC: number('Structure', { unit: 'C', limits: { yellowLow: -30, redLow: -40, yellowHigh: 50, redHigh: 60 } }),
        boardHeaterDutyPct: number('Board heater duty', { min: 0, max: 100, unit: '%' }),
        batteryHeaterDutyPct: number('Battery heater duty', { min: 0, max: 100, unit: '%' }),
        excludedSensors: integer('Excluded sensors, bit 3 * zone index + sensor (zones in THERMAL_ZONES order)', { min: 0, max: 32767 }),
        unvotedZones: integer('Zones with no admitted sensor (last voted value held), bit = zone index', { min: 0, max: 31 }),
        acceleratorCapW: number('Accelerator power cap asked by the thermal controller', { min: 0, unit: 'W' }),
        acceleratorTrendCPerMin: number('Trend of the voted die temperature', { unit: 'C/min' }),
        acceleratorLimit: limitLevel('Accelerator die'),
        boardLimit: limitLevel('Board'),
        batteryLimit: limitLevel('Battery'),
        radiatorLimit: limitLevel('Radiator'),
        structureLimit: limitLevel('Structure'),
        acceleratorInhibited: boolean('Accelerator rail inhibit requested (die red limit)'),
        heatersInhibited: boolean('Heaters rail inhibit requested (a heater stuck on)'),
        stuckHeaters: integer('Heaters found stuck on, bit = heater index (board 0, battery 1)', { min: 0, max: 3 }),
        heaterStuckCount: integer('Heater stuck-on detections since boot', { min: 0 }),
      },
    },
  ],
  events: [
    {
      name: 'sensor_excluded',
      id: 0x0380,
      severity: 'warning',
      message: 'zone {zone}: sensor {sensor} excluded ({why})',
      args: {
        zone: choice(THERMAL_ZONES, 'Zone'),
        sensor: integer('Sensor index', { min: 0, max: 7 }),
        why: choice(['stuck', 'out-of-range', 'disagrees'], 'Why'),
      },
    },
    {
      name: 'temperature_limit',
      id: 0x0381,
      severity: 'warning',
      message: 'zone {zone} at {temperatureC} C crossed its {level} limit',
      args: {
        zone: choice(THERMAL_ZONES, 'Zone'),
        temperatureC: number('Voted temperature', { unit: 'C' }),
        level: choice(['yellow', 'red'], 'Limit crossed'),
      },
    },
    {
      name: 'sensor_readmitted',
      id: 0x0382,
      severity: 'info',
      message: 'zone {zone}: sensor {sensor} readmitted',
      args: { zone: choice(THERMAL_ZONES, 'Zone'), sensor: integer('Sensor index', { min: 0, max: 7 }) },
    },
    {
      name: 'heater_stuck',
      id: 0x0383,
      severity: 'error',
      message: 'heater {heater} stuck on at {dutyPct} % with the zone at {temperatureC} C',
      args: {
        heater: choice(HEATER_ZONES, 'Heater'),
        dutyPct: number('Duty the heater reports', { min: 0, max: 100, unit: '%' }),
        temperatureC: number('Voted zone temperature', { unit: 'C' }),
      },
    },
    {
      name: 'rail_inhibit',
      id: 0x0384,
      severity: 'warning',
      message: 'thermal asks rail {rail} kept off: {inhibit} ({reason})',
      args: {
        rail: choice(THERMAL_INHIBIT_RAILS, 'Rail'),
        inhibit: boolean('True: keep the rail off; false: released'),
        reason: text('Why', { maxLength: 80 }),
      },
    },
    {
      name: 'zone_unvoted',
      id: 0x0385,
      severity: 'error',
      message: 'zone {zone}: no admitted sensor, holding {temperatureC} C',
      args: { zone: choice(THERMAL_ZONES, 'Zone'), temperatureC: number('Last voted temperature', { unit: 'C' }) },
    },
  ],
} as const satisfies SubsystemDef;
