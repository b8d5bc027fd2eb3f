import { boolean, choice, integer, list, number, text } from './fields.js';
import type { SubsystemDef } from './types.js';

export const RAILS = ['avionics', 'comms', 'heaters', 'payload', 'accelerator'] as const;
/** Rails the spacecraft cannot live without: switching them is a separate, hazardous command. */
export const ESSENTIAL_RAILS = ['avionics', 'comms'] as const;
/** Rails the power manager switches by the ordinary command, sheds and protects. */
export const SWITCHABLE_RAILS = ['heaters', 'payload', 'accelerator'] as const;

const railLatchups = (rail: string) => integer(`Latch-ups on the ${rail} rail since the counters were reset`, { min: 0 });

export const power = {
  name: 'power',
  apid: 0x020,
  description: 'Power manager: state of charge, budget, load shedding, latch-up protection, charge control',
  commands: [
    {
      name: 'set_soc_floor',
      opcode: 0x0200,
      description: 'Set the state-of-charge floor the budget keeps above (and below which the accelerator is shed).',
      hazardous: false,
      role: 'operator',
      args: { floorPct: number('Floor', { min: 20, max: 95, unit: '%' }) },
    },
    {
      name: 'rail_switch',
      opcode: 0x0201,
      description: 'Switch a non-essential rail on or off (essential rails: essential_rail_switch).',
      hazardous: false,
      role: 'operator',
      args: { rail: choice(RAILS, 'Rail'), on: boolean('On when true') },
    },
    {
      name: 'reset_latchup_counters',
      opcode: 0x0202,
      description: 'Zero the latch-up counters and re-enable rails disabled by repeated latch-ups.',
      hazardous: false,
      role: 'operator',
      args: {},
    },
    {
      name: 'essential_rail_switch',
      opcode: 0x0203,
      description: 'Switch an essential rail (comms; avionics cannot be switched off by the hardware).',
      hazardous: true,
      role: 'flight-director',
      args: { rail: choice(ESSENTIAL_RAILS, 'Essential rail'), on: boolean('On when true') },
    },
    {
      name: 'set_shed_thresholds',
      opcode: 0x0204,
      description: 'Set the load-shedding thresholds: hard floor < payload < heaters < the state-of-charge floor.',
      hazardous: false,
      role: 'operator',
      args: {
        heatersPct: number('Shed the heaters below', { min: 5, max: 95, unit: '%' }),
        payloadPct: number('Shed the payload below', { min: 5, max: 95, unit: '%' }),
        hardFloorPct: number('Request SAFE below', { min: 5, max: 95, unit: '%' }),
        hysteresisPct: number('Restore a level this far above its threshold', { min: 1, max: 20, unit: '%' }),
      },
    },
    {
      name: 'set_latchup_threshold',
      opcode: 0x0205,
      description: 'Set the latch-up threshold of a rail (for the accelerator: current beyond what its reported power explains).',
      hazardous: false,
      role: 'operator',
      args: { rail: choice(['comms', ...SWITCHABLE_RAILS], 'Rail'), thresholdA: number('Threshold', { min: 0.1, max: 50, unit: 'A' }) },
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
        busVoltageV: number('Main bus voltage', { unit: 'V', limits: { yellowLow: 26, redLow: 24, yellowHigh: 33.7, redHigh: 34 } }),
        batteryCurrentA: number('Battery current, positive when charging', { unit: 'A' }),
        arrayCurrentA: number('Solar array current', { min: 0, unit: 'A' }),
        loadPowerW: number('Total load', { min: 0, unit: 'W' }),
        acceleratorCapW: number('Power cap published for the accelerator', { min: 0, unit: 'W' }),
        shedLevel: integer('Load-shedding level, 0 when nothing is shed', { min: 0, max: 8 }),
        latchupCount: integer('Latch-ups since the counters were reset', { min: 0 }),
        batteryTemperatureC: number('Battery temperature used by the estimator and the charge control', { unit: 'C' }),
        arrayAvailableW: number('Power the array could give now', { min: 0, unit: 'W' }),
        baseLoadW: number('Load of every rail but the accelerator (filtered, rising fast)', { min: 0, unit: 'W' }),
        batteryAllowanceW: number('Power the battery may give over the plan without crossing the floor (negative: it must be charged)', { unit: 'W' }),
        budgetW: number('Power the loads may draw this tick: array plus battery allowance', { unit: 'W' }),
        chargeLimitA: number('Charge current limit requested', { min: 0, unit: 'A' }),
        inEclipse: boolean('The array gives nothing (eclipse)'),
        eclipseInS: number('Predicted time to the next eclipse (0 in eclipse or when unknown)', { min: 0, unit: 's' }),
        eclipseLeftS: number('Predicted time left in this eclipse (0 in sunlight)', { min: 0, unit: 's' }),
        eclipseDurationS: number('Predicted eclipse duration', { min: 0, unit: 's' }),
        latchupsComms: railLatchups('comms'),
        latchupsHeaters: railLatchups('heaters'),
        latchupsPayload: railLatchups('payload'),
        latchupsAccelerator: railLatchups('accelerator'),
        railsOff: list(choice(RAILS, 'Rail'), 'Rails the power manager holds off now (shed, latch-up, disabled, inhibited, mode, command)', { maxItems: 5 }),
        railsDisabled: list(choice(RAILS, 'Rail'), 'Rails disabled by repeated latch-ups', { maxItems: 5 }),
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
    {
      name: 'load_restored',
      id: 0x0283,
      severity: 'info',
      message: 'load shed level {level} restored: rail {rail} may be on again',
      args: { level: integer('Shedding level left', { min: 0, max: 8 }), rail: choice(RAILS, 'Rail restored') },
    },
    {
      name: 'soc_hard_floor',
      id: 0x0284,
      severity: 'critical',
      message: 'state of charge {socPct} % below the hard floor {floorPct} %: SAFE requested',
      args: { socPct: number('Estimated state of charge', { unit: '%' }), floorPct: number('Hard floor', { unit: '%' }) },
    },
    {
      name: 'charging_changed',
      id: 0x0285,
      severity: 'warning',
      message: 'charging {state} at battery temperature {temperatureC} C',
      args: { state: choice(['allowed', 'inhibited'], 'Charging'), temperatureC: number('Battery temperature (-273.15: unknown)', { unit: 'C' }) },
    },
    {
      name: 'soc_estimate_started',
      id: 0x0286,
      severity: 'info',
      message: 'state of charge estimate {socPct} % from {source}',
      args: { socPct: number('Estimated state of charge', { unit: '%' }), source: choice(['record', 'voltage'], 'Where the estimate came from') },
    },
  ],
} as const satisfies SubsystemDef;
