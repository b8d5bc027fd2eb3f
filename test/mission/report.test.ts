/**
 * The mission report (mission/report/render.ts) over synthetic records: a
 * small two-orbit one with every kind of band, job outcome and event, and a
 * large 100-orbit one for the size bound. The report must be one
 * self-contained, well-formed document with an SVG per plot, the bands of
 * the record, escaped text and a bounded size.
 *
 * REPORT_SAMPLE_PATH=/tmp/report-sample.html writes the small report there
 * (to look at it in a browser), REPORT_SAMPLE_LARGE_PATH the large one.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderReport } from '../../mission/report/render.js';
import { escapeXml } from '../../mission/report/escape.js';
import { decimate } from '../../mission/report/downsample.js';
import { AREA_WIDTH_PX, timeAxis, yScale } from '../../mission/report/layout.js';
import { EVENT_TABLE_ROWS } from '../../mission/report/events-table.js';
import { JOB_LANES_MAX, JOB_ROWS_MAX, packLanes } from '../../mission/report/plot-jobs.js';
import { drawAtCap } from '../../mission/report/plot-cap.js';
import { count, plotSvgs, unbalancedTag } from '../helpers/html.js';
import type { Band, JobSpan, MissionEvent, MissionEventKind, MissionRecord, MissionSample } from '../../mission/report/record.js';

const ORBIT_S = 5739;
const PLOT_TITLES = ['State of charge', 'Bus power', 'Accelerator cap against draw', 'Temperatures against limits', 'Job timeline', 'Events'];
const HOSTILE = '<script>alert("x")</script> & <evil a=\'1\'>';

/** A small deterministic generator (mulberry32), so the records are the same every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function perOrbit(orbits: number, fromFraction: number, toFraction: number): Band[] {
  return Array.from({ length: orbits }, (_, k) => ({ startS: (k + fromFraction) * ORBIT_S, endS: (k + toFraction) * ORBIT_S }));
}

const inBands = (bands: readonly Band[], tS: number): boolean => bands.some((b) => tS >= b.startS && tS < b.endS);

interface Options {
  readonly orbits: number;
  readonly jobs: number;
  readonly events: number;
  readonly seed: number;
}

/** Samples every 10 s: SoC falls in eclipse, the power cap drops in eclipse, the die heats while jobs run. */
function syntheticRecord(options: Options): MissionRecord {
  const random = rng(options.seed);
  const periodS = 10;
  const endS = options.orbits * ORBIT_S;
  const eclipses = perOrbit(options.orbits, 0.6, 0.95);
  const contacts = perOrbit(options.orbits, 0.1, 0.17);
  const saaPasses = perOrbit(options.orbits, 0.3, 0.38);
  const jobs: JobSpan[] = [];
  const outcomes: JobSpan['outcome'][] = ['done', 'done', 'done', 'failed', 'cancelled', 'pending'];
  const jobSpacingS = endS / (options.jobs + 1);
  for (let i = 0; i < options.jobs; i++) {
    const submittedS = i * jobSpacingS + 60;
    const runStartS = submittedS + 120 + random() * 300;
    const runS = 200 + random() * 900;
    const outcome = outcomes[i % outcomes.length] as JobSpan['outcome'];
    const preempted = i % 4 === 1;
    const runs: Band[] =
      outcome === 'cancelled' && i % 2 === 0
        ? []
        : preempted
          ? [
              { startS: runStartS, endS: runStartS + runS / 2 },
              { startS: runStartS + runS, endS: runStartS + 1.5 * runS },
            ]
          : [{ startS: runStartS, endS: runStartS + runS }];
    const lastEndS = runs[runs.length - 1]?.endS ?? submittedS + 300;
    jobs.push({
      jobId: i + 1,
      kind: ['matmul', 'inference', 'training'][i % 3] as string,
      runs,
      submittedS,
      finishedS: outcome === 'pending' ? null : lastEndS,
      outcome,
      verified: outcome === 'done' ? (i % 12 === 2 ? false : i % 12 === 8 ? null : true) : null,
      retries: i % 5 === 3 ? 2 : 0,
    });
  }
  const running = (tS: number): boolean => jobs.some((j) => j.runs.some((r) => tS >= r.startS && tS < r.endS));
  const samples: MissionSample[] = [];
  let soc = 90;
  let die = 30;
  for (let tS = 0; tS < endS; tS += periodS) {
    const dark = inBands(eclipses, tS);
    const busy = options.jobs <= 60 ? running(tS) : Math.floor(tS / 600) % 3 !== 0;
    const arrayW = dark ? 0 : 620;
    const powerCapW = dark ? 60 : soc < 70 ? 150 : 300;
    const thermalCapW = die > 60 ? 300 - (die - 60) * 12 : 300;
    const askedW = busy ? 260 : 20;
    const accelW = busy ? Math.min(askedW, powerCapW, thermalCapW) : 20;
    const loadW = 180 + accelW;
    const batteryW = arrayW - loadW;
    soc = Math.min(100, Math.max(0, soc + (batteryW * periodS) / 3600 / 8));
    die += ((25 + accelW * 0.3 - die) * periodS) / 700;
    samples.push({
      timeS: tS,
      orbitNumber: Math.floor(tS / ORBIT_S) + 1,
      socPctTrue: soc,
      socPctEstimate: soc + Math.sin(tS / 700) * 1.5,
      busVoltageV: 26 + soc / 50,
      arrayPowerW: arrayW,
      arrayAvailableW: arrayW,
      loadPowerW: loadW,
      batteryPowerW: batteryW,
      powerCapW,
      thermalCapW: Math.max(0, thermalCapW),
      acceleratorPowerW: accelW,
      acceleratorAskedW: askedW,
      capHeldFraction: accelW < askedW ? 1 : 0,
      capHeldBy: accelW < askedW ? (powerCapW <= thermalCapW ? 'power' : 'thermal') : null,
      temperaturesC: { die, board: 20 + (die - 25) * 0.4, battery: dark ? 12 : 18, radiator: dark ? -30 : 5 },
      mode: tS < 60 ? 'BOOT' : soc < 30 ? 'SAFE' : 'NOMINAL',
      jobsQueued: busy ? 1 : 0,
      jobsDone: 0,
    });
  }
  const kinds: MissionEventKind[] = [
    'upset',
    'upset',
    'upset',
    'correction',
    'correction',
    'uncorrectable',
    'latchup',
    'sefi',
    'reset',
    'mode',
    'shed',
    'limit',
    'other',
  ];
  const events: MissionEvent[] = [];
  for (let i = 0; i < options.events; i++) {
    const kind = kinds[i % kinds.length] as MissionEventKind;
    events.push({ timeS: Math.floor(random() * endS), kind, text: `${kind} region hbm address ${i}` });
  }
  events.sort((a, b) => a.timeS - b.timeS);
  return {
    title: `Mission: 550 km, beta 0, ${options.orbits} orbits, seed ${options.seed}`,
    parameters: { orbits: options.orbits, altitudeKm: 550, betaDeg: 0, seed: options.seed, scenario: 'default', workload: 'default' },
    samplePeriodS: periodS,
    startS: 0,
    endS,
    orbitPeriodS: ORBIT_S,
    samples,
    eclipses,
    contacts,
    saaPasses,
    jobs,
    events,
    limits: [
      { zone: 'die', yellowHighC: 85, redHighC: 105 },
      { zone: 'battery', yellowHighC: 40, redHighC: 45 },
    ],
    summary: [
      ['energy in', '1234.5 Wh'],
      ['energy used', '1100.2 Wh'],
      ['jobs done / retried', `${jobs.filter((j) => j.outcome === 'done').length} / ${jobs.filter((j) => j.retries > 0).length}`],
      ['minimum state of charge', `${Math.min(...samples.map((s) => s.socPctTrue)).toFixed(1)} %`],
    ],
    digest: 'a3f1c0ffee'.repeat(6).slice(0, 64),
  };
}

