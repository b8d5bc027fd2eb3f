/**
 * Plot 5: the notable events on a strip, one row per kind (upsets,
 * corrections, uncorrectable errors, latch-ups, SEFIs, resets, ...). Events
 * of one kind within EVENT_BUCKET_PX pixel columns share a marker, which grows with their
 * count and whose tooltip gives the count and the first event's text.
 *
 * Each row's label counts what its kind counts (KindStyle.counts), each
 * thing once: an event adds its `count` (record.ts; default 1). Events that
 * add nothing (the flight software's report of a latch-up the simulator
 * counted, the power-on boot) are drawn hollow.
 */
import type { MissionEvent, MissionEventKind, MissionRecord } from './record.js';
import { escapeXml } from './escape.js';
import { clockTime, counted, cut, px } from './format.js';
import { renderPlot, type LegendItem, type PlotContext } from './frame.js';
import { STRIP_HEIGHT_PX } from './layout.js';
import { areaTopPx } from './frame.js';

const ROW_HEIGHT_PX = 20;
/** Events of one kind within this many pixel columns share a marker (markers are wider than a pixel). */
export const EVENT_BUCKET_PX = 3;
/** Event text in a tooltip is cut to this many characters. */
const TOOLTIP_TEXT_MAX = 160;
const ROWS_TOP_PAD_PX = 2 * STRIP_HEIGHT_PX + 4;

interface KindStyle {
  readonly label: string;
  /** What the row's number counts. */
  readonly counts: string;
  readonly color: string;
  readonly shape: 'circle' | 'square' | 'diamond' | 'triangle' | 'cross' | 'bar';
}

export const EVENT_KINDS: Readonly<Record<MissionEventKind, KindStyle>> = {
  upset: { label: 'upset (bit flip)', counts: 'memory and logic upsets (simulator)', color: '#ff7f0e', shape: 'circle' },
  correction: { label: 'corrected (ECC, scrub)', counts: 'words ECC corrected, and corruptions the job runner found', color: '#2ca02c', shape: 'circle' },
  uncorrectable: { label: 'uncorrectable', counts: 'uncorrectable memory errors (pages retired)', color: '#d62728', shape: 'cross' },
  latchup: {
    label: 'latch-up',
    counts: "latch-ups (simulator); the flight software's trips and rail switch-offs are drawn hollow, not counted again",
    color: '#9467bd',
    shape: 'triangle',
  },
  sefi: {
    label: 'SEFI',
    counts: "accelerator hangs (simulator); the flight software's resets of the device are drawn hollow, not counted again",
    color: '#8c564b',
    shape: 'square',
  },
  reset: {
    label: 'reset',
    counts: 'flight software restarts; the power-on boot and brown-outs (counted at the restart they cause) are drawn hollow',
    color: '#111111',
    shape: 'diamond',
  },
  mode: { label: 'mode change', counts: 'mode changes', color: '#1f77b4', shape: 'bar' },
  shed: { label: 'load shed', counts: 'loads shed (restores drawn hollow)', color: '#7f7f7f', shape: 'triangle' },
  limit: { label: 'limit crossed', counts: 'limits crossed', color: '#d4a000', shape: 'diamond' },
  other: { label: 'other', counts: 'other warnings', color: '#17becf', shape: 'circle' },
};

/** Always shown, in this order; the rest only when present. */
const MAIN_KINDS: readonly MissionEventKind[] = ['upset', 'correction', 'uncorrectable', 'latchup', 'sefi', 'reset'];
const ALL_KINDS = Object.keys(EVENT_KINDS) as MissionEventKind[];

export function markerPath(shape: KindStyle['shape'], x: number, y: number, r: number): string {
  const [X, Y, R] = [px(x), px(y), px(r)];
  switch (shape) {
    case 'circle':
      return `M${px(x - r)} ${Y}a${R} ${R} 0 1 0 ${px(2 * r)} 0a${R} ${R} 0 1 0 ${px(-2 * r)} 0z`;
    case 'square':
      return `M${px(x - r)} ${px(y - r)}h${px(2 * r)}v${px(2 * r)}h${px(-2 * r)}z`;
    case 'diamond':
      return `M${X} ${px(y - r * 1.3)}l${px(r * 1.3)} ${px(r * 1.3)}l${px(-r * 1.3)} ${px(r * 1.3)}l${px(-r * 1.3)} ${px(-r * 1.3)}z`;
    case 'triangle':
      return `M${X} ${px(y - r * 1.2)}l${px(r * 1.2)} ${px(r * 2.1)}h${px(-r * 2.4)}z`;
    case 'cross':
      return `M${px(x - r)} ${px(y - r)}l${px(2 * r)} ${px(2 * r)}m0 ${px(-2 * r)}l${px(-2 * r)} ${px(2 * r)}`;
    case 'bar':
      return `M${px(x - 1)} ${px(y - r * 1.4)}h2v${px(r * 2.8)}h-2z`;
  }
}

