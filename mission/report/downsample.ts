/**
 * Min/max decimation per pixel column: of the samples that fall in one pixel
 * column only the lowest and the highest are kept (in time order), so a line
 * over 57,000 samples costs at most two points per column and still shows
 * every spike. Non-finite values break the line.
 */
import { px } from './format.js';
import type { TimeAxis, YScale } from './layout.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Runs of decimated points; a non-finite value ends a run. */
export function decimate<T extends { readonly timeS: number }>(samples: readonly T[], value: (sample: T) => number, axis: TimeAxis, y: YScale): Point[][] {
  const runs: Point[][] = [];
  let run: Point[] = [];
  let column = -1;
  let minIndex = -1;
  let maxIndex = -1;
  const flush = (): void => {
    if (minIndex < 0) return;
    const first = Math.min(minIndex, maxIndex);
    const second = Math.max(minIndex, maxIndex);
    for (const index of first === second ? [first] : [first, second]) {
      const sample = samples[index] as T;
      run.push({ x: axis.toX(sample.timeS), y: y.toY(clamp(value(sample), y)) });
    }
    minIndex = -1;
    maxIndex = -1;
  };
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i] as T;
    if (sample.timeS < axis.startS || sample.timeS > axis.endS) continue;
    const v = value(sample);
    if (!Number.isFinite(v)) {
      flush();
      if (run.length > 0) runs.push(run);
      run = [];
      column = -1;
      continue;
    }
    const c = axis.column(sample.timeS);
    if (c !== column) {
      flush();
      column = c;
    }
    if (minIndex < 0 || v < value(samples[minIndex] as T)) minIndex = i;
    if (maxIndex < 0 || v > value(samples[maxIndex] as T)) maxIndex = i;
  }
  flush();
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Values outside the scale are drawn at its edge (a little beyond, so the clip hides the join). */
function clamp(value: number, y: YScale): number {
  const span = y.max - y.min;
  return Math.min(y.max + span * 0.02, Math.max(y.min - span * 0.02, value));
}

/** The SVG path data of a line through the runs. */
export function linePath(runs: readonly (readonly Point[])[]): string {
  const parts: string[] = [];
  for (const run of runs) {
    run.forEach((point, i) => parts.push(`${i === 0 ? 'M' : 'L'}${px(point.x)} ${px(point.y)}`));
  }
  return parts.join('');
}

/** The SVG path data of the area between the runs and a baseline. */
export function areaPath(runs: readonly (readonly Point[])[], baselinePx: number): string {
  const parts: string[] = [];
  for (const run of runs) {
    const first = run[0];
    const last = run[run.length - 1];
    if (first === undefined || last === undefined) continue;
    parts.push(`M${px(first.x)} ${px(baselinePx)}`);
    for (const point of run) parts.push(`L${px(point.x)} ${px(point.y)}`);
    parts.push(`L${px(last.x)} ${px(baselinePx)}Z`);
  }
  return parts.join('');
}
