/** The fleet page (issue 19 point 7): small multiples per spacecraft, the job placement timeline, the station contact chart. */
import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../../mission/report/escape.js';
import type { FleetRecord, FleetRunSpan } from '../../../mission/report/fleet-record.js';
import { strideSamples } from '../../../mission/report/fleet-record.js';
import { FLEET_LANES_MAX, renderFleetReport, runClass, runLanes } from '../../../mission/report/fleet-render.js';
import type { MissionSample } from '../../../mission/report/record.js';
import { count, plotSvgs, selfContainedProblem, unbalancedTag } from '../../helpers/html.js';

const ORBIT_S = 5739;

function samples(endS: number, phase: number): MissionSample[] {
  const out: MissionSample[] = [];
  for (let timeS = 0; timeS <= endS; timeS += 10) {
    const dark = (timeS / ORBIT_S + phase) % 1 > 0.6;
    out.push({
      timeS,
      orbitNumber: Math.floor(timeS / ORBIT_S) + 1,
      socPctTrue: 80 + 10 * Math.sin(timeS / 900 + phase),
      socPctEstimate: 80,
      busVoltageV: 28,
      arrayPowerW: dark ? 0 : 600,
      arrayAvailableW: dark ? 0 : 600,
      loadPowerW: 300,
      batteryPowerW: dark ? -300 : 300,
      powerCapW: dark ? 60 : 200,
      thermalCapW: 250,
      acceleratorPowerW: dark ? 40 : 150,
      acceleratorAskedW: 150,
      capHeldFraction: 0,
      capHeldBy: null,
      temperaturesC: { die: 50 },
      mode: 'NOMINAL',
      jobsQueued: 1,
      jobsDone: 0,
    });
  }
  return out;
}

const run = (over: Partial<FleetRunSpan>): FleetRunSpan => ({
  jobId: 1,
  kind: 'inference',
  spacecraft: 'sat-a',
  boardJobId: 0x40000000,
  placedS: 100,
  endS: 900,
  state: 'home',
  because: 'result home ~900 s',
  detail: '',
  homeStation: 'Svalbard',
  ...over,
});

const endS = 2 * ORBIT_S;
const record: FleetRecord = {
  title: 'Fleet walker:1/2 <&>',
  parameters: { fleet: 'walker:1/2', placement: 'broker' },
  startS: 0,
  endS,
  orbitPeriodS: ORBIT_S,
  spacecraft: ['sat-a', 'sat-b'].map((name, i) => ({
    name,
    samples: strideSamples(samples(endS, i / 2)),
    eclipses: [{ startS: 3400 + i * 2000, endS: 5500 + i * 2000 }],
    contacts: [{ startS: 600 + i * 1000, endS: 1200 + i * 1000 }],
  })),
  runs: [
    run({}),
    run({ jobId: 2, boardJobId: 0x40000001, placedS: 200, endS: 3000, state: 'failed', detail: 'refused on board: full' }),
    run({ jobId: 2, spacecraft: 'sat-b', boardJobId: 0x40000002, placedS: 3000, endS, state: 'running' }),
    run({ jobId: 3, spacecraft: 'sat-b', boardJobId: 0x40000003, placedS: 400, endS: 800, state: 'cancelled' }),
  ],
  outages: [{ station: 'svalbard', fromS: 4000, untilS: 6000 }],
  summary: [
    ['jobs submitted', '3'],
    ['jobs lost', '0'],
  ],
  digest: 'ab'.repeat(32),
};

