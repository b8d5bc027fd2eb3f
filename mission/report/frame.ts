/**
 * One plot as an HTML figure: a heading and legend (HTML), then an inline
 * SVG with the bands behind, grid, the plot's own drawing, the shared time
 * axis below, the orbit numbers above and a y axis (or row labels) on the
 * left. Every plot of the report goes through here, so they line up.
 */
import { backgroundBands, type BandSet } from './bands.js';
import { escapeXml } from './escape.js';
import { cut, px, tickLabel } from './format.js';
import { AREA_WIDTH_PX, MARGIN_BOTTOM_PX, MARGIN_LEFT_PX, MARGIN_TOP_PX, PLOT_WIDTH_PX, type TimeAxis, type YScale } from './layout.js';

/** Row labels (job names, event kinds) are cut to fit the left margin. */
const ROW_LABEL_CHARS_MAX = 20;

export interface OrbitStart {
  readonly startS: number;
  readonly orbitNumber: number;
}

/** What every plot shares: the time axis, the bands and the orbit starts. */
export interface PlotContext {
  readonly axis: TimeAxis;
  readonly bands: BandSet;
  readonly orbits: readonly OrbitStart[];
}

export interface LegendItem {
  readonly label: string;
  /** SVG markup inside a 28 x 12 swatch. */
  readonly swatch: string;
}

export interface PlotSpec {
  readonly id: string;
  readonly title: string;
  /** One line under the title: what to look for. */
  readonly note?: string;
  readonly areaHeightPx: number;
  readonly y?: { readonly scale: YScale; readonly label: string; readonly ticks: readonly number[] };
  /** Labels left of rows; a title becomes the label's tooltip. */
  readonly rowLabels?: readonly { readonly y: number; readonly text: string; readonly title?: string }[];
  readonly legend: readonly LegendItem[];
  /** The plot's own drawing, in SVG coordinates, clipped to the plot area. */
  readonly body: string;
}

export const areaTopPx = MARGIN_TOP_PX;
export function areaBottomPx(areaHeightPx: number): number {
  return MARGIN_TOP_PX + areaHeightPx;
}

