/**
 * The fleet page (out/fleet-report.html): one self-contained HTML file like
 * the mission report (inline CSS and SVG, no script), on one time axis:
 * per spacecraft, small multiples of its state of charge and its
 * accelerator draw against its caps (its own eclipses and contacts
 * behind); the job placement timeline (a row per spacecraft, a bar per run
 * from its placement to its last known time, coloured by how it ended);
 * and the contact chart (a row per spacecraft: contacts and eclipses, and
 * the station outages).
 */
import { bandRects } from './bands.js';
import { escapeXml } from './escape.js';
import type { FleetRecord, FleetRunSpan } from './fleet-record.js';
import { clockTime, counted, px, round } from './format.js';
import { areaTopPx, boxSwatch, renderPlot, type PlotContext } from './frame.js';
import { STRIP_HEIGHT_PX, timeAxis } from './layout.js';
import { seriesLegend, seriesMarkup, seriesValues, yAxisFor, type Series } from './series.js';
import { REPORT_CSS } from './style.js';

const SMALL_HEIGHT_PX = 64;
const LANE_HEIGHT_PX = 6;
/** Runs drawn on one spacecraft's row at once; more overlapping are drawn in the last lane. */
export const FLEET_LANES_MAX = 8;
const ROW_GAP_PX = 6;
const CONTACT_ROW_PX = 14;

const SOC: Series = { label: 'state of charge, true', color: '#1f77b4', widthPx: 1.5, value: (s) => s.socPctTrue };
const DRAW: readonly Series[] = [
  { label: 'accelerator draw', color: '#333333', widthPx: 1.2, fill: '#9467bd', value: (s) => s.acceleratorPowerW },
  { label: 'power cap', color: '#1f77b4', dash: '6 3', widthPx: 1.5, value: (s) => s.powerCapW },
  { label: 'thermal cap', color: '#d62728', dash: '2 2', widthPx: 1.5, value: (s) => s.thermalCapW },
];

/** A run's class by how it ended (the mission report's job colours). */
export function runClass(run: FleetRunSpan): string {
  switch (run.state) {
    case 'home':
      return 'job-ok';
    case 'done':
      return 'job-done';
    case 'failed':
    case 'abandoned':
      return 'job-failed';
    case 'cancelled':
      return 'job-cancelled';
    default:
      return 'job-pending';
  }
}

const RUN_LEGEND = [
  { label: 'result home', swatch: boxSwatch('job-ok') },
  { label: 'done on board, not home', swatch: boxSwatch('job-done') },
  { label: 'on its way or running', swatch: boxSwatch('job-pending') },
  { label: 'failed or abandoned', swatch: boxSwatch('job-failed') },
  { label: 'cancelled (moved, done elsewhere)', swatch: boxSwatch('job-cancelled') },
];

