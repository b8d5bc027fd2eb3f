/**
 * A time series drawn as an SVG path (decimated per pixel column), its
 * legend entry, and the y axis of a plot of several series.
 */
import type { MissionSample } from './record.js';
import { areaPath, decimate, linePath } from './downsample.js';
import { escapeXml } from './escape.js';
import { niceTicks, px } from './format.js';
import { niceDomain, yScale, type TimeAxis, type YScale } from './layout.js';
import { areaBottomPx, areaTopPx, lineSwatch, type LegendItem, type PlotSpec } from './frame.js';

export interface Series {
  readonly label: string;
  readonly color: string;
  /** stroke-dasharray, for a dashed line. */
  readonly dash?: string;
  readonly widthPx?: number;
  /** Fill the area between the line and y = 0 with this colour (light). */
  readonly fill?: string;
  readonly value: (sample: MissionSample) => number;
}

export function seriesMarkup(samples: readonly MissionSample[], series: Series, axis: TimeAxis, y: YScale): string {
  const runs = decimate(samples, series.value, axis, y);
  const title = `<title>${escapeXml(series.label)}</title>`;
  const fill = series.fill ? `<path class="series-fill" d="${areaPath(runs, y.toY(Math.max(y.min, Math.min(y.max, 0))))}" fill="${series.fill}"/>` : '';
  const dash = series.dash ? ` stroke-dasharray="${series.dash}"` : '';
  return `${fill}<path class="series" d="${linePath(runs)}" fill="none" stroke="${series.color}" stroke-width="${series.widthPx ?? 1.5}"${dash}>${title}</path>`;
}

export function seriesLegend(series: Series): LegendItem {
  return { label: series.label, swatch: lineSwatch(series.color, series.dash, series.widthPx ?? 2) };
}

/** The y axis of a plot: a nice domain over the values (or a fixed one), its ticks. */
export function yAxisFor(
  areaHeightPx: number,
  label: string,
  values: Iterable<number>,
  options: { fixed?: [number, number]; includeZero?: boolean } = {},
): NonNullable<PlotSpec['y']> {
  const [lo, hi] = options.fixed ?? niceDomain(values, { includeZero: options.includeZero ?? false });
  const scale = yScale(lo, hi, areaTopPx, areaBottomPx(areaHeightPx));
  const ticks = niceTicks(scale.min, scale.max, Math.max(2, Math.round(areaHeightPx / 40)));
  return { scale, label, ticks };
}

/** All values of the series over the samples, for a domain. */
export function* seriesValues(samples: readonly MissionSample[], series: readonly Series[]): Generator<number> {
  for (const sample of samples) for (const s of series) yield s.value(sample);
}

/** A horizontal line across the plot area at a value, e.g. a limit or zero. */
export function hLine(y: YScale, value: number, x0: number, x1: number, cls: string, title?: string): string {
  const yy = px(y.toY(value));
  return `<path class="${cls}" d="M${px(x0)} ${yy}H${px(x1)}">${title ? `<title>${escapeXml(title)}</title>` : ''}</path>`;
}
