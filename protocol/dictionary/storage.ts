import { choice, integer, scalar, text } from './fields.js';
import type { SubsystemDef } from './types.js';

export const storage = {
  name: 'storage',
  apid: 0x080,
  description: 'Non-volatile records and the parameter table',
  commands: [
    {
      name: 'param_set',
      opcode: 0x0800,
      description: 'Set one parameter (in effect at once; param_save makes it survive a reset).',
      hazardous: false,
      role: 'operator',
      args: { name: text('Parameter name, e.g. power.socFloorPct', { maxLength: 64 }), value: scalar('New value', { maxLength: 64 }) },
    },
    {
      name: 'param_get',
      opcode: 0x0801,
      description: 'Report one parameter in a param_value event.',
      hazardous: false,
      role: 'operator',
      args: { name: text('Parameter name', { maxLength: 64 }) },
    },
    {
      name: 'param_save',
      opcode: 0x0802,
      description: 'Write the parameter table to non-volatile memory.',
      hazardous: false,
      role: 'flight-director',
      args: {},
    },
    {
      name: 'param_load',
      opcode: 0x0803,
      description: 'Replace the table by the one in non-volatile memory (refused whole if invalid).',
      hazardous: false,
      role: 'flight-director',
      args: {},
    },
  ],
  telemetry: [
    {
      name: 'storage_hk',
      id: 0x0800,
      class: 'housekeeping',
      description: 'Storage housekeeping.',
      fields: {
        nvmWrites: integer('Record writes since boot', { min: 0 }),
        nvmWriteFailures: integer('Record writes that failed since boot', { min: 0, limits: { yellowHigh: 1, redHigh: 10 } }),
        corruptSlots: integer('Corrupt record slots seen since boot', { min: 0 }),
        paramsVersion: integer('Changes to the parameter table since boot', { min: 0 }),
        paramsSource: choice(['nvm', 'defaults'], 'Where the parameters came from at boot'),
        paramsUnsaved: integer('Parameter changes since the last save', { min: 0 }),
      },
    },
  ],
  events: [
    {
      name: 'param_changed',
      id: 0x0880,
      severity: 'info',
      message: 'parameter {name} = {value}',
      args: { name: text('Parameter', { maxLength: 64 }), value: text('New value', { maxLength: 64 }) },
    },
    {
      name: 'param_value',
      id: 0x0881,
      severity: 'info',
      message: 'parameter {name} is {value} ({range})',
      args: { name: text('Parameter', { maxLength: 64 }), value: text('Value', { maxLength: 64 }), range: text('Type and range', { maxLength: 120 }) },
    },
    {
      name: 'nvm_problem',
      id: 0x0882,
      severity: 'error',
      message: 'non-volatile record {record}: {detail}',
      args: { record: text('Record', { maxLength: 40 }), detail: text('What happened', { maxLength: 200 }) },
    },
  ],
} as const satisfies SubsystemDef;
