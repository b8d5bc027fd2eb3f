/**
 * Sensor voting for one zone over its redundant sensors (three per zone).
 * Each tick a sensor is judged against the others; a bad one is excluded,
 * once, with its reason:
 *   - out-of-range: not a finite number within [minC, maxC] (a dead sensor
 *     reads -273.15); excluded at once, never voted;
 *   - stuck: its reading has not changed for stuckS while every other
 *     admitted sensor of the zone changed within that time (a healthy
 *     sensor's noise moves it nearly every reading, once a second; when all sensors hold
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
  /** Scratch of one vote: this tick's readings, the median's sort and the working sets. */
  readonly values: Float64Array;
  readonly sorted: Float64Array;
  readonly pass: VotePass;
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
  return {
    sensors,
    values: new Float64Array(SENSORS_PER_ZONE_MAX),
    sorted: new Float64Array(SENSORS_PER_ZONE_MAX),
    pass: { inRange: 0, admitted: 0, moving: 0, medianMask: -1, medianC: Number.NaN },
  };
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
 * are finite (only admitted, in-range sensors are voted: asserted).
 */
function medianOfMask(values: Float64Array, mask: number, n: number, scratch: Float64Array): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    if ((mask & (1 << i)) === 0) continue;
    const value = values[i]!;
    if (!Number.isFinite(value)) throw new Error(`voter: sensor ${i}, reading ${value}, is voted though out of range`);
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

/** One vote's working sets, bit i for sensor i (a voter's own scratch, refilled by every vote). */
export interface VotePass {
  inRange: number;
  admitted: number;
  moving: number;
  /** The admitted set whose median is medianC (-1: none yet), so that the same set is not sorted twice. */
  medianMask: number;
  medianC: number;
}

/** voteZone, its outcome written into `result` (cleared first): no allocation on a quiet tick. */
export function voteZoneInto(voter: ZoneVoter, readings: readonly number[], timeS: number, params: VoterParams, result: VoteResult): VoteResult {
  const { excluded, readmitted } = result;
  // (setting an array's length is a runtime call: only when there is something to clear)
  if (excluded.length !== 0) excluded.length = 0;
  if (readmitted.length !== 0) readmitted.length = 0;
  const pass = readSensors(voter, readings, timeS, params);
  excludeAll(voter, pass.admitted & ~pass.inRange, 'out-of-range', excluded);
  excludeStuck(voter, excluded);
  judgeDisagreement(voter, timeS, params, excluded);
  readmit(voter, timeS, params, excluded, readmitted);
  const { admitted, medianMask, medianC } = pass;
  result.votedC = admitted === 0 ? null : admitted === medianMask ? medianC : medianOfMask(voter.values, admitted, voter.sensors.length, voter.sorted);
  return result;
}

/** This tick's readings into the voter's tracks; which sensors are in range, admitted and moving. */
function readSensors(voter: ZoneVoter, readings: readonly number[], timeS: number, params: VoterParams): VotePass {
  const { sensors: tracks, values, pass } = voter;
  let inRange = 0;
  let admitted = 0;
  let moving = 0;
  for (let i = 0; i < tracks.length; i++) {
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
  pass.inRange = inRange;
  pass.admitted = admitted;
  pass.moving = moving;
  pass.medianMask = -1;
  pass.medianC = Number.NaN;
  return pass;
}

/** Excludes every sensor of `mask`, at once, for one reason. */
function excludeAll(voter: ZoneVoter, mask: number, why: ExclusionReason, excluded: VoteResult['excluded']): void {
  if (mask === 0) return;
  for (let i = 0; i < voter.sensors.length; i++) if ((mask & (1 << i)) !== 0) exclude(voter.sensors[i]!, i, why, excluded);
  voter.pass.admitted &= ~mask;
}

/**
 * Stuck: judged against the admitted set before any of them is removed; a
 * sensor is stuck when it alone of two or more admitted ones holds still.
 */
function excludeStuck(voter: ZoneVoter, excluded: VoteResult['excluded']): void {
  const { admitted, moving } = voter.pass;
  const still = admitted & ~moving;
  if (still !== 0 && (still & (still - 1)) === 0 && (admitted & (admitted - 1)) !== 0) excludeAll(voter, still, 'stuck', excluded);
}

/** Disagreement with the zone median, with a majority only (three or more admitted). */
function judgeDisagreement(voter: ZoneVoter, timeS: number, params: VoterParams, excluded: VoteResult['excluded']): void {
  const { sensors: tracks, values, pass } = voter;
  const judged = pass.admitted;
  if (bitCount(judged) < 3) return;
  const middle = medianOfMask(values, judged, tracks.length, voter.sorted);
  pass.medianMask = judged;
  pass.medianC = middle;
  for (let i = 0; i < tracks.length; i++) {
    if ((judged & (1 << i)) === 0) continue;
    const track = tracks[i]!;
    if (Math.abs(values[i]! - middle) <= params.disagreeC) {
      track.disagreeSinceS = Number.NaN;
      continue;
    }
    if (Number.isNaN(track.disagreeSinceS)) track.disagreeSinceS = timeS;
    if (timeS - track.disagreeSinceS >= params.disagreeS - 1e-9) {
      exclude(track, i, 'disagrees', excluded);
      pass.admitted &= ~(1 << i);
    }
  }
}

/** Readmission of the excluded sensors that behave again (not those excluded this tick). */
function readmit(voter: ZoneVoter, timeS: number, params: VoterParams, excluded: VoteResult['excluded'], readmitted: number[]): void {
  const { sensors: tracks, values, pass } = voter;
  const n = tracks.length;
  let excludedNow = 0;
  for (let e = 0; e < excluded.length; e++) excludedNow |= 1 << excluded[e]!.sensor;
  const waiting = ((1 << n) - 1) & ~pass.admitted & ~excludedNow;
  if (waiting === 0) return;
  if (pass.admitted !== 0 && pass.admitted !== pass.medianMask) {
    pass.medianMask = pass.admitted;
    pass.medianC = medianOfMask(values, pass.admitted, n, voter.sorted);
  }
  const reference = pass.admitted !== 0 ? pass.medianC : null;
  for (let i = 0; i < n; i++) {
    const bit = 1 << i;
    if ((waiting & bit) === 0) continue;
    const track = tracks[i]!;
    const behaves = (pass.inRange & bit) !== 0 && (pass.moving & bit) !== 0 && (reference === null || Math.abs(values[i]! - reference) <= params.disagreeC);
    if (!behaves) {
      track.goodSinceS = Number.NaN;
      continue;
    }
    if (Number.isNaN(track.goodSinceS)) track.goodSinceS = timeS;
    if (timeS - track.goodSinceS >= params.readmitS - 1e-9) {
      track.excluded = null;
      track.goodSinceS = Number.NaN;
      readmitted.push(i);
      pass.admitted |= bit;
    }
  }
}

function exclude(track: SensorTrack, i: number, why: ExclusionReason, excluded: VoteResult['excluded']): void {
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
