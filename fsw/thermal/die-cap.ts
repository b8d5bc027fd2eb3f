/**
 * Accelerator thermal management: the power cap that keeps the die under
 * its limit, lowered before the limit is reached.
 *
 * The voted die temperature is smoothed (first-order, SMOOTHING_TAU_S) and
 * sampled once a second into a short ring; the trend is the slope across
 * the ring (TREND_WINDOW_S). The controller acts on the temperature
 * predicted leadS ahead, predicted = smoothed + trend * leadS:
 *
 *   cap = maxW                               predicted <= throttleC
 *   cap = maxW - (maxW - minW) * (predicted - throttleC) / (limitC - throttleC)
 *   cap = minW                               predicted >= limitC
 *
 * a proportional band on the prediction (proportional-derivative on the
 * temperature). The die dissipates less under a lower cap, so it settles
 * where the band meets the heat the radiator can take, below limitC while
 * the die at minW settles below limitC. At the red limit the cap is 0 and
 * the accelerator rail is inhibited; the inhibit is released when the die
 * cools below redReleaseC.
 */

export interface DieCapParams {
  readonly throttleC: number;
  readonly limitC: number;
  readonly redC: number;
  readonly redReleaseC: number;
  readonly leadS: number;
  readonly maxW: number;
  readonly minW: number;
}

/** Smoothing of the voted die temperature before the trend. */
export const SMOOTHING_TAU_S = 2;
/** Span of the trend: one sample a second, this many seconds apart end to end. */
export const TREND_WINDOW_S = 10;

export interface DieCapState {
  smoothedC: number;
  /** Smoothed samples, one per second, oldest overwritten (bounded: TREND_WINDOW_S + 1). */
  readonly samplesC: number[];
  lastSampleSecond: number;
  trendCPerS: number;
  capW: number;
  redInhibit: boolean;
}

export interface DieCapOutcome {
  readonly capW: number;
  /** The red inhibit changed this tick: true when it began, false when released. */
  readonly redChanged: boolean | null;
}

export function createDieCapState(maxW: number): DieCapState {
  return { smoothedC: Number.NaN, samplesC: [], lastSampleSecond: Number.NaN, trendCPerS: 0, capW: maxW, redInhibit: false };
}

/** Predicted die temperature from the state. */
export function predictedDieC(state: DieCapState, leadS: number): number {
  return state.smoothedC + state.trendCPerS * leadS;
}

/** The cap for a predicted temperature (the proportional band). */
export function capForPrediction(predictedC: number, params: DieCapParams): number {
  const span = params.limitC - params.throttleC;
  const fraction = span > 0 ? (predictedC - params.throttleC) / span : predictedC >= params.limitC ? 1 : 0;
  const clamped = Math.min(1, Math.max(0, fraction));
  return params.maxW - (params.maxW - params.minW) * clamped;
}

/**
 * One step. dieC null (no die temperature at all): the cap goes to its
 * minimum and the trend is forgotten; the red inhibit is kept as it was.
 */
export function stepDieCap(state: DieCapState, dieC: number | null, timeS: number, dtS: number, params: DieCapParams): DieCapOutcome {
  if (dieC === null || !Number.isFinite(dieC)) {
    state.smoothedC = Number.NaN;
    state.samplesC.length = 0;
    state.trendCPerS = 0;
    state.capW = state.redInhibit ? 0 : params.minW;
    return { capW: state.capW, redChanged: null };
  }
  if (Number.isNaN(state.smoothedC)) state.smoothedC = dieC;
  else state.smoothedC += (Math.max(0, dtS) / (SMOOTHING_TAU_S + Math.max(0, dtS))) * (dieC - state.smoothedC);

  const second = Math.floor(timeS);
  if (second !== state.lastSampleSecond) {
    state.lastSampleSecond = second;
    state.samplesC.push(state.smoothedC);
    if (state.samplesC.length > TREND_WINDOW_S + 1) state.samplesC.shift();
    const count = state.samplesC.length;
    state.trendCPerS = count >= 2 ? (state.samplesC[count - 1]! - state.samplesC[0]!) / (count - 1) : 0;
  }

  let redChanged: boolean | null = null;
  if (!state.redInhibit && dieC >= params.redC) {
    state.redInhibit = true;
    redChanged = true;
  } else if (state.redInhibit && state.smoothedC < params.redReleaseC) {
    state.redInhibit = false;
    redChanged = false;
  }
  state.capW = state.redInhibit ? 0 : capForPrediction(predictedDieC(state, params.leadS), params);
  return { capW: state.capW, redChanged };
}
