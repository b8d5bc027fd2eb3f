/**
 * The bands drawn behind every time plot: eclipses as grey full-height
 * rectangles, contacts as a green strip and SAA passes as an orange strip
 * along the top of the plot area. Also bands derived from the samples (for
 * example "accelerator draw held at its cap").
 */
import type { Band, MissionSample } from './record.js';
import { clockTime, px } from './format.js';
import { STRIP_HEIGHT_PX, type TimeAxis } from './layout.js';
import { escapeXml } from './escape.js';

export interface BandSet {
  readonly eclipses: readonly Band[];
  readonly contacts: readonly Band[];
  readonly saaPasses: readonly Band[];
}

/** One rectangle per band, clipped to the axis, at least one pixel wide. */
export function bandRects(bands: readonly Band[], axis: TimeAxis, topPx: number, heightPx: number, cls: string, label: string): string {
  const parts: string[] = [];
  for (const band of bands) {
    const startS = Math.max(band.startS, axis.startS);
    const endS = Math.min(band.endS, axis.endS);
    if (!(endS >= startS)) continue;
    const x = axis.toX(startS);
    const width = Math.max(1, axis.toX(endS) - x);
    const title = `${label} ${clockTime(band.startS)} to ${clockTime(band.endS)} (${Math.round(band.endS - band.startS)} s)`;
    parts.push(`<rect class="${cls}" x="${px(x)}" y="${px(topPx)}" width="${px(width)}" height="${px(heightPx)}"><title>${escapeXml(title)}</title></rect>`);
  }
  return parts.join('');
}

/** Eclipse, contact and SAA bands for a plot area from topPx to bottomPx. */
export function backgroundBands(bands: BandSet, axis: TimeAxis, topPx: number, bottomPx: number): string {
  return (
    `<g class="bands">` +
    bandRects(bands.eclipses, axis, topPx, bottomPx - topPx, 'band-eclipse', 'eclipse') +
    bandRects(bands.contacts, axis, topPx, STRIP_HEIGHT_PX, 'band-contact', 'contact') +
    bandRects(bands.saaPasses, axis, topPx + STRIP_HEIGHT_PX, STRIP_HEIGHT_PX, 'band-saa', 'SAA pass') +
    `</g>`
  );
}

/**
 * Intervals where a predicate holds sample after sample; each sample stands
 * for [timeS, timeS + periodS). Intervals closer than `mergeGapS` are joined.
 */
export function bandsWhere(samples: readonly MissionSample[], periodS: number, holds: (sample: MissionSample) => boolean, mergeGapS = 0): Band[] {
  const bands: Band[] = [];
  let open: { startS: number; endS: number } | null = null;
  for (const sample of samples) {
    if (holds(sample)) {
      if (open !== null && sample.timeS - open.endS <= mergeGapS + 1e-9) open.endS = sample.timeS + periodS;
      else {
        if (open !== null) bands.push(open);
        open = { startS: sample.timeS, endS: sample.timeS + periodS };
      }
    }
  }
  if (open !== null) bands.push(open);
  return bands;
}
