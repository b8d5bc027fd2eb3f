/**
 * Latch-up protection of one rail: a current over the threshold for longer
 * than the trip time switches the rail off; it is held off, then allowed on
 * again. Every trip is counted; trips within the window (a bounded list of
 * their times) beyond the limit disable a non-essential rail until the
 * counters are reset. An essential rail is only ever power-cycled.
 */

export type LatchupPhase = 'watching' | 'holding-off' | 'disabled';

export interface RailProtection {
  phase: LatchupPhase;
  /** Time the current has been over the threshold. */
  overS: number;
  /** End of the hold-off. */
  offUntilS: number;
  /** Trips since the counters were reset. */
  trips: number;
  /** Times of the latest trips, newest last, at most TRIP_TIMES_MAX. */
  tripTimesS: number[];
}

/** Most trips the window remembers: the largest latchupDisableCount. */
export const TRIP_TIMES_MAX = 10;

export interface LatchupSettings {
  readonly latchupTripS: number;
  readonly latchupOffS: number;
  readonly latchupWindowS: number;
  readonly latchupDisableCount: number;
}

export type LatchupOutcome = 'none' | 'tripped' | 'disabled';

export function createRailProtection(): RailProtection {
  return { phase: 'watching', overS: 0, offUntilS: 0, trips: 0, tripTimesS: [] };
}

/**
 * One sample of a rail that is on (railOn false: the rail is off and no
 * current is judged). excessA is the current not explained by the load.
 */
export function stepRailProtection(
  p: RailProtection,
  railOn: boolean,
  excessA: number,
  essential: boolean,
  timeS: number,
  dtS: number,
  settings: LatchupSettings,
  thresholdA: number,
): LatchupOutcome {
  if (p.phase === 'disabled') return 'none';
  if (p.phase === 'holding-off') {
    if (timeS >= p.offUntilS) {
      p.phase = 'watching';
      p.overS = 0;
    }
    return 'none';
  }
  // A reading that is not a number proves nothing either way: it neither trips nor clears.
  if (!Number.isFinite(excessA)) return 'none';
  const over = railOn && excessA > thresholdA;
  p.overS = over ? p.overS + dtS : 0;
  if (!over || p.overS < settings.latchupTripS - 1e-9) return 'none';
  p.trips++;
  p.tripTimesS.push(timeS);
  if (p.tripTimesS.length > TRIP_TIMES_MAX) p.tripTimesS.shift();
  const recent = p.tripTimesS.filter((t) => timeS - t <= settings.latchupWindowS).length;
  p.overS = 0;
  if (!essential && recent >= settings.latchupDisableCount) {
    p.phase = 'disabled';
    return 'disabled';
  }
  p.phase = 'holding-off';
  p.offUntilS = timeS + settings.latchupOffS;
  return 'tripped';
}

export function resetRailProtection(p: RailProtection): void {
  p.phase = 'watching';
  p.overS = 0;
  p.offUntilS = 0;
  p.trips = 0;
  p.tripTimesS.length = 0;
}

/** True while the protection holds the rail off. */
export function protectionHoldsOff(p: RailProtection): boolean {
  return p.phase !== 'watching';
}
