/**
 * The memory module's settings, read from the parameter table in one go
 * (once per table version, through fsw/storage's cachedSettings).
 */
import { SCRUB_POLICIES } from '../../protocol/index.js';
import type { ParameterTable } from '../storage/parameters.js';
import { scrubRateSettings, type ScrubRateSettings } from './scrub-rate.js';
import type { TrendSettings } from './upset-trend.js';

export interface MemorySettings {
  readonly trend: TrendSettings;
  readonly rate: ScrubRateSettings;
  readonly scrubPolicy: (typeof SCRUB_POLICIES)[number];
  readonly scrubStallS: number;
  readonly stormFactor: number;
  readonly stormReleaseFraction: number;
  readonly pauseComputeInStorm: boolean;
  readonly heartbeatTimeoutS: number;
  readonly acceleratorResetsMax: number;
  readonly recoveryS: number;
}

export function trendSettings(params: ParameterTable): TrendSettings {
  return {
    rateTimeConstantS: params.getNumber('memory.rateTimeConstantS'),
    quietTimeConstantS: params.getNumber('memory.quietTimeConstantS'),
    quietRateMinPerDay: params.getNumber('memory.quietRateMinPerDay'),
    rateHighFactor: params.getNumber('memory.rateHighFactor'),
  };
}

export function readMemorySettings(params: ParameterTable): MemorySettings {
  return {
    trend: trendSettings(params),
    rate: scrubRateSettings(params),
    scrubPolicy: params.getChoice('memory.scrubPolicy', SCRUB_POLICIES),
    scrubStallS: params.getNumber('memory.scrubStallS'),
    stormFactor: params.getNumber('memory.stormFactor'),
    stormReleaseFraction: params.getNumber('memory.stormReleaseFraction'),
    pauseComputeInStorm: params.getBoolean('memory.pauseComputeInStorm'),
    heartbeatTimeoutS: params.getNumber('memory.heartbeatTimeoutS'),
    acceleratorResetsMax: params.getNumber('memory.acceleratorResetsMax'),
    recoveryS: params.getNumber('memory.recoveryS'),
  };
}
