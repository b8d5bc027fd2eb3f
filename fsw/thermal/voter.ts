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
  if (!Number.isInteger(sensorCount) || sensorCount < 1 || sensorCount > SENSORS_PER_ZONE_MAX) throw new Error(`voter: ${sensorCount} sensors, expected 1..${SENSORS_PER_ZONE_MAX}`);
  const sensors: SensorTrack[] = [];
  for (let i = 0; i < sensorCount; i++) sensors.push({ lastReadingC: Number.NaN, lastChangeS: Number.NaN, excluded: null, disagreeSinceS: Number.NaN, goodSinceS: Number.NaN });
  return { sensors };
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
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

/** One tick of voting: readings in sensor order (missing or non-numeric ones count as out of range). */
export function voteZone(voter: ZoneVoter, readings: readonly number[], timeS: number, params: VoterParams): VoteOutcome {
  const tracks = voter.sensors;
  const n = tracks.length;
  const values: number[] = [];
  const inRange: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const raw = readings[i];
    const value = typeof raw === 'number' ? raw : Number.NaN;
    const track = tracks[i]!;
    if (Number.isNaN(track.lastChangeS) || (value !== track.lastReadingC && !(Number.isNaN(value) && Number.isNaN(track.lastReadingC)))) track.lastChangeS = timeS;
    track.lastReadingC = value;
    values.push(value);
    inRange.push(Number.isFinite(value) && value >= params.minC && value <= params.maxC);
  }
  const excluded: { sensor: number; why: ExclusionReason }[] = [];
  const exclude = (i: number, why: ExclusionReason) => {
    const track = tracks[i]!;
    track.excluded = why;
    track.disagreeSinceS = Number.NaN;
    track.goodSinceS = Number.NaN;
    excluded.push({ sensor: i, why });
  };
  const moving = (i: number) => timeS - tracks[i]!.lastChangeS < params.stuckS;

  // out of range: at once
  for (let i = 0; i < n; i++) if (tracks[i]!.excluded === null && !inRange[i]) exclude(i, 'out-of-range');

  // stuck: judged against the admitted set before any of them is removed
  const admittedBefore = admittedIndexes(tracks);
  const stuck = admittedBefore.filter((i) => !moving(i) && admittedBefore.length > 1 && admittedBefore.every((j) => j === i || moving(j)));
  for (const i of stuck) exclude(i, 'stuck');

  // disagreement with the zone median, with a majority only
  const admitted = admittedIndexes(tracks);
  if (admitted.length >= 3) {
    const middle = median(admitted.map((i) => values[i]!));
    for (const i of admitted) {
      const track = tracks[i]!;
      if (Math.abs(values[i]! - middle) <= params.disagreeC) {
        track.disagreeSinceS = Number.NaN;
        continue;
      }
      if (Number.isNaN(track.disagreeSinceS)) track.disagreeSinceS = timeS;
      if (timeS - track.disagreeSinceS >= params.disagreeS - 1e-9) exclude(i, 'disagrees');
    }
  }

  // readmission of sensors that behave again
  const nowAdmitted = admittedIndexes(tracks);
  const reference = nowAdmitted.length > 0 ? median(nowAdmitted.map((i) => values[i]!)) : null;
  const readmitted: number[] = [];
  for (let i = 0; i < n; i++) {
    const track = tracks[i]!;
    if (track.excluded === null || excluded.some((e) => e.sensor === i)) continue;
    const behaves = inRange[i]! && moving(i) && (reference === null || Math.abs(values[i]! - reference) <= params.disagreeC);
    if (!behaves) {
      track.goodSinceS = Number.NaN;
      continue;
    }
    if (Number.isNaN(track.goodSinceS)) track.goodSinceS = timeS;
    if (timeS - track.goodSinceS >= params.readmitS - 1e-9) {
      track.excluded = null;
      track.goodSinceS = Number.NaN;
      readmitted.push(i);
    }
  }

  const voting = admittedIndexes(tracks);
  const votedC = voting.length > 0 ? median(voting.map((i) => values[i]!)) : null;
  return { votedC, excluded, readmitted };
}

function admittedIndexes(tracks: readonly SensorTrack[]): number[] {
  const indexes: number[] = [];
  for (let i = 0; i < tracks.length; i++) if (tracks[i]!.excluded === null) indexes.push(i);
  return indexes;
}
