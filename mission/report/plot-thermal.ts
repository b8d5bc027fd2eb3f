/**
 * Plot 3: temperature of every thermal zone against the yellow and red high
 * limits (dashed lines, labelled with their zone at the right end).
 */
import type { MissionRecord, TemperatureLimit } from './record.js';
import { escapeXml } from './escape.js';
import { px, round } from './format.js';
import { lineSwatch, renderPlot, type PlotContext } from './frame.js';
import { hLine, seriesLegend, seriesMarkup, yAxisFor, type Series } from './series.js';
import { AREA_WIDTH_PX, MARGIN_LEFT_PX } from './layout.js';

const THERMAL_HEIGHT_PX = 240;
const ZONE_COLORS = ['#1f77b4', '#9467bd', '#2ca02c', '#8c564b', '#17becf', '#e377c2', '#7f7f7f', '#bcbd22', '#ff7f0e', '#393b79'];
const YELLOW = '#d4a000';
const RED = '#d62728';

/** Zones in order of first appearance in the samples, then any zone only the limits name. */
export function zonesOf(record: MissionRecord): string[] {
  const zones = new Set<string>();
  for (const sample of record.samples) for (const zone of Object.keys(sample.temperaturesC)) zones.add(zone);
  for (const limit of record.limits) zones.add(limit.zone);
  return [...zones];
}

export function thermalPlot(ctx: PlotContext, record: MissionRecord): string {
  const zones = zonesOf(record);
  const series: Series[] = zones.map((zone, i) => ({
    label: zone,
    color: ZONE_COLORS[i % ZONE_COLORS.length] as string,
    value: (s) => s.temperaturesC[zone] ?? Number.NaN,
  }));
  function* values(): Generator<number> {
    for (const sample of record.samples) for (const zone of zones) yield sample.temperaturesC[zone] ?? Number.NaN;
    for (const limit of record.limits) yield* [limit.yellowHighC, limit.redHighC];
  }
  const y = yAxisFor(THERMAL_HEIGHT_PX, 'temperature (°C)', values());
  const x0 = MARGIN_LEFT_PX;
  const x1 = MARGIN_LEFT_PX + AREA_WIDTH_PX;
  const colourOf = (zones: readonly string[]): string => (zones.length === 1 ? (series.find((s) => s.label === zones[0])?.color ?? '#333') : '#333');
  const parts: string[] = [];
  for (const level of ['yellow', 'red'] as const) {
    const groups = groupLimits(record.limits, level);
    const labels = spreadLabels(
      groups.map((g) => ({ y: y.scale.toY(g.valueC) - 3, text: `${g.zones.join(', ')} ${level} ${round(g.valueC)} °C`, colour: colourOf(g.zones) })),
    );
    for (const g of groups) parts.push(hLine(y.scale, g.valueC, x0, x1, `limit-${level}`, `${level} limit ${round(g.valueC)} °C: ${g.zones.join(', ')}`));
    for (const l of labels)
      parts.push(level === 'yellow' ? limitLabel(x0 + 4, 'start', l.y, l.text, l.colour) : limitLabel(x1 - 4, 'end', l.y, l.text, l.colour));
  }
  const limits = parts.join('');
  return renderPlot(ctx, {
    id: 'thermal',
    title: 'Temperatures against limits',
    note: "Simulator truth per thermal zone; dashed lines are the zones' yellow (labelled at the left) and red (at the right) high limits.",
    areaHeightPx: THERMAL_HEIGHT_PX,
    y,
    legend: [...series.map(seriesLegend), { label: 'yellow limit', swatch: lineSwatch(YELLOW, '6 3') }, { label: 'red limit', swatch: lineSwatch(RED, '6 3') }],
    body: limits + series.map((s) => seriesMarkup(record.samples, s, ctx.axis, y.scale)).join(''),
  });
}

/** Zones that share a limit value share its line and label. */
export function groupLimits(limits: readonly TemperatureLimit[], level: 'yellow' | 'red'): { valueC: number; zones: string[] }[] {
  const groups = new Map<number, string[]>();
  for (const limit of limits) {
    const valueC = level === 'yellow' ? limit.yellowHighC : limit.redHighC;
    if (!Number.isFinite(valueC)) continue;
    groups.set(valueC, [...(groups.get(valueC) ?? []), limit.zone]);
  }
  return [...groups].map(([valueC, zones]) => ({ valueC, zones }));
}

/** Yellow limits are labelled at the left end, red ones at the right, so that close limits do not overwrite each other. */
function limitLabel(x: number, anchor: 'start' | 'end', y: number, text: string, colour: string): string {
  return `<text class="limit-label" x="${px(x)}" y="${px(y)}" text-anchor="${anchor}" fill="${colour}">${escapeXml(text)}</text>`;
}

const LABEL_SPACING_PX = 11;

/** Labels moved apart vertically (upwards first) so that none is closer than LABEL_SPACING_PX to the next. */
export function spreadLabels<T extends { readonly y: number }>(labels: readonly T[]): T[] {
  const sorted = [...labels].sort((a, b) => b.y - a.y); // bottom first
  const placed: T[] = [];
  for (const label of sorted) {
    const below = placed[placed.length - 1];
    placed.push(below !== undefined && below.y - label.y < LABEL_SPACING_PX ? { ...label, y: below.y - LABEL_SPACING_PX } : label);
  }
  return placed;
}
