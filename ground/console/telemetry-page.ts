/**
 * Telemetry on a chart (uPlot): any numeric field of any packet, several
 * per chart, each with its unit in the legend and its yellow and red limit
 * lines from the dictionary; live from the stream (redrawn at most every
 * REDRAW_MS, the newest LIVE_POINTS_MAX points kept per field), and a
 * mission-time range filled from the archive into the same chart (paged,
 * up to LIVE_POINTS_MAX points a field); what is shown exports as CSV.
 */
import uPlot from 'uplot';
import type { StreamMessage } from '../api/contract.js';
import type { HttpGroundApi } from '../client/http-ground-api.js';
import type { ConsoleDictionary, NumericField } from './dictionary.js';
import { fill, h } from './dom.js';
import type { LiveStream } from './live.js';

export const LIVE_POINTS_MAX = 100_000;
const REDRAW_MS = 250;
const ARCHIVE_LIMIT = 10_000;
const COLOURS = ['#4fa3ff', '#3ecf8e', '#c792ea', '#ff9e64'];
const LIMIT_COLOURS = { yellow: '#f2c94c', red: '#ff5c5c' } as const;

interface Trace {
  readonly field: NumericField;
  timesS: number[];
  values: number[];
}

/** Every limit of the traces: [yellowLow|yellowHigh|redLow|redHigh, value]. */
const limitsOf = (traces: readonly Trace[]): Array<[string, number]> =>
  traces.flatMap((trace) => Object.entries(trace.field.limits ?? {}).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));

/** The y range: the data's and every limit's, with a margin, so that the limit lines are always in view. */
function yRange(traces: () => readonly Trace[]): uPlot.Range.Function {
  return (_u, dataMin, dataMax) => {
    const values = [dataMin, dataMax, ...limitsOf(traces()).map(([, value]) => value)].filter((value) => Number.isFinite(value));
    if (values.length === 0) return [0, 1];
    const [low, high] = [Math.min(...values), Math.max(...values)];
    const margin = (high - low || Math.abs(high) || 1) * 0.05;
    return [low - margin, high + margin];
  };
}

/** Draws each trace's limit lines across the plot (dashed: yellow and red); the chart's data-limits lists what was drawn. */
function limitLines(traces: () => readonly Trace[], box: HTMLElement): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const ctx = u.ctx;
        ctx.save();
        ctx.setLineDash([6, 4]);
        ctx.lineWidth = 1;
        const drawn: number[] = [];
        for (const trace of traces()) {
          for (const [key, value] of limitsOf([trace])) {
            const y = u.valToPos(value, 'y', true);
            if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) continue;
            drawn.push(value);
            ctx.strokeStyle = key.startsWith('red') ? LIMIT_COLOURS.red : LIMIT_COLOURS.yellow;
            ctx.beginPath();
            ctx.moveTo(u.bbox.left, y);
            ctx.lineTo(u.bbox.left + u.bbox.width, y);
            ctx.stroke();
          }
        }
        ctx.restore();
        box.dataset.limits = drawn.join(',');
      },
    },
  };
}

/** Inserts one point in time order (live points come in order; archive points may not). */
function insert(trace: Trace, timeS: number, value: number): void {
  const { timesS, values } = trace;
  let i = timesS.length;
  while (i > 0 && timesS[i - 1]! > timeS) i--;
  if (i > 0 && timesS[i - 1] === timeS) return;
  timesS.splice(i, 0, timeS);
  values.splice(i, 0, value);
  if (timesS.length > LIVE_POINTS_MAX) {
    timesS.shift();
    values.shift();
  }
}

