/**
 * The run's figures as a person reads them, on a short flight with a
 * latch-up (run-fixture.ts): each thing counted once and labelled with what
 * it counts, the energy balance closing, the FLOP figures saying what they
 * stand for, the throttled strip only where a cap held a running job below
 * its ask, rounded event text, plurals, and the progress bar reaching the end.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { flyMission, type MissionProgress, type MissionRun } from '../../mission/run/fly.js';
import { flopText, summaryRows } from '../../mission/run/summary.js';
import { progressLine } from '../../mission/run/progress.js';
import { renderReport } from '../../mission/report/render.js';
import { escapeXml } from '../../mission/report/escape.js';
import { drawAtCap } from '../../mission/report/plot-cap.js';
import { eventCount } from '../../mission/report/plot-events.js';
import type { MissionEventKind, MissionSample } from '../../mission/report/record.js';
import { LATCHUP_SCENARIO, SMALL_WORKLOAD, flyShort } from './run-fixture.js';

let run: MissionRun;

beforeAll(() => {
  run = flyShort(1);
}, 120_000);

const WH_J = 3600;

function row(label: string): string {
  const found = run.record.summary.find(([name]) => name === label);
  expect(found, label).toBeDefined();
  return found![1];
}

/** The first "N Wh" in a text (signed). */
function wh(text: string): number {
  const match = /([+-]?\d+) Wh/.exec(text);
  expect(match, text).not.toBeNull();
  return Number(match![1]);
}

function total(kind: MissionEventKind): number {
  return run.record.events.filter((event) => event.kind === kind).reduce((sum, event) => sum + eventCount(event), 0);
}

describe('the run counts each thing once and says what it counts', () => {
  it("counts the latch-up once (the simulator's, not the flight software's trip again) and the power-on boot as no restart, as the summary does", () => {
    const { figures, record } = run;
    const latchups = record.events.filter((event) => event.kind === 'latchup');
    expect(latchups).toHaveLength(2); // the simulator's latch-up and the flight software's trip: both shown
    expect(total('latchup')).toBe(figures.truth.latchups);
    expect(total('latchup')).toBe(1);
    expect(record.events.some((event) => event.kind === 'reset')).toBe(true); // the power-on boot, shown
    expect(total('reset')).toBe(figures.softwareStarts - 1);
    expect(total('reset')).toBe(0);
    expect(total('upset')).toBe(figures.truth.hbmUpsets + figures.truth.ramUpsets + figures.truth.logicUpsets);
    expect(total('sefi')).toBe(figures.truth.sefis);
    expect(row('radiation (simulator)')).toContain(`latch-ups ${total('latchup')}`);
    expect(row('resets')).toMatch(/^0 flight software restarts/);

    const html = renderReport(record);
    expect(html).toContain('>latch-up (1)</text>');
    expect(html).toContain('>reset (0)</text>');
    expect(html).toContain(`>upset (${total('upset')})</text>`);
    // What each row counts: in the row's tooltip and the plot's note; what adds nothing is drawn hollow.
    expect(html).toContain(
      `<title>${escapeXml("1: latch-ups (simulator); the flight software's trips and rail switch-offs are drawn hollow, not counted again")}</title>`,
    );
    expect(html).toMatch(/<title>0: flight software restarts; the power-on boot/);
    expect(html).toContain(
      'Each row counts one thing, once. upset: memory and logic upsets (simulator). corrected: words ECC corrected, and corruptions the job runner found.',
    );
    expect(html).toContain('class="event-uncounted"');
  });
});

