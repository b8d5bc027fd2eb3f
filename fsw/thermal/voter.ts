/**
 * Sensor voting for one zone over its redundant sensors (three per zone).
 * Each tick a sensor is judged against the others; a bad one is excluded,
 * once, with its reason:
 *   - out-of-range: not a finite number within [minC, maxC] (a dead sensor
 *     reads -273.15); excluded at once, never voted;
 *   - stuck: its reading has not changed for stuckS while every other
 *     admitted sensor of the zone changed within that time (a healthy
 *     sensor's noise moves it nearly every tick; when all sensors hold
 *     still nobody is judged stuck);
 *   - disagrees: farther than disagreeC from the median of the zone's
 *     admitted sensors for disagreeS, judged only while three or more are
 *     admitted (with two there is no majority to say which one is wrong).
 *     The median of three readings with at most one bad among them always
 *     lies between the two good ones, so a good sensor is never the one
 *     found far from it.
 * An excluded sensor is readmitted once it has behaved for readmitS: in
 * range, changing within stuckS, and within disagreeC of the admitted
 * median. The voted value is the median of the admitted readings (the mean
 * of two, the one reading of one), or null when none is admitted.
 */

export type ExclusionReason = 'stuck' | 'out-of-range' | 'disagrees';

export interface VoterParams {
  readonly minC: number;
  readonly maxC: number;
  readonly stuckS: number;
  readonly disagreeC: number;
  readonly disagreeS: number;
  readonly readmitS: number;
}

export interface SensorTrack {
  /** Last reading seen (NaN before the first). */
  lastReadingC: number;
  /** When the reading last changed (or when judging started). */
  lastChangeS: number;
  excluded: ExclusionReason | null;
  /** Start of the present disagreement, NaN while it agrees. */
  disagreeSinceS: number;
  /** Start of good behaviour while excluded, NaN while misbehaving. */
  goodSinceS: number;
}

export interface ZoneVoter {
  readonly sensors: SensorTrack[];
}

export interface VoteOutcome {
  /** Median of the admitted readings; null when no sensor is admitted. */
  readonly votedC: number | null;
  readonly excluded: readonly { readonly sensor: number; readonly why: ExclusionReason }[];
  readonly readmitted: readonly number[];
}

/** Sensors tracked per zone at most (the dictionary's sensor index goes to 7). */
export const SENSORS_PER_ZONE_MAX = 8;

export function createZoneVoter(sensorCount: number): ZoneVoter {
  if (!Number.isInteger(sensorCount) || sensorCount < 1 || sensorCount > SENSORS_PER_ZONE_MAX)
    throw new Error(`voter: ${sensorCount} sensors, expected 1..${SENSORS_PER_ZONE_MAX}`);
  const sensors: SensorTrack[] = [];
  for (let i = 0; i < sensorCount; i++)
    sensors.push({ lastReadingC: Number.NaN, lastChangeS: Number.NaN, excluded: null, disagreeSinceS: Number.NaN, goodSinceS: Number.NaN });
  return { sensors };
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * median() of values[i] for the sensors i whose bit is set in `mask`, without
 * allocating: a stable insertion sort into `scratch` (the order a stable sort
 * by a - b gives, so -0 and 0 keep their places as in median()). The values
 * are finite (only admitted, in-range sensors are voted).
 */
function medianOfMask(values: Float64Array, mask: number, n: number, scratch: Float64Array): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    if ((mask & (1 << i)) === 0) continue;
    const value = values[i]!;
    let j = count;
    while (j > 0 && scratch[j - 1]! - value > 0) {
      scratch[j] = scratch[j - 1]!;
      j--;
    }
    scratch[j] = value;
    count++;
  }
  const mid = count >> 1;
  return count % 2 === 1 ? scratch[mid]! : (scratch[mid - 1]! + scratch[mid]!) / 2;
}

/** Readmits every sensor; each is judged again from timeS. */
export function clearExclusions(voter: ZoneVoter, timeS: number): number {
  let cleared = 0;
  for (const track of voter.sensors) {
    if (track.excluded !== null) cleared++;
    track.excluded = null;
    track.disagreeSinceS = Number.NaN;
    track.goodSinceS = Number.NaN;
    track.lastChangeS = timeS;
  }
  return cleared;
}

/** What one tick of voting found, refilled in place by voteZoneInto. */
export interface VoteResult {
  votedC: number | null;
  readonly excluded: { sensor: number; why: ExclusionReason }[];
  readonly readmitted: number[];
}

export function createVoteResult(): VoteResult {
  return { votedC: null, excluded: [], readmitted: [] };
}

/** One tick of voting: readings in sensor order (missing or non-numeric ones count as out of range). */
export function voteZone(voter: ZoneVoter, readings: readonly number[], timeS: number, params: VoterParams): VoteOutcome {
  const result = voteZoneInto(voter, readings, timeS, params, createVoteResult());
  return { votedC: result.votedC, excluded: result.excluded, readmitted: result.readmitted };
}

