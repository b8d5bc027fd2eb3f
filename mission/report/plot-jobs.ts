/**
 * Plot 4: the job timeline. With few jobs one row per job (a thin line while
 * it waits, a bar per run); with many, jobs are packed into lanes. Bars are
 * coloured by outcome; a failed job ends in a cross, a retried one has an
 * amber outline and a triangle at its first run (in packed lanes, an amber
 * line along the top of its bars).
 */
import type { JobSpan, MissionRecord } from './record.js';
import { escapeXml } from './escape.js';
import { clockTime, px } from './format.js';
import { boxSwatch, renderPlot, type LegendItem, type PlotContext } from './frame.js';
import { AREA_WIDTH_PX, STRIP_HEIGHT_PX, type TimeAxis } from './layout.js';
import { areaTopPx } from './frame.js';

/** Up to this many jobs, one row each (the default mission's workload fits); beyond, packed lanes. */
export const JOB_ROWS_MAX = 64;
/** Up to this many jobs, tall rows each labelled; beyond, short rows with every other one labelled. */
const TALL_ROWS_MAX = 32;
/** At most this many packed lanes; jobs that fit in none are counted in the note. */
export const JOB_LANES_MAX = 48;

const TALL_ROW_HEIGHT_PX = 12;
const SHORT_ROW_HEIGHT_PX = 8;
const LANE_HEIGHT_PX = 8;
const ROWS_TOP_PAD_PX = 2 * STRIP_HEIGHT_PX + 4;

export function outcomeClass(job: JobSpan): string {
  if (job.outcome === 'done') return job.verified === true ? 'job-ok' : job.verified === false ? 'job-wrong' : 'job-done';
  return `job-${job.outcome}`;
}

function describe(job: JobSpan): string {
  const outcome =
    job.outcome === 'done'
      ? job.verified === true
        ? 'done, result verified'
        : job.verified === false
          ? 'done, result WRONG'
          : 'done, result not checked'
      : job.outcome;
  const retries = job.retries > 0 ? `, ${job.retries} ${job.retries === 1 ? 'retry' : 'retries'}` : '';
  const finished = job.finishedS === null ? 'not finished' : `finished ${clockTime(job.finishedS)}`;
  return `job ${job.jobId} (${job.kind}): ${outcome}${retries}; submitted ${clockTime(job.submittedS)}, ${finished}, ${job.runs.length} run${job.runs.length === 1 ? '' : 's'}`;
}

/** Where a job's drawing starts and ends on the time axis. */
function extent(job: JobSpan, endS: number, withWait: boolean): [number, number] | null {
  let firstRunS = Infinity;
  let lastRunS = -Infinity;
  for (const run of job.runs) {
    firstRunS = Math.min(firstRunS, run.startS);
    lastRunS = Math.max(lastRunS, run.endS);
  }
  const startS = withWait ? job.submittedS : firstRunS;
  const stopS = Math.max(lastRunS, job.finishedS ?? (withWait ? endS : -Infinity));
  if (!Number.isFinite(startS) || !Number.isFinite(stopS)) return null;
  return [startS, Math.max(startS, stopS)];
}

/** Greedy interval packing: each job into the first lane free at its start. */
export function packLanes(
  jobs: readonly JobSpan[],
  endS: number,
  gapS: number,
  lanesMax: number,
): { lanes: Map<JobSpan, number>; neverRan: number; noLane: number } {
  const placed = jobs
    .map((job) => ({ job, span: extent(job, endS, false) }))
    .filter((j): j is { job: JobSpan; span: [number, number] } => j.span !== null)
    .sort((a, b) => a.span[0] - b.span[0] || a.job.jobId - b.job.jobId);
  const laneEndS: number[] = [];
  const lanes = new Map<JobSpan, number>();
  const neverRan = jobs.length - placed.length;
  let noLane = 0;
  for (const { job, span } of placed) {
    let lane = laneEndS.findIndex((end) => end + gapS <= span[0]);
    if (lane < 0 && laneEndS.length < lanesMax) lane = laneEndS.push(-Infinity) - 1;
    if (lane < 0) {
      noLane += 1;
      continue;
    }
    laneEndS[lane] = span[1];
    lanes.set(job, lane);
  }
  return { lanes, neverRan, noLane };
}

