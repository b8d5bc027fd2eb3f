/**
 * Where each orbit starts: where the samples' orbit number changes, or,
 * without samples, every orbit period from the start of the record.
 */
import type { MissionRecord } from './record.js';
import type { OrbitStart } from './frame.js';

/** Orbits at most; a longer record is shown without orbit numbers beyond. */
export const ORBITS_MAX = 10_000;

export function orbitStarts(record: MissionRecord): OrbitStart[] {
  const starts: OrbitStart[] = [];
  let previous: number | null = null;
  for (const sample of record.samples) {
    if (sample.orbitNumber !== previous) {
      starts.push({ startS: sample.timeS, orbitNumber: sample.orbitNumber });
      previous = sample.orbitNumber;
      if (starts.length >= ORBITS_MAX) break;
    }
  }
  if (starts.length > 0 || !(record.orbitPeriodS > 0)) return starts;
  for (let i = 0; i < ORBITS_MAX; i++) {
    const startS = record.startS + i * record.orbitPeriodS;
    if (startS >= record.endS && i > 0) break;
    starts.push({ startS, orbitNumber: i + 1 });
  }
  return starts;
}

/** The orbit number at a mission time (null before the first orbit start). */
export function orbitAt(starts: readonly OrbitStart[], timeS: number): number | null {
  let lo = 0;
  let hi = starts.length - 1;
  let found: number | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = starts[mid] as OrbitStart;
    if (start.startS <= timeS) {
      found = start.orbitNumber;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
