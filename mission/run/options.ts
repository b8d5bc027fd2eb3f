/**
 * The mission runner's command line: flags, their defaults and ranges, and
 * the help text. A bad flag is a typed failure with one line for the user
 * (the entry point prints it and exits 2).
 */
import { parseArgs } from 'node:util';
import { fail, accept, type Outcome } from '../../protocol/index.js';
import { DEFAULT_ORBIT_PARAMS, joinNegativeValues } from '../../sim-hw/index.js';
import { PLACEMENT_POLICIES, type PlacementPolicy } from '../../ground/index.js';
import { FLEET_WORKERS_MAX } from '../fleet/fleet-run.js';

export interface MissionOptions {
  /** Orbits to fly (fractions allowed). */
  readonly orbits: number;
  readonly altitudeKm: number;
  readonly betaDeg: number;
  readonly seed: number;
  /** Scenario file (sim-hw format); null: the default scenario (one latch-up). */
  readonly scenarioPath: string | null;
  /** Workload file; null: the default workload. */
  readonly workloadPath: string | null;
  readonly outDir: string;
  readonly digest: boolean;
  readonly progress: boolean;
  /** A fleet spec (mission/fleet/): fly every spacecraft of it in parallel; null: the one spacecraft. */
  readonly fleet: string | null;
  /** Worker threads of a fleet run; null: one per core. */
  readonly workers: number | null;
  /** How the fleet's job service places jobs. */
  readonly placement: PlacementPolicy;
  /** Mean job arrivals per hour of mission time, for the whole fleet. */
  readonly jobsPerHour: number;
  /** Share of the fleet's jobs run on two spacecraft. */
  readonly redundantShare: number;
  /** Where a fleet run writes its summary as JSON; null: nowhere. */
  readonly summaryJson: string | null;
  /** A fleet's finished results relayed over crosslinks to a neighbour that sees a station sooner (mission/fleet/crosslink.ts). */
  readonly crosslink: boolean;
}

export const DEFAULT_MISSION_OPTIONS: MissionOptions = {
  orbits: 3,
  altitudeKm: DEFAULT_ORBIT_PARAMS.altitudeKm,
  betaDeg: DEFAULT_ORBIT_PARAMS.betaDeg,
  seed: 1,
  scenarioPath: null,
  workloadPath: null,
  outDir: 'out',
  digest: false,
  progress: true,
  fleet: null,
  workers: null,
  placement: 'broker',
  jobsPerHour: 12,
  redundantShare: 0.1,
  summaryJson: null,
  crosslink: false,
};

export const ORBITS_MAX = 100;
/** Seeds are 32-bit unsigned integers (the simulator splits them into streams). */
export const SEED_MAX = 0xffffffff;

export const MISSION_HELP = `Usage: mission [options]

Flies a mission in one deterministic process: the simulated spacecraft, the
flight software with its onboard modules, and a scripted ground operator
who sets NOMINAL, uplinks a workload of jobs during contacts, asks for the
results and checks them against the simulator's golden results. Writes the
archive (SQLite), the mission record (JSON) and the report (HTML), and
prints a summary table.

Options:
  --orbits N           orbits to fly, >0..${ORBITS_MAX} (default ${DEFAULT_MISSION_OPTIONS.orbits})
  --altitude-km KM     orbit altitude, 100..50000 (default ${DEFAULT_MISSION_OPTIONS.altitudeKm})
  --beta-deg DEG       beta angle, -90..90 (default ${DEFAULT_MISSION_OPTIONS.betaDeg})
  --seed N             seed of every random stream, 0..${SEED_MAX} (default ${DEFAULT_MISSION_OPTIONS.seed})
  --scenario FILE      faults, sim-hw scenario format (default: one accelerator
                       latch-up, mission/run/default-scenario.json)
  --workload FILE      jobs to uplink (format: mission/run/README.md; default:
                       mission/run/default-workload.json)
  --out DIR            where archive.sqlite, record.json and report.html go (default ${DEFAULT_MISSION_OPTIONS.outDir})
  --digest             print, as the last line, the SHA-256 (hex) over every
                       telemetry packet that reached the ground
  --no-progress        no progress bar (it shows only on a terminal anyway)
  --fleet SPEC         fly a fleet instead: a fleet file, cluster:N or
                       walker:PLANES/PER_PLANE (mission/fleet/README.md), every
                       spacecraft with its own simulator, flight software and
                       operator, in lock step; prints a line per spacecraft and
                       writes DIR/fleet.json; --digest prints the fleet digest
  --workers N          worker threads of a fleet run, 1..${FLEET_WORKERS_MAX} (default: one per core)
  A fleet's jobs arrive as a stream (Poisson; mostly inference, some training
  and matmul; with --workload, that file's jobs at the stream's times) and the
  ground's job service places each one (ground/fleet/README.md):
  --placement P        ${PLACEMENT_POLICIES.join(' | ')} (default ${DEFAULT_MISSION_OPTIONS.placement})
  --jobs-per-hour N    mean arrivals per hour of mission time, >0..10000 (default ${DEFAULT_MISSION_OPTIONS.jobsPerHour})
  --redundant-share F  share of jobs run on two spacecraft, 0..1 (default ${DEFAULT_MISSION_OPTIONS.redundantShare})
  --crosslink          relay finished results over crosslinks (range 5000 km, 1 Mbit/s, 16 held
                       each) to a neighbour that will see a station sooner (store and forward)
  --summary-json FILE  write the fleet's summary as JSON (jobs, latency, yield)
  -h, --help           this text

Exit codes: 0 flown, 2 bad option or file.`;

