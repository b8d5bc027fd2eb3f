/**
 * Trending of one region's upsets: the corrected-error rate (a rate estimate
 * with rateTimeConstantS), its quiet rate (a second estimate, with the long
 * quietTimeConstantS, fed only while the rate is below half the high threshold, so that a rise
 * cannot drag it along), and the rate as a
 * factor of the quiet rate, which drives the scrub interval, the
 * upset_rate_high event and the storm flag.
 */
import { addRateSample, createRateEstimate, ratePerDay, rateReady, type RateEstimate } from './rate-estimator.js';

export interface TrendSettings {
  readonly rateTimeConstantS: number;
  readonly quietTimeConstantS: number;
  readonly quietRateMinPerDay: number;
  readonly rateHighFactor: number;
}

export interface RegionTrend {
  readonly estimate: RateEstimate;
  readonly quiet: RateEstimate;
  /** upset_rate_high raised and not yet cleared. */
  high: boolean;
}

/** The quiet rate is known after this many rate time constants of exposure. */
export const QUIET_READY_CONSTANTS = 5;

/** Exposure given to a quiet rate restored from non-volatile memory (it weighs like an hour of patrol). */
export const RESTORED_QUIET_EXPOSURE_S = 3600;

export function createRegionTrend(restoredQuietPerDay = Number.NaN): RegionTrend {
  const quiet = createRateEstimate();
  if (Number.isFinite(restoredQuietPerDay) && restoredQuietPerDay >= 0) {
    quiet.exposureS = RESTORED_QUIET_EXPOSURE_S;
    quiet.totalExposureS = RESTORED_QUIET_EXPOSURE_S;
    quiet.errors = (restoredQuietPerDay * RESTORED_QUIET_EXPOSURE_S) / 86_400;
  }
  return { estimate: createRateEstimate(), quiet, high: false };
}

export function trendReady(trend: RegionTrend, settings: TrendSettings): boolean {
  return rateReady(trend.estimate, settings.rateTimeConstantS);
}

/** The quiet rate per day, NaN until known. */
export function quietPerDay(trend: RegionTrend, settings: TrendSettings): number {
  return rateReady(trend.quiet, QUIET_READY_CONSTANTS * settings.rateTimeConstantS) ? ratePerDay(trend.quiet) : Number.NaN;
}

/** The rate over the quiet rate (1 until both are known). */
export function rateFactor(trend: RegionTrend, settings: TrendSettings): number {
  const quiet = quietPerDay(trend, settings);
  if (!trendReady(trend, settings) || Number.isNaN(quiet)) return 1;
  return ratePerDay(trend.estimate) / Math.max(quiet, settings.quietRateMinPerDay);
}

/**
 * One step: a sample (errors found, exposure; exposure null when unknown,
 * then only the decay applies) into the rate, and into the quiet rate unless
 * the rate is high; then the high flag (raised at rateHighFactor, cleared
 * below half of it). Returns 'high' or 'normal' when the flag changes.
 */
export function updateTrend(trend: RegionTrend, errors: number, exposureS: number | null, dtS: number, settings: TrendSettings): 'high' | 'normal' | null {
  const found = exposureS === null ? 0 : errors;
  const exposure = exposureS ?? 0;
  addRateSample(trend.estimate, found, exposure, dtS, settings.rateTimeConstantS);
  const factor = rateFactor(trend, settings);
  const quietNow = !trend.high && factor < settings.rateHighFactor / 2;
  addRateSample(trend.quiet, quietNow ? found : 0, quietNow ? exposure : 0, dtS, settings.quietTimeConstantS);
  if (!trend.high && factor >= settings.rateHighFactor) {
    trend.high = true;
    return 'high';
  }
  if (trend.high && factor < settings.rateHighFactor / 2) {
    trend.high = false;
    return 'normal';
  }
  return null;
}