describe('the energy balance', () => {
  it('closes: delivered to the bus = used by the loads + stored in the battery + battery losses (charge efficiency, resistance)', () => {
    const { energy } = run.figures;
    expect(energy.batteryChargeLossJ).toBeGreaterThan(0);
    expect(energy.batteryResistiveLossJ).toBeGreaterThan(0);
    const accounted = energy.loadJ + energy.batteryChargedJ + energy.batteryChargeLossJ + energy.batteryResistiveLossJ;
    expect(Math.abs(energy.arrayDeliveredJ - accounted)).toBeLessThan(1e-4 * energy.arrayDeliveredJ);
    expect(energy.residualJ).toBeCloseTo(energy.arrayDeliveredJ - accounted, 6);
    expect(energy.arrayAvailableJ).toBeCloseTo(energy.arrayDeliveredJ + energy.shuntedJ, 3);
    expect(energy.batteryChargedJ).toBeCloseTo(energy.batteryStoredChangeJ - energy.batteryCapacityChangeJ, 6);

    // The summary's lines add up, within the rounding of each to a watt-hour.
    const delivered = wh(row('energy in (array)').split('available, ')[1]!);
    expect(delivered).toBe(Math.round(energy.arrayDeliveredJ / WH_J));
    const used = wh(row('energy used (loads)'));
    const stored = wh(row('energy stored (battery)'));
    const lost = wh(row('energy lost (battery)'));
    expect(lost).toBe(Math.round((energy.batteryChargeLossJ + energy.batteryResistiveLossJ) / WH_J));
    expect(Math.abs(delivered - (used + stored + lost))).toBeLessThanOrEqual(1.5);
    expect(row('energy lost (battery)')).toMatch(/charge not stored \(charge efficiency\) \d+ Wh, resistance \(I\^2 R\) \d+ Wh/);
    expect(row('energy used (loads)')).not.toContain('battery'); // stored and lost have their own lines
  });
});

describe('the FLOP figures', () => {
  it("say they are simulated: the proxy kernels' real FLOPs times the accelerator's workScale, in the summary and the report", () => {
    const { work } = run.figures;
    expect(work.workScale).toBe(1e12);
    const text = row('verified work');
    expect(text).toContain('simulated FLOP');
    expect(text).toContain(
      `what the proxy kernels really computed, ${flopText(work.verifiedFlop / work.workScale)} and ${flopText(work.groundVerifiedFlop / work.workScale)}`,
    );
    expect([flopText(8.19e6), flopText(40_960), flopText(8.19e18), flopText(12)]).toEqual(['8.19 MFLOP', '41 kFLOP', '8.19 EFLOP', '12 FLOP']);
    expect(text).toContain("times the accelerator's workScale 1e12");
    expect(renderReport(run.record)).toContain('times the accelerator&#39;s workScale 1e12');
  });
});

describe('the throttled strip', () => {
  const base: MissionSample = {
    timeS: 0,
    orbitNumber: 1,
    socPctTrue: 80,
    socPctEstimate: 80,
    busVoltageV: 28,
    arrayPowerW: 300,
    arrayAvailableW: 300,
    loadPowerW: 200,
    batteryPowerW: 100,
    powerCapW: 120,
    thermalCapW: 200,
    acceleratorPowerW: 120,
    acceleratorAskedW: 120,
    capHeldFraction: 0,
    capHeldBy: null,
    temperaturesC: {},
    mode: 'NOMINAL',
    jobsQueued: 1,
    jobsDone: 0,
  };

  it('marks a sample only where a cap held the running job below what it asked for, not a draw that merely meets the cap', () => {
    expect(drawAtCap(base)).toBe(false); // a job drawing what it asked for, which happens to be the cap
    expect(drawAtCap({ ...base, acceleratorPowerW: 40, acceleratorAskedW: 40, powerCapW: 40 })).toBe(false); // idle at an idle-sized cap
    expect(drawAtCap({ ...base, acceleratorAskedW: 200, capHeldFraction: 1, capHeldBy: 'power' })).toBe(true);
    expect(drawAtCap({ ...base, acceleratorAskedW: 200, capHeldFraction: 0.2, capHeldBy: 'power' })).toBe(false);
  });

  it('holds in the flight only while a job computes below its ask, and tells which cap held it', () => {
    const { samples } = run.record;
    const held = samples.filter(drawAtCap);
    expect(held.length).toBeGreaterThan(0);
    for (const sample of samples) {
      expect(sample.acceleratorAskedW).toBeGreaterThanOrEqual(sample.acceleratorPowerW - 1e-9);
      if (sample.capHeldFraction > 0) {
        expect(sample.capHeldBy).not.toBeNull();
        expect(sample.acceleratorAskedW).toBeGreaterThan(sample.acceleratorPowerW);
      } else expect(sample.acceleratorAskedW).toBeCloseTo(sample.acceleratorPowerW, 9);
    }
    // Before the first contact no job runs (SAFE): no strip, whatever the draw against the cap.
    expect(held.every((sample) => sample.timeS > run.record.contacts[0]!.startS)).toBe(true);
    // Once the jobs are done the device idles: no strip.
    const lastRunEndS = Math.max(...run.record.jobs.flatMap((job) => job.runs.map((r) => r.endS)));
    expect(held.every((sample) => sample.timeS <= lastRunEndS + run.record.samplePeriodS)).toBe(true);
    const { throttle } = run.figures;
    expect(throttle.heldByPowerCapS + throttle.heldByThermalCapS).toBeLessThanOrEqual(throttle.computingS + 1e-6);
    expect(throttle.heldBackJ).toBeGreaterThan(0);
    expect(row('accelerator throttling')).toMatch(
      /^jobs computed \d+ min; a cap held the draw below the job's ask \d+ min \(power cap \d+ min, thermal cap \d+ min\), \d+ Wh held back$/,
    );
    const svg = renderReport(run.record);
    expect(svg).toContain('<rect class="band-at-cap"');
    expect(svg).toContain('asked by the running job (no cap)');
  });
});

