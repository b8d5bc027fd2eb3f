/**
 * Plot 3: the accelerator's caps (power cap from the energy budget, thermal
 * cap from the die temperature) against what the accelerator draws and what
 * the running job asked for (its power at the requested clock, no cap).
 * Where a cap held the draw below the ask for most of a sample, a strip runs
 * along the bottom, coloured by the cap that held it (power: blue, thermal:
 * red), so throttling shows at a glance, and which budget caused it. A job
 * running at the cap it asked for, or no job at all, leaves no strip.
 */
import type { MissionRecord, MissionSample } from './record.js';
import { boxSwatch, renderPlot, type PlotContext } from './frame.js';
import { seriesLegend, seriesMarkup, seriesValues, yAxisFor, type Series } from './series.js';
import { sampleStrip } from './sample-strip.js';

const CAP_HEIGHT_PX = 200;
/** A sample counts as held by a cap when a cap held the job's draw below its ask for at least this fraction of it. */
export const HELD_FRACTION_MIN = 0.5;

const CAP_SERIES: readonly Series[] = [
  { label: 'accelerator draw', color: '#333333', widthPx: 1.5, fill: '#9467bd', value: (s) => s.acceleratorPowerW },
  { label: 'asked by the running job (no cap)', color: '#7f7f7f', dash: '1 2', widthPx: 1.5, value: (s) => s.acceleratorAskedW ?? s.acceleratorPowerW },
  { label: 'power cap (energy budget)', color: '#1f77b4', dash: '6 3', widthPx: 2, value: (s) => s.powerCapW },
  { label: 'thermal cap (die temperature)', color: '#d62728', dash: '2 2', widthPx: 2, value: (s) => s.thermalCapW },
];

/** A cap held the running job's draw below what it asked for, for most of the sample (throttled). */
export function drawAtCap(sample: MissionSample): boolean {
  return (sample.capHeldFraction ?? 0) >= HELD_FRACTION_MIN;
}

/** Which cap held the draw in a throttled sample, or null when the sample is not throttled. */
export function capHolding(sample: MissionSample): 'power' | 'thermal' | null {
  return drawAtCap(sample) ? (sample.capHeldBy ?? 'power') : null;
}

export function capPlot(ctx: PlotContext, record: MissionRecord): string {
  const y = yAxisFor(CAP_HEIGHT_PX, 'accelerator power (W)', seriesValues(record.samples, CAP_SERIES), { includeZero: true });
  const strips =
    sampleStrip(ctx, record, CAP_HEIGHT_PX, (s) => capHolding(s) === 'power', 'band-at-cap', 'power cap held the draw below the job’s ask') +
    sampleStrip(ctx, record, CAP_HEIGHT_PX, (s) => capHolding(s) === 'thermal', 'band-at-thermal-cap', 'thermal cap held the draw below the job’s ask');
  return renderPlot(ctx, {
    id: 'cap',
    title: 'Accelerator cap against draw',
    note:
      'The flight software lowers the caps in eclipse and when the die runs hot; a running job asks for the device’s power at its full clock (grey dotted line). ' +
      'The strip at the bottom marks where a cap held the draw below that ask (throttled): blue, the power cap; red, the thermal cap. No job running, or one running at its ask, leaves no strip.',
    areaHeightPx: CAP_HEIGHT_PX,
    y,
    legend: [
      ...CAP_SERIES.map(seriesLegend),
      { label: 'held by the power cap (throttled)', swatch: boxSwatch('band-at-cap') },
      { label: 'held by the thermal cap (throttled)', swatch: boxSwatch('band-at-thermal-cap') },
    ],
    body: CAP_SERIES.map((s) => seriesMarkup(record.samples, s, ctx.axis, y.scale)).join('') + strips,
  });
}
