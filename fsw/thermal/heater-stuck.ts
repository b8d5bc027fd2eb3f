/**
 * A heater stuck on: the switch reports a duty while the controller asked 0
 * (on the previous tick, the request the hardware applies now) and the zone
 * keeps warming past its off set point by marginC, for persistS. Then the
 * heater is marked stuck (reported once per episode) and the heaters rail
 * inhibited: the power module cuts the rail, the only way to stop a switch
 * that does not open.
 *
 * The rail then serves as the stuck zone's thermostat: the inhibit is
 * released when the zone has cooled below its on set point and applied
 * again (at once, the heater being known stuck) when it passes the off set
 * point plus margin. The mark clears when the rail is on, 0 is asked and
 * the switch reports 0: the heater obeys again.
 */
import type { SetPoints } from './thermal-settings.js';

export interface StuckParams {
  readonly marginC: number;
  readonly persistS: number;
}

export interface StuckState {
  /** Duty asked on the previous tick (what the hardware applies in this frame). */
  requestedDutyPct: number;
  suspectSinceS: number;
  stuck: boolean;
  inhibit: boolean;
  /** Detections (episodes) since boot. */
  detections: number;
  /** Time of the last judgement (NaN before the first): the duty of that tick may be asked. */
  judgedS: number;
}

export interface StuckInputs {
  readonly timeS: number;
  /** Voted zone temperature; null: no judgement this tick. */
  readonly temperatureC: number | null;
  readonly reportedDutyPct: number;
  readonly railOn: boolean;
  readonly setPoints: SetPoints;
}

export type StuckChange = 'detected' | 'inhibit' | 'release' | 'cleared' | null;

export function createStuckState(): StuckState {
  return { requestedDutyPct: 0, suspectSinceS: Number.NaN, stuck: false, inhibit: false, detections: 0, judgedS: Number.NaN };
}

/** One step; call before asking this tick's duty (then askDuty, which asserts the order). */
export function stepStuckDetector(state: StuckState, inputs: StuckInputs, params: StuckParams): StuckChange {
  state.judgedS = inputs.timeS;
  const { temperatureC, setPoints } = inputs;
  const reported = Number.isFinite(inputs.reportedDutyPct) ? inputs.reportedDutyPct : 0;
  const askedOff = state.requestedDutyPct === 0;
  if (state.stuck) {
    if (inputs.railOn && askedOff && reported === 0) {
      state.stuck = false;
      state.inhibit = false;
      state.suspectSinceS = Number.NaN;
      return 'cleared';
    }
    if (temperatureC === null) return null;
    if (state.inhibit && temperatureC < setPoints.onC) {
      state.inhibit = false;
      return 'release';
    }
    if (!state.inhibit && askedOff && reported > 0 && temperatureC > setPoints.offC + params.marginC) {
      state.inhibit = true;
      return 'inhibit';
    }
    return null;
  }
  const suspect = temperatureC !== null && askedOff && reported > 0 && temperatureC > setPoints.offC + params.marginC;
  if (!suspect) {
    state.suspectSinceS = Number.NaN;
    return null;
  }
  if (Number.isNaN(state.suspectSinceS)) state.suspectSinceS = inputs.timeS;
  if (inputs.timeS - state.suspectSinceS < params.persistS - 1e-9) return null;
  state.stuck = true;
  state.inhibit = true;
  state.detections++;
  return 'detected';
}

/** Remembers the duty asked this tick, judged against at the next one; asserts that this tick's judgement came first. */
export function askDuty(state: StuckState, dutyPct: number, timeS: number): void {
  if (state.judgedS !== timeS) throw new Error(`heater stuck detector: duty asked at ${timeS} s before the judgement of that tick`);
  state.requestedDutyPct = dutyPct;
}