const small = syntheticRecord({ orbits: 2, jobs: 12, events: 40, seed: 1 });

describe('mission report (RPT)', () => {
  const html = renderReport(small);
  if (process.env.REPORT_SAMPLE_PATH) writeFileSync(process.env.REPORT_SAMPLE_PATH, html);

  it('is one self-contained, well-formed HTML document with no external reference and no script', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(count(html, /<html[\s>]/g)).toBe(1);
    expect(count(html, /<\/html>/g)).toBe(1);
    expect(count(html, /<body>/g)).toBe(1);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:|\/\/|file:|data:)/i);
    expect(html).not.toMatch(/<(script|img|link|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/@import|url\(\s*["']?(https?:|\/\/)/i);
    // The only http: in the file is the SVG namespace name (an identifier, never fetched).
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:/);
    expect(unbalancedTag(html)).toBeNull();
  });

  it('has a header with the title, every parameter, the summary table and the digest', () => {
    expect(html).toContain(`<h1>${small.title}</h1>`);
    expect(html).toContain(`<title>${small.title}</title>`);
    for (const [name, value] of Object.entries(small.parameters)) expect(html).toContain(`<tr><th>${name}</th><td>${value}</td></tr>`);
    for (const [label, value] of small.summary) expect(html).toContain(`<tr><th>${escapeXml(label)}</th><td>${escapeXml(value)}</td></tr>`);
    expect(html).toContain(small.digest);
  });

  it('has one SVG per plot, titled, in order, with a legend each and axis titles with units', () => {
    const svgs = plotSvgs(html);
    expect([...svgs.keys()]).toEqual(PLOT_TITLES);
    expect(count(html, /<ul class="legend">/g)).toBe(PLOT_TITLES.length);
    for (const svg of svgs.values()) expect(svg).toContain('mission time (h)');
    expect(svgs.get('State of charge')).toContain('state of charge (%)');
    expect(svgs.get('Bus power')).toContain('power (W)');
    expect(svgs.get('Accelerator cap against draw')).toContain('accelerator power (W)');
    expect(svgs.get('Temperatures against limits')).toContain('temperature (°C)');
    // Orbit numbers above the plot area: orbits 1 and 2.
    expect(svgs.get('State of charge')).toMatch(/<g class="axis orbit-axis">.*>1<\/text>.*>2<\/text>/);
  });

  it('draws every eclipse, contact and SAA band of the record behind every plot', () => {
    for (const [title, svg] of plotSvgs(html)) {
      expect(count(svg, /<rect class="band-eclipse"/g), title).toBe(small.eclipses.length);
      expect(count(svg, /<rect class="band-contact"/g), title).toBe(small.contacts.length);
      expect(count(svg, /<rect class="band-saa"/g), title).toBe(small.saaPasses.length);
      // Bands come before (behind) the plot's own drawing.
      expect(svg.indexOf('band-eclipse')).toBeLessThan(svg.indexOf('clip-path="url('));
    }
  });

  it('shows throttling: a strip where the accelerator draw is held at its cap, one per eclipse here', () => {
    const svg = plotSvgs(html).get('Accelerator cap against draw') ?? '';
    const held = count(svg, /<rect class="band-at-cap"/g);
    expect(small.samples.some(drawAtCap)).toBe(true);
    expect(held).toBeGreaterThanOrEqual(1);
    // Every eclipse with a job running at the power cap of 60 W shows up in the strip.
    const throttledInEclipse = small.eclipses.filter((e) => small.samples.some((s) => s.timeS >= e.startS && s.timeS < e.endS && drawAtCap(s)));
    expect(held).toBeGreaterThanOrEqual(throttledInEclipse.length);
    expect(count(svg, /stroke="#1f77b4" stroke-width="2" stroke-dasharray="6 3"/g)).toBe(1); // power cap line
    expect(count(svg, /stroke="#d62728" stroke-width="2" stroke-dasharray="2 2"/g)).toBe(1); // thermal cap line
  });

  it('marks the time the flight software was not in NOMINAL mode under the state of charge', () => {
    const svg = plotSvgs(html).get('State of charge') ?? '';
    expect(count(svg, /<rect class="band-mode"/g)).toBe(1); // BOOT for the first minute
    expect(svg).toContain('flight software not in NOMINAL mode 0:00:00 to 0:01:00');
  });

  it('draws each temperature zone and each zone limit as dashed yellow and red lines', () => {
    const svg = plotSvgs(html).get('Temperatures against limits') ?? '';
    expect(count(svg, /<path class="limit-yellow"/g)).toBe(small.limits.length);
    expect(count(svg, /<path class="limit-red"/g)).toBe(small.limits.length);
    // Zones sharing a limit share its line and label.
    const shared =
      plotSvgs(renderReport({ ...small, limits: [...small.limits, { zone: 'board', yellowHighC: 40, redHighC: 45 }] })).get('Temperatures against limits') ??
      '';
    expect(count(shared, /<path class="limit-red"/g)).toBe(small.limits.length);
    expect(shared).toContain('battery, board red 45 °C');
    for (const zone of ['die', 'board', 'battery', 'radiator']) expect(svg).toContain(`<title>${zone}</title>`);
    expect(svg).toContain('die red 105 °C');
    expect(svg).toContain('battery yellow 40 °C');
  });

  it('draws the job timeline: one row per job, one bar per run, coloured by outcome, failed and retried marked', () => {
    const svg = plotSvgs(html).get('Job timeline') ?? '';
    const runs = small.jobs.reduce((n, j) => n + j.runs.length, 0);
    expect(count(svg, /<rect class="job-/g)).toBe(runs);
    for (const job of small.jobs) expect(svg).toContain(`>#${job.jobId} ${job.kind}</text>`);
    const failed = small.jobs.filter((j) => j.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(count(svg, /<path class="mark-failed"/g)).toBe(failed.length);
    const retried = small.jobs.filter((j) => j.retries > 0 && j.runs.length > 0);
    expect(retried.length).toBeGreaterThan(0);
    expect(count(svg, /<path class="mark-retry"/g)).toBe(retried.length);
    expect(svg).toContain('<rect class="job-wrong');
    // Up to JOB_ROWS_MAX jobs keep a row each (short rows, every other one labelled beyond 32).
    const fifty = syntheticRecord({ orbits: 2, jobs: 50, events: 0, seed: 3 });
    const rows = plotSvgs(renderReport(fifty)).get('Job timeline') ?? '';
    expect(count(rows, />#\d+ \w+<\/text>/g)).toBe(25);
    expect(count(rows, /<path class="job-wait"/g)).toBe(50);
    expect(svg).toContain('<rect class="job-ok');
    expect(svg).toContain('result WRONG');
  });

  it('packs jobs into lanes without overlap, within the lane limit, and counts what it could not draw', () => {
    const band = fc.record({ startS: fc.integer({ min: 0, max: 10_000 }), lengthS: fc.integer({ min: 0, max: 2_000 }) });
    const job = fc.record({ runs: fc.array(band, { maxLength: 3 }), outcome: fc.constantFrom('done' as const, 'failed' as const, 'pending' as const) });
    fc.assert(
      fc.property(fc.array(job, { maxLength: 200 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 50 }), (drawn, lanesMax, gapS) => {
        const jobs: JobSpan[] = drawn.map((j, i) => {
          const runs = j.runs.map((r) => ({ startS: r.startS, endS: r.startS + r.lengthS })).sort((a, b) => a.startS - b.startS);
          return {
            jobId: i,
            kind: 'matmul',
            runs,
            submittedS: 0,
            finishedS: j.outcome === 'pending' ? null : (runs[runs.length - 1]?.endS ?? 0),
            outcome: j.outcome,
            verified: null,
            retries: 0,
          };
        });
        const { lanes, neverRan, noLane } = packLanes(jobs, 20_000, gapS, lanesMax);
        expect(lanes.size + neverRan + noLane).toBe(jobs.length);
        expect(neverRan).toBe(jobs.filter((j) => j.runs.length === 0).length);
        const byLane = new Map<number, [number, number][]>();
        for (const [j, lane] of lanes) {
          expect(lane).toBeGreaterThanOrEqual(0);
          expect(lane).toBeLessThan(lanesMax);
          const startS = j.runs[0]?.startS ?? 0;
          const endS = Math.max(...j.runs.map((r) => r.endS), j.finishedS ?? 0);
          byLane.set(lane, [...(byLane.get(lane) ?? []), [startS, endS]]);
        }
        for (const spans of byLane.values()) {
          spans.sort((a, b) => a[0] - b[0]);
          for (let i = 1; i < spans.length; i++) expect((spans[i] as [number, number])[0]).toBeGreaterThanOrEqual((spans[i - 1] as [number, number])[1] + gapS);
        }
      }),
    );
  });

  it('marks events on a strip with one row per kind and lists them in a table capped at 200 rows', () => {
    const svg = plotSvgs(html).get('Events') ?? '';
    for (const label of ['upset', 'corrected', 'uncorrectable', 'latch-up', 'SEFI', 'reset']) expect(svg).toContain(`>${label} (`);
    expect(count(html, /<tbody>/g)).toBe(1);
    expect(count(html, /<tr><td>\d+:\d\d:\d\d<\/td>/g)).toBe(small.events.length);
    const many = renderReport({
      ...small,
      events: Array.from({ length: EVENT_TABLE_ROWS + 57 }, (_, i) => ({ timeS: i, kind: 'upset' as const, text: `flip ${i}` })),
    });
    expect(count(many, /<tr><td>\d+:\d\d:\d\d<\/td>/g)).toBe(EVENT_TABLE_ROWS);
    expect(many).toContain('… and 57 more events not listed');
    expect(many).toContain('>upset (257)</text>');
  });

  it('escapes every text from the record: a "<script>" in an event text, title, parameter, summary, job kind or zone stays text', () => {
    const hostile: MissionRecord = {
      ...small,
      title: HOSTILE,
      parameters: { [HOSTILE]: HOSTILE },
      summary: [[HOSTILE, HOSTILE]],
      digest: HOSTILE,
      jobs: small.jobs.map((j) => ({ ...j, kind: HOSTILE })),
      events: [{ timeS: 100, kind: 'upset', text: HOSTILE }],
      limits: [{ zone: HOSTILE, yellowHighC: 50, redHighC: 60 }],
      samples: small.samples.map((s) => ({ ...s, temperaturesC: { ...s.temperaturesC, [HOSTILE]: 20 } })),
    };
    const out = renderReport(hostile);
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/<evil/i);
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;evil a=&#39;1&#39;&gt;');
    expect(unbalancedTag(out)).toBeNull();
  });

  it('escapeXml leaves no markup character and reads back to the original text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const escaped = escapeXml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        const back = escaped.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? '');
        // Characters XML forbids become U+FFFD; everything else is kept.
        expect(back).toBe(text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD'));
      }),
    );
  });

  it('renders the same record to the same bytes, and an empty record without failing', () => {
    expect(renderReport(small)).toBe(html);
    const empty: MissionRecord = { ...small, samples: [], eclipses: [], contacts: [], saaPasses: [], jobs: [], events: [], limits: [], summary: [], endS: 0 };
    const out = renderReport(empty);
    expect([...plotSvgs(out).keys()]).toEqual(PLOT_TITLES);
    expect(out).toContain('No events.');
    expect(unbalancedTag(out)).toBeNull();
  });

  it('keeps the per-column minimum and maximum when it downsamples (a one-sample spike survives)', () => {
    const samples = Array.from({ length: 57_000 }, (_, i) => ({ timeS: i * 10, v: i === 31_337 ? 500 : 100 + Math.sin(i / 50) }));
    const axis = timeAxis(0, 570_000);
    const y = yScale(0, 600, 0, 600);
    const runs = decimate(samples, (s) => s.v, axis, y);
    const points = runs.flat();
    expect(points.length).toBeLessThanOrEqual(2 * AREA_WIDTH_PX);
    expect(Math.min(...points.map((p) => p.y))).toBeCloseTo(y.toY(500), 6);
    // A non-finite value breaks the line into two runs.
    const gapped = decimate(
      samples.map((s, i) => (i === 20_000 ? { ...s, v: Number.NaN } : s)),
      (s) => s.v,
      axis,
      y,
    );
    expect(gapped.length).toBe(2);
  });

  it('stays under 2 MB for 100 orbits at 10 s (57,000 samples), 3,000 jobs packed into lanes and 20,000 events', () => {
    const large = syntheticRecord({ orbits: 100, jobs: 3000, events: 20_000, seed: 7 });
    if (process.env.REPORT_SAMPLE_LARGE_PATH) writeFileSync(process.env.REPORT_SAMPLE_LARGE_PATH, renderReport(large));
    expect(large.samples.length).toBeGreaterThan(57_000);
    const started = performance.now();
    const out = renderReport(large);
    const elapsedMs = performance.now() - started;
    const bytes = Buffer.byteLength(out, 'utf8');
    console.log(`report for 100 orbits: ${(bytes / 1e6).toFixed(2)} MB in ${elapsedMs.toFixed(0)} ms`);
    expect(bytes).toBeLessThan(2_000_000);
    expect(large.jobs.length).toBeGreaterThan(JOB_ROWS_MAX);
    const jobs = plotSvgs(out).get('Job timeline') ?? '';
    expect(out).toMatch(/<p class="note">3000 jobs packed into \d+ lanes/);
    expect(count(jobs, />lane \d+<\/text>/g)).toBeLessThanOrEqual(Math.ceil(JOB_LANES_MAX / 5));
    for (const svg of plotSvgs(out).values()) expect(count(svg, /<rect class="band-eclipse"/g)).toBe(100);
    expect(unbalancedTag(out)).toBeNull();
  });
});