/** A marker; hollow for events that add nothing to their kind's count. */
function marker(kind: MissionEventKind, x: number, y: number, r: number, hollow = false): string {
  const style = EVENT_KINDS[kind];
  const stroke =
    style.shape === 'cross'
      ? ` stroke="${style.color}" stroke-width="2" fill="none"`
      : hollow
        ? ` class="event-uncounted" stroke="${style.color}" stroke-width="1.5" fill="#ffffff"`
        : ` fill="${style.color}"`;
  return `<path d="${markerPath(style.shape, x, y, r)}"${stroke}`;
}

/** What an event adds to its kind's count. */
export function eventCount(event: MissionEvent): number {
  return event.count ?? 1;
}

interface Bucket {
  count: number;
  /** Sum of the events' counts. */
  counted: number;
  readonly first: MissionEvent;
  last: MissionEvent;
}

export function eventsPlot(ctx: PlotContext, record: MissionRecord): string {
  const present = new Set(record.events.map((e) => e.kind));
  const kinds = ALL_KINDS.filter((k) => MAIN_KINDS.includes(k) || present.has(k));
  const top = areaTopPx + ROWS_TOP_PAD_PX;
  const buckets = new Map<MissionEventKind, Map<number, Bucket>>();
  for (const event of record.events) {
    if (event.timeS < ctx.axis.startS || event.timeS > ctx.axis.endS) continue;
    const byColumn = buckets.get(event.kind) ?? new Map<number, Bucket>();
    buckets.set(event.kind, byColumn);
    const column = Math.floor(ctx.axis.column(event.timeS) / EVENT_BUCKET_PX);
    const bucket = byColumn.get(column);
    if (bucket) {
      bucket.count += 1;
      bucket.counted += eventCount(event);
      bucket.last = event;
    } else byColumn.set(column, { count: 1, counted: eventCount(event), first: event, last: event });
  }
  const parts: string[] = [];
  const rowLabels: { y: number; text: string; title: string }[] = [];
  const totals = new Map<MissionEventKind, number>();
  for (const event of record.events) totals.set(event.kind, (totals.get(event.kind) ?? 0) + eventCount(event));
  kinds.forEach((kind, row) => {
    const y = top + row * ROW_HEIGHT_PX + ROW_HEIGHT_PX / 2;
    const total = totals.get(kind) ?? 0;
    rowLabels.push({ y, text: `${EVENT_KINDS[kind].label.replace(/ \(.*\)$/, '')} (${total})`, title: `${total}: ${EVENT_KINDS[kind].counts}` });
    parts.push(`<path class="event-row" d="M${px(ctx.axis.toX(ctx.axis.startS))} ${px(y)}H${px(ctx.axis.toX(ctx.axis.endS))}"/>`);
    for (const bucket of buckets.get(kind)?.values() ?? []) {
      const r = 3 + Math.min(4, Math.log2(bucket.count));
      const title =
        bucket.count === 1
          ? `${clockTime(bucket.first.timeS)} ${kind}: ${cut(bucket.first.text, TOOLTIP_TEXT_MAX)}`
          : `${bucket.count} × ${kind} from ${clockTime(bucket.first.timeS)} to ${clockTime(bucket.last.timeS)}; first: ${cut(bucket.first.text, TOOLTIP_TEXT_MAX)}`;
      parts.push(`${marker(kind, ctx.axis.toX(bucket.first.timeS), y, r, bucket.counted === 0)}><title>${escapeXml(title)}</title></path>`);
    }
  });
  const legend: LegendItem[] = kinds.map((kind) => ({
    label: EVENT_KINDS[kind].label,
    swatch: `${marker(kind, 14, 6, 4)}/>`,
  }));
  return renderPlot(ctx, {
    id: 'events',
    title: 'Events',
    note:
      `${counted(record.events.length, 'event')}: radiation effects and what the flight software did about them. Markers close together merge and grow with their count (see the tooltip). ` +
      `Each row counts one thing, once. ${kinds.map((kind) => `${EVENT_KINDS[kind].label.replace(/ \(.*\)$/, '')}: ${EVENT_KINDS[kind].counts}.`).join(' ')}`,
    areaHeightPx: ROWS_TOP_PAD_PX + kinds.length * ROW_HEIGHT_PX + 4,
    rowLabels,
    legend,
    body: parts.join(''),
  });
}