export type ParsedArgs = { readonly help: true } | { readonly help: false; readonly options: MissionOptions };

/** Options whose value may be negative. */
const NUMERIC_OPTIONS = new Set(['--orbits', '--altitude-km', '--beta-deg', '--seed']);

function numberIn(
  option: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
  { integer = false, minExclusive = false } = {},
): Outcome<number> {
  if (text === undefined) return accept(fallback);
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) return fail(`--${option} "${text}" is not a number`);
  if (integer && !Number.isInteger(value)) return fail(`--${option} ${text} is not an integer`);
  if (value > max || (minExclusive ? value <= min : value < min))
    return fail(`--${option} ${text} is not ${minExclusive ? `above ${min} and at most ${max}` : `${min}..${max}`}`);
  return accept(value);
}

/** Parses the command line (without node and the script); a bad flag is a one-line failure. */
export function parseMissionArgs(argv: readonly string[]): Outcome<ParsedArgs> {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(argv, NUMERIC_OPTIONS),
      options: {
        orbits: { type: 'string' },
        'altitude-km': { type: 'string' },
        'beta-deg': { type: 'string' },
        seed: { type: 'string' },
        scenario: { type: 'string' },
        workload: { type: 'string' },
        out: { type: 'string' },
        digest: { type: 'boolean', default: false },
        'no-progress': { type: 'boolean', default: false },
        fleet: { type: 'string' },
        workers: { type: 'string' },
        placement: { type: 'string' },
        'jobs-per-hour': { type: 'string' },
        'redundant-share': { type: 'string' },
        'summary-json': { type: 'string' },
        crosslink: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return fail((error as Error).message.split('\n')[0]!);
  }
  if (values.help) return accept({ help: true });
  const d = DEFAULT_MISSION_OPTIONS;
  const orbits = numberIn('orbits', values.orbits, d.orbits, 0, ORBITS_MAX, { minExclusive: true });
  if (!orbits.ok) return orbits;
  const altitudeKm = numberIn('altitude-km', values['altitude-km'], d.altitudeKm, 100, 50_000);
  if (!altitudeKm.ok) return altitudeKm;
  const betaDeg = numberIn('beta-deg', values['beta-deg'], d.betaDeg, -90, 90);
  if (!betaDeg.ok) return betaDeg;
  const seed = numberIn('seed', values.seed, d.seed, 0, SEED_MAX, { integer: true });
  if (!seed.ok) return seed;
  for (const name of ['scenario', 'workload', 'out'] as const) {
    if (values[name] !== undefined && values[name].trim() === '') return fail(`--${name} needs a path`);
  }
  if (values.fleet !== undefined && values.fleet.trim() === '') return fail('--fleet needs a spec: a fleet file, cluster:N or walker:PLANES/PER_PLANE');
  if (values.fleet !== undefined) {
    const fixed = (['altitude-km', 'beta-deg'] as const).find((name) => values[name] !== undefined);
    if (fixed) return fail(`--${fixed} is not for a fleet: each spacecraft's orbit comes from the fleet spec`);
  }
  for (const name of ['workers', 'placement', 'jobs-per-hour', 'redundant-share', 'summary-json'] as const) {
    if (values[name] !== undefined && values.fleet === undefined) return fail(`--${name} is for a fleet run (--fleet SPEC)`);
  }
  if (values.crosslink && values.fleet === undefined) return fail('--crosslink is for a fleet run (--fleet SPEC)');
  const placement = values.placement ?? d.placement;
  if (!(PLACEMENT_POLICIES as readonly string[]).includes(placement)) return fail(`--placement "${placement}" is not one of ${PLACEMENT_POLICIES.join(', ')}`);
  const jobsPerHour = numberIn('jobs-per-hour', values['jobs-per-hour'], d.jobsPerHour, 0, 10_000, { minExclusive: true });
  if (!jobsPerHour.ok) return jobsPerHour;
  const redundantShare = numberIn('redundant-share', values['redundant-share'], d.redundantShare, 0, 1);
  if (!redundantShare.ok) return redundantShare;
  if (values['summary-json'] !== undefined && values['summary-json'].trim() === '') return fail('--summary-json needs a path');
  const workers = values.workers === undefined ? null : numberIn('workers', values.workers, 1, 1, FLEET_WORKERS_MAX, { integer: true });
  if (workers !== null && !workers.ok) return workers;
  return accept({
    help: false,
    options: {
      orbits: orbits.value,
      altitudeKm: altitudeKm.value,
      betaDeg: betaDeg.value,
      seed: seed.value,
      scenarioPath: values.scenario ?? null,
      workloadPath: values.workload ?? null,
      outDir: values.out ?? d.outDir,
      digest: values.digest,
      progress: !values['no-progress'],
      fleet: values.fleet ?? null,
      workers: workers === null ? null : workers.value,
      placement: placement as PlacementPolicy,
      jobsPerHour: jobsPerHour.value,
      redundantShare: redundantShare.value,
      summaryJson: values['summary-json'] ?? null,
      crosslink: values.crosslink,
    },
  });
}