describe('fleet report page', () => {
  const html = renderFleetReport(record);

  it('is one self-contained, well-formed HTML document with the title, parameters, summary and digest', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(selfContainedProblem(html)).toBeNull();
    expect(unbalancedTag(html)).toBeNull();
    expect(html).toContain(`<h1>${escapeXml(record.title)}</h1>`);
    for (const [name, value] of Object.entries(record.parameters)) expect(html).toContain(`<tr><th>${name}</th><td>${value}</td></tr>`);
    for (const [label, value] of record.summary) expect(html).toContain(`<tr><th>${label}</th><td>${value}</td></tr>`);
    expect(html).toContain(record.digest);
  });

  it('draws per spacecraft its state of charge and its draw against its caps, with its own eclipses and contacts behind', () => {
    const svgs = plotSvgs(html);
    expect([...svgs.keys()]).toEqual([
      'Job placement',
      'Station contacts',
      'sat-a: state of charge',
      'sat-a: accelerator draw against its caps',
      'sat-b: state of charge',
      'sat-b: accelerator draw against its caps',
    ]);
    const socA = svgs.get('sat-a: state of charge')!;
    expect(socA).toContain('<title>state of charge, true</title>');
    expect(count(socA, /class="band-eclipse"/g)).toBe(1);
    expect(socA).toContain('eclipse 0:56:40 to 1:31:40');
    const drawB = svgs.get('sat-b: accelerator draw against its caps')!;
    for (const label of ['accelerator draw', 'power cap', 'thermal cap']) expect(drawB).toContain(`<title>${label}</title>`);
    expect(drawB).toContain('eclipse 1:30:00 to 2:05:00');
  });

  it('draws a bar per run on its spacecraft’s row, coloured by how it ended, its tooltip naming the job, its on-board id and why it was placed', () => {
    const placement = plotSvgs(html).get('Job placement')!;
    expect(count(placement, /<rect class="run /g)).toBe(record.runs.length);
    expect(placement).toContain('fleet job 2 (inference) on sat-a as 1073741825: failed (refused on board: full)');
    expect(placement).toContain('fleet job 1 (inference) on sat-a as 1073741824: home; placed 0:01:40, last known 0:15:00 (home through Svalbard)');
    expect(placement).toMatch(/class="run job-failed"/);
    expect(placement).toMatch(/class="run job-pending"/);
    expect(placement).toMatch(/>sat-a<\/text>.*>sat-b<\/text>/s);
    expect(['home', 'done', 'failed', 'abandoned', 'cancelled', 'queued'].map((state) => runClass(run({ state })))).toEqual([
      'job-ok',
      'job-done',
      'job-failed',
      'job-failed',
      'job-cancelled',
      'job-pending',
    ]);
  });

  it('packs overlapping runs of a spacecraft into lanes, at most FLEET_LANES_MAX', () => {
    const many = Array.from({ length: FLEET_LANES_MAX + 3 }, (_, i) => run({ boardJobId: i, placedS: i, endS: 1000 }));
    const lanes = runLanes([...many, run({ boardJobId: 99, placedS: 1000, endS: 2000 }), run({ spacecraft: 'sat-b', boardJobId: 100 })]);
    expect(many.map((r) => lanes.get(r))).toEqual([
      ...Array.from({ length: FLEET_LANES_MAX }, (_, i) => i),
      FLEET_LANES_MAX - 1,
      FLEET_LANES_MAX - 1,
      FLEET_LANES_MAX - 1,
    ]);
    expect([...lanes.values()].slice(-2)).toEqual([0, 0]);
  });

  it('charts each spacecraft’s contacts over its eclipses, and the station outages on rows of their own', () => {
    const contacts = plotSvgs(html).get('Station contacts')!;
    expect(count(contacts, /class="band-contact"/g)).toBe(2);
    expect(contacts).toContain('sat-b contact 0:26:40 to 0:36:40');
    expect(contacts).toContain('station svalbard out 1:06:40 to 1:40:00');
    expect(contacts).toMatch(/>svalbard out<\/text>/);
  });

  it('keeps at most FLEET_SAMPLES_MAX samples of a series, the last one among them, without temperatures', () => {
    const all = samples(100 * ORBIT_S, 0);
    const kept = strideSamples(all, 500);
    expect(kept.length).toBeLessThanOrEqual(501);
    expect(kept.at(-1)!.timeS).toBe(all.at(-1)!.timeS);
    expect(kept.every((s) => Object.keys(s.temperaturesC).length === 0)).toBe(true);
  });
});
