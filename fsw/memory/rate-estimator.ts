/**
 * The corrected-error rate of a region, exponentially weighted. A patrol
 * scrub that reads pages finds the upsets they gathered since their previous
 * scrub, so each sample is (errors found, exposure in region-seconds: the
 * fraction of the region read times the age of what was read). The estimate
 * is the ratio of the two sums, each decayed with the time constant: an
 * unbiased rate whatever the scrub speed, in errors per region per day.
 */

const SECONDS_PER_DAY = 86_400;
/** Exposure below which there is no rate to speak of, region-seconds. */
export const EXPOSURE_MIN_S = 1e-9;
/** Largest believable sample (errors or region-seconds); larger ones are ignored. */
const SAMPLE_MAX = 1e12;

export interface RateEstimate {
  /** Decayed errors found. */
  errors: number;
  /** Decayed exposure, region-seconds. */
  exposureS: number;
  /** Undecayed exposure since the start (readiness). */
  totalExposureS: number;
}

export function createRateEstimate(): RateEstimate {
  return { errors: 0, exposureS: 0, totalExposureS: 0 };
}

/** Adds one sample after dtS, decaying the older ones with timeConstantS. Non-finite or negative inputs are ignored. */
export function addRateSample(estimate: RateEstimate, errors: number, exposureS: number, dtS: number, timeConstantS: number): void {
  if (Number.isFinite(dtS) && dtS > 0 && timeConstantS > 0) {
    const keep = Math.exp(-dtS / timeConstantS);
    estimate.errors *= keep;
    estimate.exposureS *= keep;
  }
  if (!(errors >= 0 && errors <= SAMPLE_MAX && exposureS >= 0 && exposureS <= SAMPLE_MAX)) return;
  estimate.errors += errors;
  estimate.exposureS += exposureS;
  estimate.totalExposureS += exposureS;
}

/** Enough exposure seen (readyExposureS region-seconds) for the rate to mean something. */
export function rateReady(estimate: RateEstimate, readyExposureS: number): boolean {
  return estimate.totalExposureS >= readyExposureS && estimate.exposureS > EXPOSURE_MIN_S;
}

/** Errors per region per day (0 before any exposure). */
export function ratePerDay(estimate: RateEstimate): number {
  return estimate.exposureS > EXPOSURE_MIN_S ? (estimate.errors / estimate.exposureS) * SECONDS_PER_DAY : 0;
}