/** Rows mode draws the wait line and the retry triangle; packed lanes only the bars, outlines and crosses. */
function jobMarkup(job: JobSpan, axis: TimeAxis, rowTop: number, rowHeight: number, withWait: boolean): string {
  const barHeight = rowHeight - 3;
  const yMid = rowTop + rowHeight / 2;
  const parts: string[] = [`<title>${escapeXml(describe(job))}</title>`];
  if (withWait) {
    const span = extent(job, axis.endS, true);
    if (span) parts.push(`<path class="job-wait" d="M${px(axis.toX(span[0]))} ${px(yMid)}H${px(axis.toX(span[1]))}"/>`);
  }
  // Retried: an amber outline in rows mode; in packed lanes (bars a pixel wide) an amber line along the bar's top.
  const retried = job.retries > 0 && withWait ? ' job-retried' : '';
  for (const run of job.runs) {
    const x = axis.toX(run.startS);
    const width = Math.max(1, axis.toX(run.endS) - x);
    parts.push(`<rect class="${outcomeClass(job)}${retried}" x="${px(x)}" y="${px(rowTop + 1.5)}" width="${px(width)}" height="${px(barHeight)}"/>`);
    if (job.retries > 0 && !withWait) parts.push(`<path class="mark-retry-lane" d="M${px(x)} ${px(rowTop + 1.5)}h${px(width)}"/>`);
  }
  const first = job.runs[0];
  if (withWait && job.retries > 0 && first) {
    const x = axis.toX(first.startS);
    parts.push(`<path class="mark-retry" d="M${px(x - 3.5)} ${px(rowTop - 2)}h7l-3.5 5z"/>`);
  }
  if (job.outcome === 'failed' && job.finishedS !== null) {
    const x = axis.toX(job.finishedS);
    const r = withWait ? Math.min(4, rowHeight / 2) : 2.5;
    parts.push(`<path class="mark-failed" d="M${px(x - r)} ${px(yMid - r)}l${px(2 * r)} ${px(2 * r)}m0 ${px(-2 * r)}l${px(-2 * r)} ${px(2 * r)}"/>`);
  }
  return `<g>${parts.join('')}</g>`;
}

const LEGEND: readonly LegendItem[] = [
  { label: 'done, result verified', swatch: boxSwatch('job-ok') },
  { label: 'done, not checked', swatch: boxSwatch('job-done') },
  { label: 'done, wrong result', swatch: boxSwatch('job-wrong') },
  { label: 'failed (✕ at the end)', swatch: `${boxSwatch('job-failed')}<path class="mark-failed" d="M10 2l8 8m0 -8l-8 8"/>` },
  { label: 'cancelled', swatch: boxSwatch('job-cancelled') },
  { label: 'pending', swatch: boxSwatch('job-pending') },
  {
    label: 'retried (outline, ▲ at first run)',
    swatch: `<rect class="job-ok job-retried" x="2" y="4" width="24" height="7"/><path class="mark-retry" d="M3 0h7l-3.5 5z"/>`,
  },
];

export function jobsPlot(ctx: PlotContext, record: MissionRecord): string {
  const jobs = [...record.jobs].sort((a, b) => a.submittedS - b.submittedS || a.jobId - b.jobId);
  const rowsMode = jobs.length <= JOB_ROWS_MAX;
  const rowHeight = !rowsMode ? LANE_HEIGHT_PX : jobs.length <= TALL_ROWS_MAX ? TALL_ROW_HEIGHT_PX : SHORT_ROW_HEIGHT_PX;
  const top = areaTopPx + ROWS_TOP_PAD_PX;
  const parts: string[] = [];
  const rowLabels: { y: number; text: string }[] = [];
  let rows: number;
  let note: string;
  if (rowsMode) {
    rows = Math.max(1, jobs.length);
    jobs.forEach((job, i) => {
      const rowTop = top + i * rowHeight;
      parts.push(jobMarkup(job, ctx.axis, rowTop, rowHeight, true));
      if (rowHeight === TALL_ROW_HEIGHT_PX || i % 2 === 0) rowLabels.push({ y: rowTop + rowHeight / 2, text: `#${job.jobId} ${job.kind}` });
    });
    note = `${jobs.length} jobs, one row each: a thin line from submission to the end, a bar for each run on the accelerator.`;
  } else {
    const onePixelS = (ctx.axis.endS - ctx.axis.startS) / AREA_WIDTH_PX;
    const { lanes, neverRan, noLane } = packLanes(jobs, ctx.axis.endS, onePixelS, JOB_LANES_MAX);
    rows = 1;
    for (const lane of lanes.values()) rows = Math.max(rows, lane + 1);
    for (const job of jobs) {
      const lane = lanes.get(job);
      if (lane !== undefined) parts.push(jobMarkup(job, ctx.axis, top + lane * LANE_HEIGHT_PX, LANE_HEIGHT_PX, false));
    }
    for (let lane = 0; lane < rows; lane += 5) rowLabels.push({ y: top + lane * LANE_HEIGHT_PX + LANE_HEIGHT_PX / 2, text: `lane ${lane + 1}` });
    const missing = [neverRan > 0 ? `${neverRan} never ran` : '', noLane > 0 ? `${noLane} found no free lane` : ''].filter((t) => t !== '');
    note =
      `${jobs.length} jobs packed into ${rows} lanes, one bar per run on the accelerator (retried: amber line on top)` +
      (missing.length > 0 ? `; not drawn: ${missing.join(', ')}.` : '.');
  }
  const counts = countOutcomes(jobs);
  return renderPlot(ctx, {
    id: 'jobs',
    title: 'Job timeline',
    note: `${note} ${counts}`,
    areaHeightPx: ROWS_TOP_PAD_PX + rows * rowHeight + 4,
    rowLabels,
    legend: LEGEND,
    body: parts.join(''),
  });
}

function countOutcomes(jobs: readonly JobSpan[]): string {
  const verified = jobs.filter((j) => j.outcome === 'done' && j.verified === true).length;
  const done = jobs.filter((j) => j.outcome === 'done').length;
  const failed = jobs.filter((j) => j.outcome === 'failed').length;
  const retried = jobs.filter((j) => j.retries > 0).length;
  const pending = jobs.filter((j) => j.outcome === 'pending').length;
  return `Done ${done} (verified ${verified}), failed ${failed}, retried ${retried}, pending ${pending}.`;
}
