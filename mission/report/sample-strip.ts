/**
 * A strip along the bottom of a plot area where the samples meet a condition
 * (for example "not in NOMINAL" or "draw held at the cap"), merged across
 * gaps under one pixel.
 */
import { bandRects, bandsWhere } from './bands.js';
import { areaBottomPx, type PlotContext } from './frame.js';
import { AREA_WIDTH_PX, STRIP_HEIGHT_PX } from './layout.js';
import type { MissionRecord, MissionSample } from './record.js';

export function sampleStrip(
  ctx: PlotContext,
  record: MissionRecord,
  areaHeightPx: number,
  holds: (sample: MissionSample) => boolean,
  cls: string,
  label: string,
): string {
  const onePixelS = (ctx.axis.endS - ctx.axis.startS) / AREA_WIDTH_PX;
  const bands = bandsWhere(record.samples, record.samplePeriodS, holds, onePixelS);
  return bandRects(bands, ctx.axis, areaBottomPx(areaHeightPx) - STRIP_HEIGHT_PX - 1, STRIP_HEIGHT_PX + 1, cls, label);
}
