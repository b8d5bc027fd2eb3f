/**
 * Eclipse watch and prediction from the observed sun history: the array's
 * available current falls to about nothing in the Earth's shadow. Entries and
 * exits are remembered; the period comes from two successive entries and the
 * duration from the last eclipse seen whole, the parameters standing in until
 * then. Unknowns are answered conservatively: in sunlight with no history the
 * next eclipse may start now; in an eclipse whose entry was not seen, it has
 * just started.
 */

export interface EclipseHistory {
  inEclipse: boolean;
  /** Mission time of the last entry and exit seen (NaN: none yet). */
  entryS: number;
  exitS: number;
  /** Observed (NaN until seen). */
  periodS: number;
  durationS: number;
  /** A sample has been taken (the first one only sets the state). */
  started: boolean;
}

export interface EclipseSettings {
  readonly orbitPeriodS: number;
  readonly eclipseDurationS: number;
  readonly eclipseMarginS: number;
  readonly eclipseLeftMinS: number;
  readonly eclipseArrayThresholdA: number;
}

export interface EclipsePrediction {
  readonly inEclipse: boolean;
  /** Time to the next entry (0 in an eclipse, or when it may start now). */
  readonly eclipseInS: number;
  /** Time left in this eclipse, margin included (0 in sunlight). */
  readonly eclipseLeftS: number;
  /** Duration the budget plans for, margin included. */
  readonly eclipseDurationS: number;
}

export function createEclipseHistory(): EclipseHistory {
  return { inEclipse: false, entryS: Number.NaN, exitS: Number.NaN, periodS: Number.NaN, durationS: Number.NaN, started: false };
}

/** Takes one sample of the array's available current; a reading that is not a number changes nothing. */
export function observeSun(history: EclipseHistory, arrayAvailableA: number, timeS: number, settings: EclipseSettings): void {
  if (!Number.isFinite(arrayAvailableA)) return;
  const dark = arrayAvailableA < settings.eclipseArrayThresholdA;
  if (!history.started) {
    history.started = true;
    history.inEclipse = dark;
    return;
  }
  if (dark === history.inEclipse) return;
  history.inEclipse = dark;
  if (dark) {
    const sincePrevious = timeS - history.entryS;
    // Two entries about one orbit apart give the period (a missed orbit or a glitch does not).
    if (sincePrevious > 0.5 * settings.orbitPeriodS && sincePrevious < 1.5 * settings.orbitPeriodS) history.periodS = sincePrevious;
    history.entryS = timeS;
  } else {
    const duration = timeS - history.entryS;
    if (duration > 0 && duration < settings.orbitPeriodS) history.durationS = duration;
    history.exitS = timeS;
  }
}

export function predictEclipse(history: EclipseHistory, timeS: number, settings: EclipseSettings): EclipsePrediction {
  const periodS = Number.isFinite(history.periodS) ? history.periodS : settings.orbitPeriodS;
  const durationS = (Number.isFinite(history.durationS) ? history.durationS : settings.eclipseDurationS) + settings.eclipseMarginS;
  if (history.inEclipse) {
    const leftS = Number.isFinite(history.entryS) ? history.entryS + durationS - timeS : durationS;
    return { inEclipse: true, eclipseInS: 0, eclipseLeftS: Math.max(settings.eclipseLeftMinS, leftS), eclipseDurationS: durationS };
  }
  let nextEntryS = Number.NaN;
  // An eclipse overdue by less than the margin is still the next one.
  if (Number.isFinite(history.entryS))
    nextEntryS = history.entryS + periodS * Math.max(1, Math.ceil((timeS - history.entryS - settings.eclipseMarginS) / periodS));
  else if (Number.isFinite(history.exitS)) nextEntryS = history.exitS + periodS - durationS;
  // The margin counts on both sides: the eclipse may come early.
  const eclipseInS = Number.isFinite(nextEntryS) ? Math.max(0, nextEntryS - settings.eclipseMarginS - timeS) : 0;
  return { inEclipse: false, eclipseInS, eclipseLeftS: 0, eclipseDurationS: durationS };
}
