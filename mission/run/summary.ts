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

const FLOP_PREFIXES: readonly (readonly [number, string])[] = [
  [1e18, 'E'],
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** A FLOP count with an SI prefix, three significant digits. */
export function flopText(flop: number): string {
  const [scale, prefix] = FLOP_PREFIXES.find(([scale]) => Math.abs(flop) >= scale) ?? [1, ''];
  return `${Number((flop / scale).toPrecision(3))} ${prefix}FLOP`;
}

/** "1 contact", "2 contacts". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Orbits to two decimals, "1 orbit" when it rounds to one. */
export function orbitsText(orbits: number): string {
  const rounded = Number(orbits.toFixed(2));
  return `${rounded} orbit${rounded === 1 ? '' : 's'}`;
}

/** A duration for people: minutes under two hours, else hours. */
function duration(seconds: number): string {
  return seconds < 7200 ? `${(seconds / 60).toFixed(0)} min` : `${(seconds / 3600).toFixed(1)} h`;
}

function signedWh(joules: number): string {
  const text = wh(joules);
  return text.startsWith('-') || text === '0 Wh' ? text : `+${text}`;
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
  const energy = f.energy;
  const capacity =
    Math.abs(energy.batteryCapacityChangeJ * WH_PER_J) >= 0.5
      ? `; its content ${signedWh(energy.batteryStoredChangeJ)}, of which ${signedWh(energy.batteryCapacityChangeJ)} from its capacity changing with temperature`
      : '';
  const throttle = f.throttle;
  const heldS = throttle.heldByPowerCapS + throttle.heldByThermalCapS;
  const scale = f.work.workScale;
  return [
    ['simulated time', `${f.simulatedS.toFixed(0)} s (${orbitsText(f.orbits)} of ${f.orbitPeriodS.toFixed(0)} s)`],
    [
      'energy in (array)',
      `${wh(energy.arrayAvailableJ)} available, ${wh(energy.arrayDeliveredJ)} delivered to the bus, ${wh(energy.shuntedJ)} not taken (shunted)`,
    ],
    ['energy used (loads)', `${wh(energy.loadJ)}: accelerator ${wh(energy.acceleratorJ)}, housekeeping ${wh(energy.housekeepingJ)}`],
    ['energy stored (battery)', `${signedWh(energy.batteryChargedJ)} charged less discharged${capacity}`],
    [
      'energy lost (battery)',
      `${wh(energy.batteryChargeLossJ + energy.batteryResistiveLossJ)}: charge not stored (charge efficiency) ${wh(energy.batteryChargeLossJ)}, resistance (I^2 R) ${wh(energy.batteryResistiveLossJ)}; delivered = used + stored + lost`,
    ],
    [
      'verified work',
      `${eflop(f.work.verifiedFlop)} on board; ${eflop(f.work.groundVerifiedFlop)} in results checked at the ground (simulated FLOP: what the proxy kernels really computed, ${flopText(f.work.verifiedFlop / scale)} and ${flopText(f.work.groundVerifiedFlop / scale)}, times the accelerator's workScale ${scale.toExponential(0).replace('e+', 'e')})`,
    ],
    [
      'share of the energy bound',
      `${share(f.work.verifiedFlop, f.work.boundFlop)} of ${eflop(f.work.boundFlop)} ((array - housekeeping) / ${(f.work.minJoulesPerFlop * 1e12).toFixed(3)} pJ/FLOP)`,
    ],
    [
      'share of the achievable optimum',
      Number.isFinite(f.work.optimumFlop)
        ? `${share(f.work.verifiedFlop, f.work.optimumFlop)} of ${eflop(f.work.optimumFlop)} (the most any schedule gets from this energy with the device's power curve, its rail off or on and the battery's losses; ${share(f.work.optimumFlop, f.work.boundFlop)} of the bound; the workload may ask for less)`
        : 'not computed (samples dropped, or no schedule carries the loads)',
    ],
    [
      'jobs',
      `${f.jobs.workload} in the workload, ${ground.jobsSubmitted} uplinked, ${runner.done} done, ${runner.failed} failed, ${runner.refused} refused, ${f.jobs.pendingOnBoard} still on board`,
    ],
    [
      'results at the ground',
      `${ground.resultsVerified} reassembled with their digest; golden: ${ground.goldenMatches} match, ${ground.goldenMismatches} differ, ${ground.goldenUnknown} unknown`,
    ],
    [
      'jobs retried',
      `${plural(runner.retries, 'run')} restarted on board; ${ground.resubmissions} resubmitted, ${plural(ground.resultAsks, 'result request')}`,
    ],
    [
      'corruptions',
      `${runner.corruptionsDetected} detected in jobs, ${runner.corruptionsCorrected} corrected in place; ECC ${f.memory.eccCorrected} corrected, ${f.memory.eccUncorrectable} uncorrectable`,
    ],
    [
      'radiation (simulator)',
      `upsets HBM ${f.truth.hbmUpsets}, RAM ${f.truth.ramUpsets}, logic ${f.truth.logicUpsets}; SEFI ${f.truth.sefis}; latch-ups ${f.truth.latchups}`,
    ],
    [
      'accelerator throttling',
      `jobs computed ${duration(throttle.computingS)}; a cap held the draw below the job's ask ${duration(heldS)} (power cap ${duration(throttle.heldByPowerCapS)}, thermal cap ${duration(throttle.heldByThermalCapS)}), ${wh(throttle.heldBackJ)} held back`,
    ],
    ['state of charge', `minimum ${pct(f.socMinTruePct)} (estimate ${pct(f.socMinEstimatePct)}), end ${pct(f.socEndTruePct)}`],
    [
      'peak temperatures',
      `die ${celsius(peaks.accelerator)}, board ${celsius(peaks.board)}, battery ${celsius(peaks.battery)}, radiator ${celsius(peaks.radiator)}, structure ${celsius(peaks.structure)}`,
    ],
    [
      'resets',
      `${plural(f.softwareStarts - 1, 'flight software restart')} (watchdog ${f.truth.watchdogResets}, brown-outs ${f.truth.brownouts})${f.truth.damage.length > 0 ? `; damage: ${f.truth.damage.join('; ')}` : ''}`,
    ],
    [
      'commands',
      `${f.commands.sent} sent (${plural(f.commands.transmissions, 'transmission')}), ${f.commands.accepted} accepted, ${f.commands.completed} completed, ${f.commands.failed} failed, ${f.commands.rejected} rejected, ${f.commands.unanswered} unanswered`,
    ],
    [
      'telemetry',
      `${plural(f.telemetry.packets, 'packet')}, ${bytes(f.telemetry.bytes)} in ${plural(f.telemetry.contacts, 'contact')} (${f.telemetry.contactS.toFixed(0)} s)`,
    ],
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