export function telemetryPage(
  api: HttpGroundApi,
  dictionary: ConsoleDictionary,
  live: LiveStream,
  spacecraft: string,
): { readonly element: HTMLElement; readonly stop: () => void } {
  const traces: Trace[] = [];
  const chartBox = h('div', { className: 'chart', id: 'chart' });
  const status = h('p', { className: 'muted', id: 'chart-status' });
  const picker = h(
    'select',
    { id: 'field-picker' },
    ...dictionary.numericFields.map((f) => h('option', { value: f.key }, `${f.key}${f.unit ? ` (${f.unit})` : ''}`)),
  );
  const from = h('input', { id: 'range-from', type: 'number', placeholder: 'from t (s)', step: 'any' });
  const to = h('input', { id: 'range-to', type: 'number', placeholder: 'to t (s)', step: 'any' });
  let plot: uPlot | null = null;
  let dirty = false;

  const rebuild = () => {
    plot?.destroy();
    plot = null;
    if (traces.length === 0) {
      fill(chartBox, h('p', { className: 'muted' }, 'Add a field to plot it.'));
      return;
    }
    chartBox.replaceChildren();
    plot = new uPlot(
      {
        width: Math.max(400, chartBox.clientWidth || 900),
        height: 360,
        scales: { x: { time: false }, y: { range: yRange(() => traces) } },
        axes: [{ stroke: '#8a98a8', label: 'mission time (s)' }, { stroke: '#8a98a8' }],
        series: [{ label: 't (s)' }, ...traces.map((trace, i) => ({ label: trace.field.label, stroke: COLOURS[i % COLOURS.length], spanGaps: true }))],
        plugins: [limitLines(() => traces, chartBox)],
      },
      data(),
      chartBox,
    );
  };

  const data = (): uPlot.AlignedData =>
    traces.length === 1 ? [traces[0]!.timesS, traces[0]!.values] : uPlot.join(traces.map((trace) => [trace.timesS, trace.values] as uPlot.AlignedData));

  const redraw = () => {
    if (!dirty || !plot) return;
    dirty = false;
    // how long the newest data took to reach the screen (the bench reads it: data-draw-ms)
    const startMs = performance.now();
    plot.setData(data());
    requestAnimationFrame(() => (chartBox.dataset.drawMs = (performance.now() - startMs).toFixed(1)));
    status.textContent = traces.map((trace) => `${trace.field.key}: ${trace.timesS.length} points`).join('; ');
  };
  const timer = setInterval(redraw, REDRAW_MS);

  const stopLive = live.on((message: StreamMessage) => {
    if (message.type !== 'telemetry' || (message.sc !== undefined && message.sc !== spacecraft)) return;
    for (const trace of traces) {
      if (trace.field.packet !== message.packet.name) continue;
      const value = message.packet.fields[trace.field.name]?.value;
      if (typeof value === 'number') {
        insert(trace, message.packet.timeS, value);
        dirty = true;
      }
    }
  });

  const addField = (key: string) => {
    const field = dictionary.numericFields.find((f) => f.key === key);
    if (!field || traces.some((trace) => trace.field.key === key) || traces.length >= COLOURS.length) return;
    traces.push({ field, timesS: [], values: [] });
    rebuild();
  };

  const loadArchive = async () => {
    const fromS = from.value === '' ? undefined : Number(from.value);
    const toS = to.value === '' ? undefined : Number(to.value);
    status.textContent = 'loading from the archive...';
    for (const trace of traces) {
      // page by time through the range, ARCHIVE_LIMIT rows a request, until it ends or the trace holds LIVE_POINTS_MAX
      let pageFromS = fromS;
      // each page after the first repeats the row at its start (from is inclusive): at most twice the pages the points need
      for (let page = 0; page < 2 * Math.ceil(LIVE_POINTS_MAX / ARCHIVE_LIMIT) && trace.timesS.length < LIVE_POINTS_MAX; page++) {
        const answer = await api.archive('telemetry', { param: trace.field.key, from: pageFromS, to: toS, limit: ARCHIVE_LIMIT });
        if (!answer.ok) {
          status.textContent = answer.error;
          return;
        }
        const rows = answer.value.rows;
        for (const row of rows) if (typeof row.value === 'number' && typeof row.timeS === 'number') insert(trace, row.timeS, row.value);
        const last = rows.at(-1)?.timeS;
        if (rows.length < ARCHIVE_LIMIT || typeof last !== 'number' || last === pageFromS) break;
        pageFromS = last;
      }
    }
    dirty = true;
    redraw();
  };

  const exportCsv = () => {
    const [times, ...columns] = data();
    const lines = [['timeS', ...traces.map((trace) => trace.field.key)].join(',')];
    for (let i = 0; i < times!.length; i++) lines.push([times![i], ...columns.map((column) => column[i] ?? '')].join(','));
    const link = h('a', { href: URL.createObjectURL(new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' })), download: `${spacecraft}-telemetry.csv` });
    link.click();
    URL.revokeObjectURL(link.href);
  };

  const element = h(
    'section',
    {},
    h('h2', {}, `Telemetry of ${spacecraft}`),
    h(
      'div',
      { className: 'panel row' },
      h('label', {}, 'Field', picker),
      h('button', { id: 'add-field', onclick: () => addField(picker.value) }, 'Add to chart'),
      h(
        'button',
        {
          onclick: () => {
            traces.splice(0);
            rebuild();
          },
        },
        'Clear',
      ),
      h('label', {}, 'From', from),
      h('label', {}, 'To', to),
      h('button', { id: 'load-archive', onclick: () => void loadArchive() }, 'Fill from archive'),
      h('button', { id: 'export-csv', onclick: exportCsv }, 'Export CSV'),
    ),
    chartBox,
    status,
  );
  rebuild();
  return {
    element,
    stop: () => {
      clearInterval(timer);
      stopLive();
      plot?.destroy();
    },
  };
}
