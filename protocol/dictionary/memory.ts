import { choice, integer, number } from './fields.js';
import type { SubsystemDef } from './types.js';

export const MEMORY_REGIONS = ['hbm', 'ram'] as const;

export const memory: SubsystemDef = {
  name: 'memory',
  apid: 0x040,
  description: 'ECC scrubbing watchdog: patrol scrub, error trending, page retirement, accelerator watchdog',
  commands: [
    {
      name: 'set_scrub_interval',
      opcode: 0x0400,
      description: 'Set the nominal time to patrol-scrub every region once.',
      hazardous: false,
      args: { scrubIntervalS: number('Full-pass interval', { min: 60, max: 604800, unit: 's' }) },
    },
    {
      name: 'force_scrub',
      opcode: 0x0401,
      description: 'Start a full scrub pass of a region now.',
      hazardous: false,
      args: { region: choice(MEMORY_REGIONS, 'Region') },
    },
    { name: 'clear_error_counters', opcode: 0x0402, description: 'Zero the corrected and uncorrectable counters.', hazardous: false, args: {} },
  ],
  telemetry: [
    {
      name: 'memory_hk',
      id: 0x0400,
      class: 'housekeeping',
      description: 'Memory housekeeping.',
      fields: {
        correctedCount: integer('Corrected errors since cleared', { min: 0 }),
        uncorrectableCount: integer('Uncorrectable errors since cleared', { min: 0, limits: { yellowHigh: 1, redHigh: 10 } }),
        correctedPerDay: number('Corrected-error rate, trended', { min: 0, unit: '1/d' }),
        scrubProgressPct: number('Progress of the current patrol pass', { min: 0, max: 100, unit: '%' }),
        retiredPages: integer('Pages retired', { min: 0 }),
        acceleratorResets: integer('Accelerator resets after a hang', { min: 0 }),
      },
    },
  ],
  events: [
    {
      name: 'uncorrectable_error',
      id: 0x0480,
      severity: 'error',
      message: 'uncorrectable error in {region} page {page}: page retired',
      args: { region: choice(MEMORY_REGIONS, 'Region'), page: integer('Page number', { min: 0 }) },
    },
    {
      name: 'upset_rate_high',
      id: 0x0481,
      severity: 'warning',
      message: 'upset rate {correctedPerDay}/d in {region}',
      args: { region: choice(MEMORY_REGIONS, 'Region'), correctedPerDay: number('Rate', { min: 0, unit: '1/d' }) },
    },
  ],
};
