/** The memory module's parameters (validated ranges, persisted with the parameter table). */
import { SCRUB_POLICIES } from '../../protocol/index.js';
import type { ParamDef } from '../storage/parameters.js';

export const MEMORY_PARAMS: readonly ParamDef[] = [
  { name: 'memory.scrubIntervalS', type: 'number', min: 60, max: 604800, default: 900, unit: 's', description: 'Nominal time to patrol-scrub every region once' },
  { name: 'memory.scrubIntervalMinS', type: 'number', min: 10, max: 86400, default: 60, unit: 's', description: 'Shortest full-pass interval (high upset rates, forced and boot passes)' },
  { name: 'memory.scrubPolicy', type: 'string', enum: SCRUB_POLICIES, default: 'adaptive', description: 'adaptive: the interval shortens with the upset rate; fixed: always the nominal interval' },
  { name: 'memory.scrubBytesPerSMax', type: 'number', min: 1e6, max: 1e11, default: 1073741824, unit: 'B/s', description: 'Scrub read bandwidth budget, all regions together' },
  { name: 'memory.scrubPowerWMax', type: 'number', min: 0.01, max: 100, default: 0.5, unit: 'W', description: 'Scrub power budget, all regions together' },
  { name: 'memory.scrubEnergyJPerGiB', type: 'number', min: 0.001, max: 100, default: 0.1, unit: 'J', description: 'Energy to read and check one GiB (about 12 pJ/bit)' },
  { name: 'memory.scrubStallS', type: 'number', min: 5, max: 3600, default: 30, unit: 's', description: 'Queued scrub pages without progress for this long: the region is stalled' },
  { name: 'memory.rateTimeConstantS', type: 'number', min: 10, max: 86400, default: 120, unit: 's', description: 'Time constant of the corrected-error rate estimate' },
  { name: 'memory.quietTimeConstantS', type: 'number', min: 600, max: 2592000, default: 86400, unit: 's', description: 'Time constant of the quiet (baseline) rate, learned outside high-rate periods' },
  { name: 'memory.quietRateMinPerDay', type: 'number', min: 0.001, max: 1e9, default: 100, unit: '1/d', description: 'Floor of the quiet rate (a region that has seen almost no upsets)' },
  { name: 'memory.rateHighFactor', type: 'number', min: 1.5, max: 1e4, default: 5, description: 'Rate over the quiet rate that raises upset_rate_high (cleared below half of it)' },
  { name: 'memory.stormFactor', type: 'number', min: 2, max: 1e5, default: 150, description: 'Rate over the quiet rate that means a radiation storm (above the SAA, about 75)' },
  { name: 'memory.stormReleaseFraction', type: 'number', min: 0.05, max: 0.95, default: 0.3, description: 'The storm ends when the rate falls below this fraction of the storm threshold' },
  { name: 'memory.pauseComputeInStorm', type: 'boolean', default: false, description: 'Publish memory.computePaused = 1 during a radiation storm' },
  { name: 'memory.heartbeatTimeoutS', type: 'number', min: 0.5, max: 600, default: 3, unit: 's', description: 'A running accelerator whose heartbeat stops this long is reset' },
  { name: 'memory.acceleratorResetsMax', type: 'integer', min: 1, max: 20, default: 3, description: 'Resets without recovery after which the accelerator is declared failed' },
  { name: 'memory.recoveryS', type: 'number', min: 1, max: 3600, default: 30, unit: 's', description: 'Time ready with a live heartbeat that counts as recovered' },
];
