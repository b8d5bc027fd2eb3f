/**
 * How fast to patrol: each region's full-pass interval (nominal; shorter in
 * proportion to the upset rate over its quiet rate under the adaptive
 * policy, down to the minimum; the minimum for a forced or boot pass), then
 * one scale for all regions so that the total stays within the bandwidth
 * budget and the power budget.
 */
import type { ParameterTable } from '../storage/parameters.js';

const GIB = 1024 ** 3;

export interface ScrubRateSettings {
  readonly nominalS: number;
  readonly minS: number;
  readonly adaptive: boolean;
  readonly bytesPerSMax: number;
  readonly powerWMax: number;
  readonly energyJPerGiB: number;
}

export function scrubRateSettings(params: ParameterTable): ScrubRateSettings {
  return {
    nominalS: params.getNumber('memory.scrubIntervalS'),
    minS: params.getNumber('memory.scrubIntervalMinS'),
    adaptive: params.getString('memory.scrubPolicy') === 'adaptive',
    bytesPerSMax: params.getNumber('memory.scrubBytesPerSMax'),
    powerWMax: params.getNumber('memory.scrubPowerWMax'),
    energyJPerGiB: params.getNumber('memory.scrubEnergyJPerGiB'),
  };
}

/** The interval wanted for one region, given its rate factor (rate over quiet rate). */
export function wantedIntervalS(settings: ScrubRateSettings, rateFactor: number, forced: boolean): number {
  const minS = Math.min(settings.minS, settings.nominalS);
  if (forced) return minS;
  if (!settings.adaptive || !(rateFactor > 1)) return settings.nominalS;
  return Math.max(minS, settings.nominalS / rateFactor);
}

/** The scrub bandwidth the budgets allow, all regions together. */
export function allowedBytesPerS(settings: ScrubRateSettings): number {
  return Math.min(settings.bytesPerSMax, (settings.powerWMax / settings.energyJPerGiB) * GIB);
}

/** The factor (at most 1) that brings the wanted bandwidth within the budgets. */
export function budgetScale(settings: ScrubRateSettings, wantedBytesPerS: number): number {
  if (!(wantedBytesPerS > 0)) return 1;
  return Math.min(1, allowedBytesPerS(settings) / wantedBytesPerS);
}