const values = new Float64Array(SENSORS_PER_ZONE_MAX);
const scratch = new Float64Array(SENSORS_PER_ZONE_MAX);

/** voteZone, its outcome written into `result` (cleared first): no allocation on a quiet tick. */
export function voteZoneInto(voter: ZoneVoter, readings: readonly number[], timeS: number, params: VoterParams, result: VoteResult): VoteResult {
  const tracks = voter.sensors;
  const n = tracks.length;
  const excluded = result.excluded;
  const readmitted = result.readmitted;
  // (setting an array's length is a runtime call: only when there is something to clear)
  if (excluded.length !== 0) excluded.length = 0;
  if (readmitted.length !== 0) readmitted.length = 0;
  // bit i: sensor i is in range / admitted / moving / excluded this tick
  let inRange = 0;
  let admitted = 0;
  let moving = 0;
  for (let i = 0; i < n; i++) {
    const raw = readings[i];
    const value = typeof raw === 'number' ? raw : Number.NaN;
    const track = tracks[i]!;
    if (Number.isNaN(track.lastChangeS) || (value !== track.lastReadingC && !(Number.isNaN(value) && Number.isNaN(track.lastReadingC))))
      track.lastChangeS = timeS;
    track.lastReadingC = value;
    values[i] = value;
    const bit = 1 << i;
    if (Number.isFinite(value) && value >= params.minC && value <= params.maxC) inRange |= bit;
    if (track.excluded === null) admitted |= bit;
    if (timeS - track.lastChangeS < params.stuckS) moving |= bit;
  }
  // out of range: at once
  const outOfRange = admitted & ~inRange;
  if (outOfRange !== 0) for (let i = 0; i < n; i++) if ((outOfRange & (1 << i)) !== 0) exclude(tracks[i]!, i, 'out-of-range', excluded);
  admitted &= ~outOfRange;

  // stuck: judged against the admitted set before any of them is removed; a
  // sensor is stuck when it alone of two or more admitted ones holds still
  const still = admitted & ~moving;
  if (still !== 0 && (still & (still - 1)) === 0 && (admitted & (admitted - 1)) !== 0) {
    for (let i = 0; i < n; i++) if ((still & (1 << i)) !== 0) exclude(tracks[i]!, i, 'stuck', excluded);
    admitted &= ~still;
  }

  // the median of one admitted set, kept so that the same set is not sorted twice
  let medianMask = -1;
  let medianC = Number.NaN;

  // disagreement with the zone median, with a majority only
  if (bitCount(admitted) >= 3) {
    const judged = admitted;
    const middle = medianOfMask(values, judged, n, scratch);
    medianMask = judged;
    medianC = middle;
    for (let i = 0; i < n; i++) {
      if ((judged & (1 << i)) === 0) continue;
      const track = tracks[i]!;
      if (Math.abs(values[i]! - middle) <= params.disagreeC) {
        track.disagreeSinceS = Number.NaN;
        continue;
      }
      if (Number.isNaN(track.disagreeSinceS)) track.disagreeSinceS = timeS;
      if (timeS - track.disagreeSinceS >= params.disagreeS - 1e-9) {
        exclude(track, i, 'disagrees', excluded);
        admitted &= ~(1 << i);
      }
    }
  }

  // readmission of sensors that behave again (not those excluded this tick)
  let excludedNow = 0;
  for (let e = 0; e < excluded.length; e++) excludedNow |= 1 << excluded[e]!.sensor;
  const fullMask = (1 << n) - 1;
  const waiting = fullMask & ~admitted & ~excludedNow;
  if (waiting !== 0) {
    if (admitted !== 0 && admitted !== medianMask) {
      medianMask = admitted;
      medianC = medianOfMask(values, admitted, n, scratch);
    }
    const reference = admitted !== 0 ? medianC : null;
    for (let i = 0; i < n; i++) {
      const bit = 1 << i;
      if ((waiting & bit) === 0) continue;
      const track = tracks[i]!;
      const behaves = (inRange & bit) !== 0 && (moving & bit) !== 0 && (reference === null || Math.abs(values[i]! - reference) <= params.disagreeC);
      if (!behaves) {
        track.goodSinceS = Number.NaN;
        continue;
      }
      if (Number.isNaN(track.goodSinceS)) track.goodSinceS = timeS;
      if (timeS - track.goodSinceS >= params.readmitS - 1e-9) {
        track.excluded = null;
        track.goodSinceS = Number.NaN;
        readmitted.push(i);
        admitted |= bit;
      }
    }
  }

  result.votedC = admitted === 0 ? null : admitted === medianMask ? medianC : medianOfMask(values, admitted, n, scratch);
  return result;
}

function exclude(track: SensorTrack, i: number, why: ExclusionReason, excluded: { sensor: number; why: ExclusionReason }[]): void {
  track.excluded = why;
  track.disagreeSinceS = Number.NaN;
  track.goodSinceS = Number.NaN;
  excluded.push({ sensor: i, why });
}

function bitCount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
}
