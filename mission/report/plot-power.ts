/**
 * Plot 1: state of charge (simulator truth and the flight software's
 * estimate) and the power balance on the bus (array in, load out, battery).
 */
import type { MissionRecord } from './record.js';
import { boxSwatch, renderPlot, type PlotContext } from './frame.js';
import { sampleStrip } from './sample-strip.js';
import { hLine, seriesLegend, seriesMarkup, seriesValues, yAxisFor, type Series } from './series.js';
import { AREA_WIDTH_PX, MARGIN_LEFT_PX } from './layout.js';

const SOC_HEIGHT_PX = 170;
const POWER_HEIGHT_PX = 200;

const SOC_SERIES: readonly Series[] = [
  { label: 'state of charge, true (simulator)', color: '#1f77b4', widthPx: 2, value: (s) => s.socPctTrue },
  { label: 'state of charge, flight estimate', color: '#ff7f0e', dash: '5 3', value: (s) => s.socPctEstimate },
];

const POWER_SERIES: readonly Series[] = [
  { label: 'array power into the bus', color: '#d4a000', widthPx: 1.5, value: (s) => s.arrayPowerW },
  { label: 'load drawn from the bus', color: '#d62728', value: (s) => s.loadPowerW },
  { label: 'battery (+ charging, − discharging)', color: '#2ca02c', value: (s) => s.batteryPowerW },
];

/** Modes other than NOMINAL (BOOT, SAFE) show as a strip along the bottom of the state of charge plot. */
export function offNominal(mode: string): boolean {
  return mode !== 'NOMINAL';
}

export function socPlot(ctx: PlotContext, record: MissionRecord): string {
  const y = yAxisFor(SOC_HEIGHT_PX, 'state of charge (%)', [], { fixed: [0, 100] });
  const modeStrip = sampleStrip(ctx, record, SOC_HEIGHT_PX, (s) => offNominal(s.mode), 'band-mode', 'flight software not in NOMINAL mode');
  return renderPlot(ctx, {
    id: 'soc',
    title: 'State of charge',
    note: "Battery state of charge: the simulator's truth against the flight software's estimate. It falls in eclipse and recovers in sunlight.",
    areaHeightPx: SOC_HEIGHT_PX,
    y,
    legend: [...SOC_SERIES.map(seriesLegend), { label: 'not NOMINAL (BOOT or SAFE mode)', swatch: boxSwatch('band-mode') }],
    body: modeStrip + SOC_SERIES.map((s) => seriesMarkup(record.samples, s, ctx.axis, y.scale)).join(''),
  });
}

export function powerPlot(ctx: PlotContext, record: MissionRecord): string {
  const y = yAxisFor(POWER_HEIGHT_PX, 'power (W)', seriesValues(record.samples, POWER_SERIES), { includeZero: true });
  const zero = hLine(y.scale, 0, MARGIN_LEFT_PX, MARGIN_LEFT_PX + AREA_WIDTH_PX, 'zero-line');
  return renderPlot(ctx, {
    id: 'power',
    title: 'Bus power',
    note: 'Array power falls to zero in eclipse, where the battery carries the load.',
    areaHeightPx: POWER_HEIGHT_PX,
    y,
    legend: POWER_SERIES.map(seriesLegend),
    body: zero + POWER_SERIES.map((s) => seriesMarkup(record.samples, s, ctx.axis, y.scale)).join(''),
  });
}
