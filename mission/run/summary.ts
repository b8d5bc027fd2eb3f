/**
 * The summary table printed at the end of a run (and kept in the record):
 * one row per figure, label and value, in words an operator reads at a
 * glance. Values are rounded for people; the record's samples keep the
 * detail.
 */
import type { MissionFigures } from './figures.js';

export type SummaryRow = readonly [string, string];

const WH_PER_J = 1 / 3600;
const EFLOP = 1e18;

function wh(joules: number): string {
  return `${(joules * WH_PER_J).toFixed(0)} Wh`;
}

function eflop(flop: number): string {
  return `${(flop / EFLOP).toFixed(2)} EFLOP`;
}

function pct(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)} %` : 'n/a';
}

function share(part: number, whole: number): string {
  return whole > 0 ? pct((100 * part) / whole) : 'n/a';
}

function bytes(count: number): string {
  if (count >= 1e6) return `${(count / 1e6).toFixed(2)} MB`;
  if (count >= 1e3) return `${(count / 1e3).toFixed(1)} kB`;
  return `${count} B`;
}

function celsius(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(1)} C`;
}

export function summaryRows(f: MissionFigures): SummaryRow[] {
  const { runner, ground } = f.jobs;
  const drops = f.drops;
  const onBoard = Object.entries(drops.onBoard)
    .map(([cls, count]) => `${cls} ${count}`)
    .join(', ');
  const peaks = f.peakTemperaturesC;
  return [
    ['simulated time', `${f.simulatedS.toFixed(0)} s (${f.orbits.toFixed(2)} orbits of ${f.orbitPeriodS.toFixed(0)} s)`],
    ['energy in (array)', `${wh(f.energy.arrayAvailableJ)} available, ${wh(f.energy.arrayDeliveredJ)} delivered to the bus`],
    ['energy used (loads)', `${wh(f.energy.loadJ)}: accelerator ${wh(f.energy.acceleratorJ)}, housekeeping ${wh(f.energy.housekeepingJ)}; battery ${f.energy.batteryStoredChangeJ >= 0 ? '+' : ''}${wh(f.energy.batteryStoredChangeJ)}`],
    ['verified work', `${eflop(f.work.verifiedFlop)} on board; ${eflop(f.work.groundVerifiedFlop)} in results checked at the ground`],
    ['share of the energy bound', `${share(f.work.verifiedFlop, f.work.boundFlop)} of ${eflop(f.work.boundFlop)} ((array - housekeeping) / ${(f.work.minJoulesPerFlop * 1e12).toFixed(3)} pJ/FLOP)`],
    ['jobs', `${f.jobs.workload} in the workload, ${ground.jobsSubmitted} uplinked, ${runner.done} done, ${runner.failed} failed, ${runner.refused} refused, ${f.jobs.pendingOnBoard} still on board`],
    ['results at the ground', `${ground.resultsVerified} reassembled with their digest; golden: ${ground.goldenMatches} match, ${ground.goldenMismatches} differ, ${ground.goldenUnknown} unknown`],
    ['jobs retried', `${runner.retries} runs restarted on board; ${ground.resubmissions} resubmitted, ${ground.resultAsks} result requests`],
    ['corruptions', `${runner.corruptionsDetected} detected in jobs, ${runner.corruptionsCorrected} corrected in place; ECC ${f.memory.eccCorrected} corrected, ${f.memory.eccUncorrectable} uncorrectable`],
    ['radiation (simulator)', `upsets HBM ${f.truth.hbmUpsets}, RAM ${f.truth.ramUpsets}, logic ${f.truth.logicUpsets}; SEFI ${f.truth.sefis}; latch-ups ${f.truth.latchups}`],
    ['state of charge', `minimum ${pct(f.socMinTruePct)} (estimate ${pct(f.socMinEstimatePct)}), end ${pct(f.socEndTruePct)}`],
    ['peak temperatures', `die ${celsius(peaks.accelerator)}, board ${celsius(peaks.board)}, battery ${celsius(peaks.battery)}, radiator ${celsius(peaks.radiator)}, structure ${celsius(peaks.structure)}`],
    ['resets', `${f.softwareStarts - 1} flight software restarts (watchdog ${f.truth.watchdogResets}, brown-outs ${f.truth.brownouts})${f.truth.damage.length > 0 ? `; damage: ${f.truth.damage.join('; ')}` : ''}`],
    ['commands', `${f.commands.sent} sent (${f.commands.transmissions} transmissions), ${f.commands.accepted} accepted, ${f.commands.completed} completed, ${f.commands.failed} failed, ${f.commands.rejected} rejected, ${f.commands.unanswered} unanswered`],
    ['telemetry', `${f.telemetry.packets} packets, ${bytes(f.telemetry.bytes)} in ${f.telemetry.contacts} contacts (${f.telemetry.contactS.toFixed(0)} s)`],
    [
      'drops',
      `on board ${onBoard}, at resets ${drops.lostAtResets}; downlink lost ${drops.downlink.lost}, no contact ${drops.downlink.noContact}, backlog ${drops.downlink.backlog}; uplink lost ${drops.uplink.lost}, no contact ${drops.uplink.noContact}; missing at the ground ${drops.missingAtGround}${drops.rejectedAtGround > 0 ? `; refused at the ground ${drops.rejectedAtGround}` : ''}${drops.recordEvents > 0 ? `; record: ${drops.recordEvents} events or samples not kept` : ''}`,
    ],
  ];
}

/** The rows as an aligned two-column text table. */
export function formatSummary(rows: readonly SummaryRow[], title: string): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  const rule = '-'.repeat(Math.min(100, Math.max(title.length, ...lines.map((line) => line.length))));
  return [title, rule, ...lines, rule].join('\n');
}
