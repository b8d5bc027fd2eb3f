/**
 * The power manager's state, and its non-volatile record: the state-of-charge
 * estimate (so a reset does not lose it), the eclipse history, the rails the
 * operator wants, the shed level and the latch-up counters. A record that
 * is missing or malformed in part restores what it can.
 */
import { RAILS } from '../../protocol/index.js';
import type { RailName, SensorFrame } from '../hal/frames.js';
import { BATTERY_READINGS_MAX } from './battery-temperature.js';
import type { Budget } from './budget.js';
import { createEclipseHistory, type EclipseHistory, type EclipsePrediction } from './eclipse.js';
import { createRailProtection, TRIP_TIMES_MAX, type RailProtection } from './latchup.js';
import { PROTECTED_RAILS, type ProtectedRail } from './power-params.js';
import type { SocEstimate } from './soc-estimator.js';

export const POWER_RECORD = { id: 'power.state', slotBytes: 2048 } as const;

export interface PowerState {
  /** Null until the first frame gave a voltage (or the record an estimate). */
  soc: SocEstimate | null;
  /** Where the estimate started, for the boot event. */
  socSource: 'record' | 'voltage' | null;
  /** Persisted estimate waiting for the first frame (null: none usable). */
  restoredSocPct: number | null;
  restoredAtS: number;
  eclipse: EclipseHistory;
  /** Every load but the accelerator, W (NaN until measured). */
  baseLoadW: number;
  shedLevel: number;
  /** The hard floor has asked for SAFE; re-armed above it plus the hysteresis. */
  hardFloorTripped: boolean;
  /** Rails the operator wants on. */
  wanted: Record<RailName, boolean>;
  protection: Record<ProtectedRail, RailProtection>;
  /** The budget allows the accelerator rail (with switch delay and hysteresis). */
  acceleratorAllowed: boolean;
  acceleratorSwitchS: number;
  chargeAllowed: boolean | null;
  lastPersistS: number;
  /** Last tick's results, for housekeeping. */
  temperatureC: number;
  budget: Budget;
  prediction: EclipsePrediction;
  chargeLimitA: number;
  /** The charge ended at full (the constant-voltage current fell to the termination current). */
  chargeTerminated: boolean;
  railsOff: RailName[];
  /** The cap asked and published last (0 before the first step). */
  capW: number;
  /** Scratch for the battery temperature's median (battery-temperature.ts). */
  readonly readingsC: Float64Array;
  /** The battery current of the ticks since the last step, summed, and their count (the fast part adds each frame once). */
  currentSumA: number;
  currentTicks: number;
  currentFrame: SensorFrame | null;
  /** Time of the fast part's last tick (NaN before the first). */
  fastLastS: number;
  /** What the rails were last decided on (power-step.ts railInputsKey; NaN: not yet). */
  railInputsKey: number;
}

export function createPowerState(): PowerState {
  return {
    soc: null,
    socSource: null,
    restoredSocPct: null,
    restoredAtS: Number.NaN,
    eclipse: createEclipseHistory(),
    baseLoadW: Number.NaN,
    shedLevel: 0,
    hardFloorTripped: false,
    wanted: { avionics: true, comms: true, heaters: true, payload: true, accelerator: true },
    protection: Object.fromEntries(PROTECTED_RAILS.map((rail) => [rail, createRailProtection()])) as Record<ProtectedRail, RailProtection>,
    acceleratorAllowed: false,
    acceleratorSwitchS: 0,
    chargeAllowed: null,
    lastPersistS: Number.NEGATIVE_INFINITY,
    temperatureC: Number.NaN,
    budget: { batteryAllowanceW: 0, budgetW: 0, acceleratorCapW: 0 },
    prediction: { inEclipse: false, eclipseInS: 0, eclipseLeftS: 0, eclipseDurationS: 0 },
    chargeLimitA: 0,
    chargeTerminated: false,
    railsOff: [],
    capW: 0,
    readingsC: new Float64Array(BATTERY_READINGS_MAX),
    currentSumA: 0,
    currentTicks: 0,
    currentFrame: null,
    fastLastS: Number.NaN,
    railInputsKey: Number.NaN,
  };
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
const numberOrNaN = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : Number.NaN);

export function powerRecord(state: PowerState, timeS: number): Record<string, unknown> {
  const { eclipse } = state;
  return {
    socPct: state.soc === null ? null : state.soc.socPct,
    savedAtS: timeS,
    eclipse: {
      entryS: finiteOrNull(eclipse.entryS),
      exitS: finiteOrNull(eclipse.exitS),
      periodS: finiteOrNull(eclipse.periodS),
      durationS: finiteOrNull(eclipse.durationS),
    },
    wanted: { ...state.wanted },
    shedLevel: state.shedLevel,
    latchup: Object.fromEntries(
      PROTECTED_RAILS.map((rail) => {
        const p = state.protection[rail];
        return [rail, { trips: p.trips, tripTimesS: [...p.tripTimesS], disabled: p.phase === 'disabled' }];
      }),
    ),
  };
}

/** Restores what the record holds into a fresh state. */
export function restorePowerState(state: PowerState, record: Readonly<Record<string, unknown>> | null): void {
  if (record === null) return;
  const socPct = numberOrNaN(record.socPct);
  const savedAtS = numberOrNaN(record.savedAtS);
  if (socPct >= 0 && socPct <= 100 && Number.isFinite(savedAtS)) {
    state.restoredSocPct = socPct;
    state.restoredAtS = savedAtS;
  }
  const eclipse = record.eclipse as Record<string, unknown> | undefined;
  if (eclipse && typeof eclipse === 'object') {
    state.eclipse.entryS = numberOrNaN(eclipse.entryS);
    state.eclipse.exitS = numberOrNaN(eclipse.exitS);
    state.eclipse.periodS = numberOrNaN(eclipse.periodS);
    state.eclipse.durationS = numberOrNaN(eclipse.durationS);
  }
  const wanted = record.wanted as Record<string, unknown> | undefined;
  if (wanted && typeof wanted === 'object') for (const rail of RAILS) if (typeof wanted[rail] === 'boolean') state.wanted[rail] = wanted[rail];
  const level = record.shedLevel;
  if (typeof level === 'number' && Number.isInteger(level) && level >= 0 && level <= 8) state.shedLevel = level;
  const latchup = record.latchup as Record<string, Record<string, unknown>> | undefined;
  if (latchup && typeof latchup === 'object') {
    for (const rail of PROTECTED_RAILS) {
      const saved = latchup[rail];
      if (!saved || typeof saved !== 'object') continue;
      const p = state.protection[rail];
      if (typeof saved.trips === 'number' && Number.isSafeInteger(saved.trips) && saved.trips >= 0) p.trips = saved.trips;
      if (Array.isArray(saved.tripTimesS))
        p.tripTimesS = saved.tripTimesS.filter((t): t is number => typeof t === 'number' && Number.isFinite(t)).slice(-TRIP_TIMES_MAX);
      if (saved.disabled === true) p.phase = 'disabled';
    }
  }
}