export function lineSwatch(color: string, dash?: string, width = 2): string {
  return `<line x1="1" y1="6" x2="27" y2="6" stroke="${color}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
}

export function boxSwatch(cls: string): string {
  return `<rect class="${cls}" x="1" y="1" width="26" height="10"/>`;
}

const BAND_LEGEND: readonly LegendItem[] = [
  { label: 'eclipse', swatch: boxSwatch('band-eclipse') },
  { label: 'ground contact', swatch: boxSwatch('band-contact') },
  { label: 'SAA pass', swatch: boxSwatch('band-saa') },
];

export function renderPlot(ctx: PlotContext, spec: PlotSpec): string {
  const top = areaTopPx;
  const bottom = areaBottomPx(spec.areaHeightPx);
  const left = MARGIN_LEFT_PX;
  const height = bottom + MARGIN_BOTTOM_PX;
  const clipId = `clip-${spec.id}`;
  const parts: string[] = [];
  parts.push(
    `<svg class="plot" id="svg-${spec.id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${PLOT_WIDTH_PX} ${height}" width="${PLOT_WIDTH_PX}" height="${height}" role="img">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<defs><clipPath id="${clipId}"><rect x="${left}" y="${top}" width="${AREA_WIDTH_PX}" height="${spec.areaHeightPx}"/></clipPath></defs>`,
    `<rect class="area" x="${left}" y="${top}" width="${AREA_WIDTH_PX}" height="${spec.areaHeightPx}"/>`,
    backgroundBands(ctx.bands, ctx.axis, top, bottom),
    grid(ctx, spec, top, bottom),
    `<g clip-path="url(#${clipId})">${spec.body}</g>`,
    `<rect class="frame" x="${left}" y="${top}" width="${AREA_WIDTH_PX}" height="${spec.areaHeightPx}"/>`,
    timeAxisMarkup(ctx.axis, bottom),
    orbitAxisMarkup(ctx, top),
    yAxisMarkup(spec, top, bottom),
    `</svg>`,
  );
  const legend = [...spec.legend, ...BAND_LEGEND]
    .map((item) => `<li><svg class="swatch" width="28" height="12" viewBox="0 0 28 12">${item.swatch}</svg>${escapeXml(item.label)}</li>`)
    .join('');
  return (
    `<figure class="plot" id="${spec.id}"><figcaption><h2>${escapeXml(spec.title)}</h2>` +
    (spec.note ? `<p class="note">${escapeXml(spec.note)}</p>` : '') +
    `<ul class="legend">${legend}</ul></figcaption>${parts.join('')}</figure>`
  );
}

function grid(ctx: PlotContext, spec: PlotSpec, top: number, bottom: number): string {
  const lines: string[] = [];
  for (const tS of ctx.axis.ticksS) {
    const x = px(ctx.axis.toX(tS));
    lines.push(`M${x} ${top}V${bottom}`);
  }
  if (spec.y) {
    for (const value of spec.y.ticks) {
      const y = px(spec.y.scale.toY(value));
      lines.push(`M${MARGIN_LEFT_PX} ${y}h${AREA_WIDTH_PX}`);
    }
  }
  return `<path class="grid" d="${lines.join('')}"/>`;
}

function timeAxisMarkup(axis: TimeAxis, bottom: number): string {
  const ticks: string[] = [];
  const labels: string[] = [];
  for (const tS of axis.ticksS) {
    const x = px(axis.toX(tS));
    ticks.push(`M${x} ${bottom}v5`);
    labels.push(`<text x="${x}" y="${bottom + 17}" text-anchor="middle">${tickLabel(tS / axis.unitS)}</text>`);
  }
  const title = `<text class="axis-title" x="${px(MARGIN_LEFT_PX + AREA_WIDTH_PX / 2)}" y="${bottom + 34}" text-anchor="middle">mission time (${axis.unit})</text>`;
  return `<g class="axis"><path d="${ticks.join('')}"/>${labels.join('')}${title}</g>`;
}

const ORBIT_LABEL_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/** Orbit numbers above the plot area, centred in each orbit, thinned when crowded. */
function orbitAxisMarkup(ctx: PlotContext, top: number): string {
  const { axis, orbits } = ctx;
  const visible = orbits.filter((o) => o.startS <= axis.endS);
  if (visible.length === 0) return '';
  const ticks: string[] = [];
  const labels: string[] = [];
  const widthPerOrbitPx = AREA_WIDTH_PX / Math.max(1, visible.length);
  const every = ORBIT_LABEL_STEPS.find((step) => step * widthPerOrbitPx >= 28) ?? Math.ceil(28 / widthPerOrbitPx);
  visible.forEach((orbit, i) => {
    const next = visible[i + 1];
    const startS = Math.max(orbit.startS, axis.startS);
    const endS = Math.min(next ? next.startS : axis.endS, axis.endS);
    if (orbit.startS > axis.startS) ticks.push(`M${px(axis.toX(orbit.startS))} ${top}v-6`);
    if (orbit.orbitNumber % every === 0 || every === 1) {
      const x = axis.toX((startS + endS) / 2);
      labels.push(`<text x="${px(x)}" y="${top - 6}" text-anchor="middle">${escapeXml(orbit.orbitNumber)}</text>`);
    }
  });
  const title = `<text class="axis-title" x="${MARGIN_LEFT_PX - 6}" y="${top - 6}" text-anchor="end">orbit</text>`;
  return `<g class="axis orbit-axis"><path d="${ticks.join('')}"/>${labels.join('')}${title}</g>`;
}

function yAxisMarkup(spec: PlotSpec, top: number, bottom: number): string {
  const parts: string[] = [];
  if (spec.y) {
    const ticks: string[] = [];
    for (const value of spec.y.ticks) {
      const y = spec.y.scale.toY(value);
      ticks.push(`M${MARGIN_LEFT_PX} ${px(y)}h-5`);
      parts.push(`<text x="${MARGIN_LEFT_PX - 8}" y="${px(y + 4)}" text-anchor="end">${tickLabel(value)}</text>`);
    }
    parts.unshift(`<path d="${ticks.join('')}"/>`);
    const midY = px((top + bottom) / 2);
    parts.push(`<text class="axis-title" x="16" y="${midY}" text-anchor="middle" transform="rotate(-90 16 ${midY})">${escapeXml(spec.y.label)}</text>`);
  }
  for (const row of spec.rowLabels ?? []) {
    const label = `<text x="${MARGIN_LEFT_PX - 6}" y="${px(row.y + 4)}" text-anchor="end">${escapeXml(cut(row.text, ROW_LABEL_CHARS_MAX))}</text>`;
    parts.push(row.title !== undefined ? `<g><title>${escapeXml(row.title)}</title>${label}</g>` : label);
  }
  return `<g class="axis">${parts.join('')}</g>`;
}
