/**
 * A spacecraft's mission time as the ground estimates it between telemetry:
 * the newest telemetry's time, carried forward at the pace mission time has
 * kept against the wall clock since the first telemetry of this run (a
 * simulator may run faster than real time); real time until telemetry has
 * spanned PACE_SPAN_MIN_MS. Telemetry older than the newest (stored, sent
 * after an outage) does not move it.
 */

/** Wall time telemetry must span before its pace is believed. */
export const PACE_SPAN_MIN_MS = 2000;
/** The pace is kept within these bounds (times real time). */
export const PACE_MIN = 0.01;
export const PACE_MAX = 10_000;

interface Mark {
  readonly timeS: number;
  readonly atMs: number;
}

export class MissionClock {
  private first: Mark | null = null;
  private newest: Mark | null = null;

  /** Telemetry stamped timeS arrived at atMs (wall). */
  note(timeS: number, atMs: number): void {
    if (this.newest !== null && timeS < this.newest.timeS) return;
    this.newest = { timeS, atMs };
    this.first ??= this.newest;
  }

  /** Times real time that mission time has kept. */
  get pace(): number {
    if (this.first === null || this.newest === null) return 1;
    const spanMs = this.newest.atMs - this.first.atMs;
    if (spanMs < PACE_SPAN_MIN_MS) return 1;
    return Math.min(PACE_MAX, Math.max(PACE_MIN, ((this.newest.timeS - this.first.timeS) * 1000) / spanMs));
  }

  /** The estimate at a wall time; null before any telemetry. */
  at(nowMs: number): number | null {
    if (this.newest === null) return null;
    return this.newest.timeS + (Math.max(0, nowMs - this.newest.atMs) / 1000) * this.pace;
  }
}