describe('numbers, words and the end', () => {
  it('rounds numbers in event text by their unit', () => {
    const trip = run.record.events.find((event) => event.text.startsWith('latchup_tripped:'));
    expect(trip?.text).toMatch(/^latchup_tripped: latch-up on rail accelerator: \d+\.\d\d A, power-cycled$/);
    for (const event of run.record.events) expect(event.text, event.text).not.toMatch(/\d\.\d{4,}/);
  });

  it('writes plurals right in the summary: 1 contact, 1 run, 1 orbit, 1 restart', () => {
    expect(row('telemetry')).toMatch(/ in 1 contact \(\d+ s\)$/);
    const figures = run.figures;
    const one = summaryRows({
      ...figures,
      orbits: 1.0000004,
      softwareStarts: 2,
      jobs: { ...figures.jobs, runner: { ...figures.jobs.runner, retries: 1 }, ground: { ...figures.jobs.ground, resultAsks: 1 } },
      commands: { ...figures.commands, transmissions: 1 },
      telemetry: { ...figures.telemetry, packets: 1, contacts: 1 },
    });
    const text = Object.fromEntries(one);
    expect(text['simulated time']).toMatch(/\(1 orbit of \d+ s\)$/);
    expect(text['jobs retried']).toMatch(/^1 run restarted on board; \d+ resubmitted, 1 result request$/);
    expect(text.resets).toMatch(/^1 flight software restart \(/);
    expect(text.commands).toContain('(1 transmission)');
    expect(text.telemetry).toMatch(/^1 packet, .* in 1 contact \(/);
    const many = Object.fromEntries(summaryRows({ ...figures, orbits: 3, softwareStarts: 3, telemetry: { ...figures.telemetry, contacts: 3 } }));
    expect(many['simulated time']).toMatch(/\(3 orbits of /);
    expect(many.resets).toMatch(/^2 flight software restarts/);
    expect(many.telemetry).toMatch(/ in 3 contacts \(/);
    expect(renderReport(run.record)).toMatch(/1 contact, 0 SAA passes, 4 jobs, \d+ events\./);
    expect(run.record.parameters.scenario).toBe('test: a latch-up in the first contact (1 fault)');
  });

  it('ends the progress at the end of the flight, not at the last sample before it', () => {
    const progress: MissionProgress[] = [];
    const flown = flyMission({
      orbits: 0.01,
      altitudeKm: 550,
      betaDeg: 0,
      seed: 1,
      scenario: LATCHUP_SCENARIO,
      scenarioName: 'test',
      workload: SMALL_WORKLOAD,
      workloadName: 'test',
      archivePath: ':memory:',
      onProgress: (p) => progress.push(p),
    });
    expect(flown.ok).toBe(true);
    const last = progress.at(-1)!;
    expect(last.timeS).toBeGreaterThanOrEqual(last.endS - 1e-6);
    const spanS = (last.endS - last.startS).toFixed(0);
    expect(progressLine(last)).toContain(`100 %  t ${spanS}/${spanS} s`);
  });
});
