/**
 * The progress bar on a terminal: simulated time, orbit, state of charge
 * and jobs done, redrawn in place (carriage return) at most every
 * minIntervalMs of wall time. The wall clock is injected by the entry
 * point: the flight itself never reads it.
 */
import type { MissionProgress } from './fly.js';

export const PROGRESS_INTERVAL_MS = 100;
const BAR_WIDTH = 24;

export function progressLine(p: MissionProgress): string {
  const fraction = p.endS > p.startS ? Math.min(1, Math.max(0, (p.timeS - p.startS) / (p.endS - p.startS))) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
  const soc = Number.isFinite(p.socPct) ? `${p.socPct.toFixed(1)} %` : 'n/a';
  return `${bar} ${(100 * fraction).toFixed(0).padStart(3)} %  t ${(p.timeS - p.startS).toFixed(0)}/${(p.endS - p.startS).toFixed(0)} s  orbit ${p.orbit}/${Math.ceil(p.orbits)}  SoC ${soc}  jobs ${p.jobsDone}/${p.jobsTotal}`;
}

export class ProgressBar {
  private lastMs = Number.NEGATIVE_INFINITY;
  private last: MissionProgress | null = null;
  private width = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly nowMs: () => number,
    private readonly minIntervalMs = PROGRESS_INTERVAL_MS,
  ) {}

  update(progress: MissionProgress): void {
    this.last = progress;
    const now = this.nowMs();
    if (now - this.lastMs < this.minIntervalMs) return;
    this.lastMs = now;
    this.draw(progress);
  }

  /** Draws the last state and ends the line. */
  end(): void {
    if (this.last) this.draw(this.last);
    if (this.width > 0) this.write('\n');
  }

  private draw(progress: MissionProgress): void {
    const line = progressLine(progress);
    this.write(`\r${line}${' '.repeat(Math.max(0, this.width - line.length))}`);
    this.width = line.length;
  }
}
