import { boolean, choice, integer, number, text } from './fields.js';
import type { SubsystemDef } from './types.js';

export const RAILS = ['avionics', 'comms', 'heaters', 'payload', 'accelerator'] as const;

export const power: SubsystemDef = {
  name: 'power',
  apid: 0x020,
  description: 'Power manager: state of charge, budget, load shedding, latch-up protection, charge control',
  commands: [
    {
      name: 'set_soc_floor',
      opcode: 0x0200,
      description: 'Set the state-of-charge floor the budget keeps above.',
      hazardous: false,
      args: { floorPct: number('Floor', { min: 20, max: 95, unit: '%' }) },
    },
    {
      name: 'rail_switch',
      opcode: 0x0201,
      description: 'Switch a non-essential rail on or off.',
      hazardous: false,
      args: { rail: choice(RAILS, 'Rail'), on: boolean('On when true') },
    },
    {
      name: 'reset_latchup_counters',
      opcode: 0x0202,
      description: 'Zero the latch-up counters and re-enable rails disabled by repeated latch-ups.',
      hazardous: false,
      args: {},
    },
  ],
  telemetry: [
    {
      name: 'power_hk',
      id: 0x0200,
      class: 'housekeeping',
      description: 'Power housekeeping.',
      fields: {
        socPct: number('Estimated state of charge', { min: 0, max: 100, unit: '%', limits: { yellowLow: 40, redLow: 25 } }),
        busVoltageV: number('Main bus voltage', { unit: 'V', limits: { yellowLow: 26, redLow: 24, yellowHigh: 33, redHigh: 34 } }),
        batteryCurrentA: number('Battery current, positive when charging', { unit: 'A' }),
        arrayCurrentA: number('Solar array current', { min: 0, unit: 'A' }),
        loadPowerW: number('Total load', { min: 0, unit: 'W' }),
        acceleratorCapW: number('Power cap published for the accelerator', { min: 0, unit: 'W' }),
        shedLevel: integer('Load-shedding level, 0 when nothing is shed', { min: 0, max: 8 }),
        latchupCount: integer('Latch-ups since the counters were reset', { min: 0 }),
      },
    },
  ],
  events: [
    {
      name: 'load_shed',
      id: 0x0280,
      severity: 'warning',
      message: 'load shed level {level}: rail {rail} off',
      args: { level: integer('Shedding level', { min: 0, max: 8 }), rail: choice(RAILS, 'Rail switched off') },
    },
    {
      name: 'latchup_tripped',
      id: 0x0281,
      severity: 'warning',
      message: 'latch-up on rail {rail}: {currentA} A, power-cycled',
      args: { rail: choice(RAILS, 'Rail'), currentA: number('Current at trip', { unit: 'A' }) },
    },
    {
      name: 'rail_disabled',
      id: 0x0282,
      severity: 'error',
      message: 'rail {rail} disabled after {count} latch-ups: {detail}',
      args: { rail: choice(RAILS, 'Rail'), count: integer('Latch-ups', { min: 0 }), detail: text('Details', { maxLength: 120 }) },
    },
  ],
};
