/**
 * Plot 2: the accelerator's caps (power cap from the energy budget, thermal
 * cap from the die temperature) against what the accelerator draws. Where
 * the draw is held at the lower cap a purple strip runs along the bottom, so
 * throttling shows at a glance.
 */
import type { MissionRecord, MissionSample } from './record.js';
import { boxSwatch, renderPlot, type PlotContext } from './frame.js';
import { seriesLegend, seriesMarkup, seriesValues, yAxisFor, type Series } from './series.js';
import { sampleStrip } from './sample-strip.js';

const CAP_HEIGHT_PX = 200;
/** Draw within this fraction of the effective cap counts as held at the cap. */
export const AT_CAP_FRACTION = 0.95;

const CAP_SERIES: readonly Series[] = [
  { label: 'accelerator draw', color: '#333333', widthPx: 1.5, fill: '#9467bd', value: (s) => s.acceleratorPowerW },
  { label: 'power cap (energy budget)', color: '#1f77b4', dash: '6 3', widthPx: 2, value: (s) => s.powerCapW },
  { label: 'thermal cap (die temperature)', color: '#d62728', dash: '2 2', widthPx: 2, value: (s) => s.thermalCapW },
];

/** The draw is held at the lower of the two caps (and the accelerator is on). */
export function drawAtCap(sample: MissionSample): boolean {
  const capW = Math.min(sample.powerCapW, sample.thermalCapW);
  return Number.isFinite(capW) && sample.acceleratorPowerW > 0 && sample.acceleratorPowerW >= AT_CAP_FRACTION * capW;
}

export function capPlot(ctx: PlotContext, record: MissionRecord): string {
  const y = yAxisFor(CAP_HEIGHT_PX, 'accelerator power (W)', seriesValues(record.samples, CAP_SERIES), { includeZero: true });
  const strip = sampleStrip(ctx, record, CAP_HEIGHT_PX, drawAtCap, 'band-at-cap', 'draw held at cap');
  return renderPlot(ctx, {
    id: 'cap',
    title: 'Accelerator cap against draw',
    note: 'The flight software lowers the caps in eclipse and when the die runs hot; the draw follows the lower cap (purple strip: draw held at the cap, i.e. throttled).',
    areaHeightPx: CAP_HEIGHT_PX,
    y,
    legend: [...CAP_SERIES.map(seriesLegend), { label: 'draw held at cap (throttled)', swatch: boxSwatch('band-at-cap') }],
    body: CAP_SERIES.map((s) => seriesMarkup(record.samples, s, ctx.axis, y.scale)).join('') + strip,
  });
}