export function renderFleetReport(record: FleetRecord): string {
  const axis = timeAxis(record.startS, record.endS);
  const orbits: { startS: number; orbitNumber: number }[] = [];
  if (record.orbitPeriodS > 0)
    for (let n = 0; record.startS + n * record.orbitPeriodS < record.endS && n < 10_000; n++)
      orbits.push({ startS: record.startS + n * record.orbitPeriodS, orbitNumber: n + 1 });
  const bare: PlotContext = { axis, orbits, bands: { eclipses: [], contacts: [], saaPasses: [] } };
  const multiples = record.spacecraft.flatMap((sc, i) => {
    const ctx: PlotContext = { ...bare, bands: { eclipses: sc.eclipses, contacts: sc.contacts, saaPasses: [] } };
    const socY = yAxisFor(SMALL_HEIGHT_PX, 'SoC (%)', [], { fixed: [0, 100] });
    const drawY = yAxisFor(SMALL_HEIGHT_PX, 'power (W)', seriesValues(sc.samples, DRAW), { includeZero: true });
    return [
      renderPlot(ctx, {
        id: `soc-${i}`,
        title: `${sc.name}: state of charge`,
        areaHeightPx: SMALL_HEIGHT_PX,
        y: socY,
        legend: i === 0 ? [seriesLegend(SOC)] : [],
        body: seriesMarkup(sc.samples, SOC, axis, socY.scale),
      }),
      renderPlot(ctx, {
        id: `draw-${i}`,
        title: `${sc.name}: accelerator draw against its caps`,
        areaHeightPx: SMALL_HEIGHT_PX,
        y: drawY,
        legend: i === 0 ? DRAW.map(seriesLegend) : [],
        body: DRAW.map((s) => seriesMarkup(sc.samples, s, axis, drawY.scale)).join(''),
      }),
    ];
  });
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeXml(record.title)}</title><style>${REPORT_CSS}</style></head>` +
    `<body><main>${fleetHeader(record)}\n${placementPlot(bare, record)}\n${contactPlot(bare, record)}\n` +
    `<section id="spacecraft"><h2>Each spacecraft</h2>${multiples.join('\n')}</section></main></body></html>\n`
  );
}

function fleetHeader(record: FleetRecord): string {
  const rows = (entries: readonly (readonly [string, string | number])[]) =>
    entries.map(([name, value]) => `<tr><th>${escapeXml(name)}</th><td>${escapeXml(value)}</td></tr>`).join('');
  const spanS = record.endS - record.startS;
  const facts =
    `${clockTime(record.startS)} to ${clockTime(record.endS)} mission time (${round(spanS / 3600, 2)} h), ` +
    `${counted(record.spacecraft.length, 'spacecraft', 'spacecraft')}, ${counted(record.runs.length, 'run')} placed, ${counted(record.outages.length, 'station outage')}.`;
  const nav = [
    ['placement', 'job placement'],
    ['contacts', 'contacts'],
    ['spacecraft', 'each spacecraft'],
  ]
    .map(([id, label]) => `<a href="#${id}">${label}</a>`)
    .join(' · ');
  return (
    `<header><h1>${escapeXml(record.title)}</h1><p class="facts">${escapeXml(facts)}</p><nav>${nav}</nav></header>` +
    `<section class="tables"><div><h2>Parameters</h2><table class="kv">${rows(Object.entries(record.parameters))}</table></div>` +
    `<div><h2>Summary</h2><table class="kv summary">${rows(record.summary)}</table></div></section>` +
    `<p class="digest">Fleet digest: <code>${escapeXml(record.digest)}</code></p>`
  );
}

/** Each run into the first lane of its spacecraft free at its placement (at most FLEET_LANES_MAX). */
export function runLanes(runs: readonly FleetRunSpan[]): Map<FleetRunSpan, number> {
  const lanes = new Map<FleetRunSpan, number>();
  const ends = new Map<string, number[]>();
  for (const run of [...runs].sort((a, b) => a.placedS - b.placedS || a.boardJobId - b.boardJobId)) {
    const laneEnds = ends.get(run.spacecraft) ?? [];
    ends.set(run.spacecraft, laneEnds);
    let lane = laneEnds.findIndex((endS) => endS <= run.placedS);
    if (lane < 0) lane = laneEnds.length < FLEET_LANES_MAX ? laneEnds.push(Number.NEGATIVE_INFINITY) - 1 : FLEET_LANES_MAX - 1;
    laneEnds[lane] = Math.max(laneEnds[lane]!, run.endS);
    lanes.set(run, lane);
  }
  return lanes;
}

function placementPlot(ctx: PlotContext, record: FleetRecord): string {
  const lanes = runLanes(record.runs);
  const rowHeight = FLEET_LANES_MAX * LANE_HEIGHT_PX + ROW_GAP_PX;
  const top = areaTopPx + ROW_GAP_PX / 2;
  const rowOf = new Map(record.spacecraft.map((sc, i) => [sc.name, i]));
  const bars = record.runs.map((run) => {
    const row = rowOf.get(run.spacecraft) ?? 0;
    const x = ctx.axis.toX(Math.max(run.placedS, ctx.axis.startS));
    const width = Math.max(2, ctx.axis.toX(Math.min(run.endS, ctx.axis.endS)) - x);
    const y = top + row * rowHeight + (lanes.get(run) ?? 0) * LANE_HEIGHT_PX;
    const title =
      `fleet job ${run.jobId} (${run.kind}) on ${run.spacecraft} as ${run.boardJobId}: ${run.state}${run.detail ? ` (${run.detail})` : ''}; ` +
      `placed ${clockTime(run.placedS)}, last known ${clockTime(run.endS)}${run.homeStation ? ` (home through ${run.homeStation})` : ''}; ${run.because}`;
    return `<rect class="run ${runClass(run)}" x="${px(x)}" y="${px(y)}" width="${px(width)}" height="${LANE_HEIGHT_PX - 1}"><title>${escapeXml(title)}</title></rect>`;
  });
  return renderPlot(ctx, {
    id: 'placement',
    title: 'Job placement',
    note: 'A bar per run the broker placed, on the row of its spacecraft, from its placement to the last time known of it (its result home, its end on board, or the end of the flight); hover for the job, its on-board id and why the broker put it there.',
    areaHeightPx: Math.max(1, record.spacecraft.length) * rowHeight + ROW_GAP_PX,
    rowLabels: record.spacecraft.map((sc, i) => ({
      y: top + i * rowHeight + (FLEET_LANES_MAX * LANE_HEIGHT_PX) / 2,
      text: sc.name,
      title: `${sc.name}: ${counted(record.runs.filter((run) => run.spacecraft === sc.name).length, 'run')}`,
    })),
    legend: RUN_LEGEND,
    body: bars.join(''),
  });
}

function contactPlot(ctx: PlotContext, record: FleetRecord): string {
  const top = areaTopPx + ROW_GAP_PX / 2;
  const outageRows = [...new Set(record.outages.map((outage) => outage.station))];
  const rows = [...record.spacecraft.map((sc) => sc.name), ...outageRows.map((station) => `${station} out`)];
  const body = [
    ...record.spacecraft.map((sc, i) => {
      const y = top + i * CONTACT_ROW_PX;
      return (
        bandRects(sc.eclipses, ctx.axis, y, CONTACT_ROW_PX - 2, 'band-eclipse', `${sc.name} eclipse`) +
        bandRects(sc.contacts, ctx.axis, y + (CONTACT_ROW_PX - 2 - STRIP_HEIGHT_PX * 2) / 2, STRIP_HEIGHT_PX * 2, 'band-contact', `${sc.name} contact`)
      );
    }),
    ...outageRows.map((station, j) =>
      bandRects(
        record.outages.filter((outage) => outage.station === station).map((outage) => ({ startS: outage.fromS, endS: outage.untilS })),
        ctx.axis,
        top + (record.spacecraft.length + j) * CONTACT_ROW_PX,
        CONTACT_ROW_PX - 2,
        'band-mode',
        `station ${station} out`,
      ),
    ),
  ];
  return renderPlot(ctx, {
    id: 'contacts',
    title: 'Station contacts',
    note: 'A row per spacecraft: its ground contacts (green) over its eclipses (grey); below, the stations taken away (red).',
    areaHeightPx: Math.max(1, rows.length) * CONTACT_ROW_PX + ROW_GAP_PX,
    rowLabels: rows.map((text, i) => ({ y: top + i * CONTACT_ROW_PX + CONTACT_ROW_PX / 2 - 1, text })),
    legend: [{ label: 'station out of service', swatch: boxSwatch('band-mode') }],
    body: body.join(''),
  });
}
