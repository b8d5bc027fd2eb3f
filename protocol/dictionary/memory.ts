import { boolean, choice, integer, number, text } from './fields.js';
import type { SubsystemDef } from './types.js';

export const MEMORY_REGIONS = ['hbm', 'ram'] as const;
export const SCRUB_POLICIES = ['adaptive', 'fixed'] as const;

const region = choice(MEMORY_REGIONS, 'Region');
const count = (description: string) => integer(description, { min: 0 });
const perDay = (description: string) => number(description, { min: 0, unit: '1/d' });
const pct = (description: string) => number(description, { min: 0, max: 100, unit: '%' });

export const memory = {
  name: 'memory',
  apid: 0x040,
  description: 'ECC scrubbing watchdog: patrol scrub, error trending, page retirement, accelerator watchdog',
  commands: [
    {
      name: 'set_scrub_interval',
      opcode: 0x0400,
      description: 'Set the nominal time to patrol-scrub every region once (parameter memory.scrubIntervalS).',
      hazardous: false,
      role: 'operator',
      args: { scrubIntervalS: number('Full-pass interval', { min: 60, max: 604800, unit: 's' }) },
    },
    {
      name: 'force_scrub',
      opcode: 0x0401,
      description: 'Start a full scrub pass of a region now, at the fastest rate the budget allows.',
      hazardous: false,
      role: 'operator',
      args: { region },
    },
    {
      name: 'clear_error_counters',
      opcode: 0x0402,
      description: 'Zero the corrected and uncorrectable counters.',
      hazardous: false,
      role: 'operator',
      args: {},
    },
    {
      name: 'set_scrub_policy',
      opcode: 0x0403,
      description: 'Adaptive: the pass interval shortens with the observed upset rate down to the minimum; fixed: always the nominal interval.',
      hazardous: false,
      role: 'operator',
      args: {
        policy: choice(SCRUB_POLICIES, 'Scrub policy'),
        scrubIntervalMinS: number('Shortest full-pass interval (parameter memory.scrubIntervalMinS)', { min: 10, max: 86400, unit: 's', optional: true }),
      },
    },
    {
      name: 'release_accelerator',
      opcode: 0x0404,
      description: 'Withdraw the failed verdict on the accelerator: release the rail inhibit and resume the heartbeat watchdog with a fresh reset count.',
      hazardous: false,
      role: 'operator',
      args: {},
    },
  ],
  telemetry: [
    {
      name: 'memory_hk',
      id: 0x0400,
      class: 'housekeeping',
      description: 'Memory housekeeping.',
      fields: {
        correctedCount: count('Corrected errors since cleared, all regions'),
        uncorrectableCount: integer('Uncorrectable errors since cleared, all regions', { min: 0, limits: { yellowHigh: 1, redHigh: 10 } }),
        correctedPerDay: perDay('Corrected-error rate, trended, all regions'),
        scrubProgressPct: pct('Progress of the current patrol passes, all regions by size'),
        retiredPages: count('Pages retired, all regions'),
        acceleratorResets: count('Accelerator resets after a hang'),
        hbmCorrectedCount: count('HBM corrected errors since cleared'),
        ramCorrectedCount: count('RAM corrected errors since cleared'),
        hbmUncorrectableCount: count('HBM uncorrectable errors since cleared'),
        ramUncorrectableCount: count('RAM uncorrectable errors since cleared'),
        hbmCorrectedPerDay: perDay('HBM corrected-error rate, exponentially weighted'),
        ramCorrectedPerDay: perDay('RAM corrected-error rate, exponentially weighted'),
        hbmQuietPerDay: perDay('HBM quiet (baseline) corrected-error rate'),
        ramQuietPerDay: perDay('RAM quiet (baseline) corrected-error rate'),
        hbmScrubProgressPct: pct('Progress of the HBM patrol pass'),
        ramScrubProgressPct: pct('Progress of the RAM patrol pass'),
        hbmScrubIntervalS: number('HBM full-pass interval in force', { min: 0, unit: 's' }),
        ramScrubIntervalS: number('RAM full-pass interval in force', { min: 0, unit: 's' }),
        hbmScrubPasses: count('HBM patrol passes completed since boot'),
        ramScrubPasses: count('RAM patrol passes completed since boot'),
        hbmRetiredPages: count('HBM pages retired'),
        ramRetiredPages: count('RAM pages retired'),
        retiredPagesDropped: count('Retirements not kept in the persisted list because it was full'),
        errorLogDropped: count('Controller error-log records lost since boot'),
        scrubPolicy: choice(SCRUB_POLICIES, 'Scrub policy'),
        scrubBudgetLimited: boolean('The bandwidth or power budget holds scrubbing below the wanted rate'),
        computePaused: boolean('Compute is asked to pause for a radiation storm'),
        acceleratorFailed: boolean('The accelerator is declared failed and its rail inhibited'),
        checksGood: boolean('This module answers its health ping'),
      },
    },
  ],
  events: [
    {
      name: 'uncorrectable_error',
      id: 0x0480,
      severity: 'error',
      message: 'uncorrectable error in {region} page {page} (found by {during}, job {jobId}): page retired',
      args: {
        region,
        page: integer('Page number', { min: 0 }),
        during: choice(['scrub', 'read'], 'Found by a patrol scrub or a read of job data'),
        jobId: integer('Job whose buffer holds the word, 0 for none', { min: 0, max: 0xffffffff }),
      },
    },
    {
      name: 'upset_rate_high',
      id: 0x0481,
      severity: 'warning',
      message: 'upset rate {correctedPerDay}/d in {region}, {factor} times the quiet rate',
      args: { region, correctedPerDay: perDay('Rate'), factor: number('Rate over the quiet rate', { min: 0 }) },
    },
    {
      name: 'upset_rate_normal',
      id: 0x0482,
      severity: 'info',
      message: 'upset rate back to {correctedPerDay}/d in {region}',
      args: { region, correctedPerDay: perDay('Rate') },
    },
    {
      name: 'compute_pause',
      id: 0x0483,
      severity: 'warning',
      message: 'compute paused {paused} (radiation storm: {factor} times the quiet rate)',
      args: { paused: boolean('Compute is asked to pause'), factor: number('Highest rate over its quiet rate', { min: 0 }) },
    },
    {
      name: 'accelerator_reset',
      id: 0x0484,
      severity: 'warning',
      message: 'accelerator heartbeat stopped for {stalledS} s ({state}): reset {resets}',
      args: {
        stalledS: number('Time without a heartbeat', { min: 0, unit: 's' }),
        state: text('Device state', { maxLength: 16 }),
        resets: integer('Resets after a hang', { min: 1 }),
      },
    },
    {
      name: 'accelerator_failed',
      id: 0x0485,
      severity: 'critical',
      message: 'accelerator failed ({detail}) after {resets} resets: rail inhibited',
      args: { detail: text('Why', { maxLength: 120 }), resets: count('Resets without recovery') },
    },
    {
      name: 'retired_pages_resent',
      id: 0x0486,
      severity: 'warning',
      message: '{region} controller holds {held} retired pages, the list {listed}: list sent again',
      args: { region, held: count('Retired pages the controller reports'), listed: count('Pages in the persisted list') },
    },
    {
      name: 'scrub_stalled',
      id: 0x0487,
      severity: 'error',
      message: '{region} patrol scrub made no progress for {stalledS} s',
      args: { region, stalledS: number('Time without progress', { min: 0, unit: 's' }) },
    },
  ],
} as const satisfies SubsystemDef;
