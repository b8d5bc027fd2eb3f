/**
 * The geometry every plot shares, so that one time axis lines up down the
 * page: the same width, margins and time-to-x mapping in every SVG.
 */
import { niceTicks } from './format.js';

export const PLOT_WIDTH_PX = 1100;
export const MARGIN_LEFT_PX = 128;
export const MARGIN_RIGHT_PX = 28;
/** Above the plot area: the orbit axis (the legend is HTML, above the SVG). */
export const ORBIT_AXIS_HEIGHT_PX = 18;
export const MARGIN_TOP_PX = ORBIT_AXIS_HEIGHT_PX + 4;
/** Below the plot area: tick labels and the axis title. */
export const MARGIN_BOTTOM_PX = 40;
/** Height of the contact and SAA strips drawn at the top of the plot area. */
export const STRIP_HEIGHT_PX = 5;

/** Plot area width in pixels: one pixel column per downsampled bucket. */
export const AREA_WIDTH_PX = PLOT_WIDTH_PX - MARGIN_LEFT_PX - MARGIN_RIGHT_PX;

export interface TimeAxis {
  readonly startS: number;
  readonly endS: number;
  /** Axis unit: hours for long runs, minutes for short ones. */
  readonly unit: 'h' | 'min';
  readonly unitS: number;
  /** Mission time to x in the SVG (the plot area starts at MARGIN_LEFT_PX). */
  toX(timeS: number): number;
  /** Pixel column (0 .. AREA_WIDTH_PX - 1) of a mission time, clamped. */
  column(timeS: number): number;
  /** Tick positions in mission seconds, and their labels in the unit. */
  readonly ticksS: readonly number[];
}

export function timeAxis(startS: number, endS: number): TimeAxis {
  const spanS = endS > startS ? endS - startS : 1;
  const end = startS + spanS;
  const unit = spanS >= 2 * 3600 ? 'h' : 'min';
  const unitS = unit === 'h' ? 3600 : 60;
  const scale = AREA_WIDTH_PX / spanS;
  const ticksS = niceTicks(startS / unitS, end / unitS, 10).map((t) => t * unitS);
  return {
    startS,
    endS: end,
    unit,
    unitS,
    toX: (timeS) => MARGIN_LEFT_PX + (timeS - startS) * scale,
    column: (timeS) => Math.min(AREA_WIDTH_PX - 1, Math.max(0, Math.floor((timeS - startS) * scale))),
    ticksS,
  };
}

/** A linear y scale over [min, max] onto a plot area from topPx (max) to bottomPx (min). */
export interface YScale {
  readonly min: number;
  readonly max: number;
  readonly topPx: number;
  readonly bottomPx: number;
  toY(value: number): number;
}

export function yScale(min: number, max: number, topPx: number, bottomPx: number): YScale {
  const lo = Number.isFinite(min) ? min : 0;
  let hi = Number.isFinite(max) ? max : lo + 1;
  if (hi <= lo) hi = lo + 1;
  const scale = (bottomPx - topPx) / (hi - lo);
  return { min: lo, max: hi, topPx, bottomPx, toY: (value) => bottomPx - (value - lo) * scale };
}

/** A y domain padded a little and widened to round tick values. */
export function niceDomain(values: Iterable<number>, options: { includeZero?: boolean; padFraction?: number } = {}): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  if (options.includeZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * (options.padFraction ?? 0.05);
  const paddedLo = options.includeZero && lo === 0 ? 0 : lo - pad;
  const paddedHi = hi + pad;
  const ticks = niceTicks(paddedLo, paddedHi, 5);
  const step = ticks.length > 1 ? (ticks[1] as number) - (ticks[0] as number) : 1;
  return [Math.floor(paddedLo / step + 1e-9) * step, Math.ceil(paddedHi / step - 1e-9) * step];
}
