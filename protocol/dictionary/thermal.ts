import { choice, integer, number } from './fields.js';
import type { SubsystemDef } from './types.js';

export const THERMAL_ZONES = ['accelerator', 'board', 'battery', 'radiator', 'structure'] as const;
export const HEATER_ZONES = ['board', 'battery'] as const;

export const thermal: SubsystemDef = {
  name: 'thermal',
  apid: 0x030,
  description: 'Thermal controller: sensor voting, heaters, accelerator thermal management, limits',
  commands: [
    {
      name: 'set_heater_setpoints',
      opcode: 0x0300,
      description: 'Set a heater zone thermostat: on below lowC, off above highC.',
      hazardous: false,
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
      args: { zone: choice(HEATER_ZONES, 'Heater zone'), state: choice(['on', 'off', 'auto'], 'Forced state') },
    },
  ],
  telemetry: [
    {
      name: 'thermal_hk',
      id: 0x0300,
      class: 'housekeeping',
      description: 'Thermal housekeeping: voted zone temperatures and heater duty.',
      fields: {
        acceleratorC: number('Accelerator die', { unit: 'C', limits: { yellowHigh: 85, redHigh: 105, yellowLow: -20, redLow: -30 } }),
        boardC: number('Electronics board', { unit: 'C', limits: { yellowLow: -10, redLow: -20, yellowHigh: 50, redHigh: 60 } }),
        batteryC: number('Battery', { unit: 'C', limits: { yellowLow: 5, redLow: 0, yellowHigh: 35, redHigh: 45 } }),
        radiatorC: number('Radiator', { unit: 'C', limits: { yellowLow: -60, redLow: -80, yellowHigh: 70, redHigh: 90 } }),
        structureC: number('Structure', { unit: 'C' }),
        boardHeaterDutyPct: number('Board heater duty', { min: 0, max: 100, unit: '%' }),
        batteryHeaterDutyPct: number('Battery heater duty', { min: 0, max: 100, unit: '%' }),
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
  ],
};
