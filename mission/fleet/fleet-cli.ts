/**
 * `npx mission --fleet SPEC`: the fleet flown in parallel (fleet-run.ts),
 * a progress bar on a terminal, a line per spacecraft and the totals on
 * stdout, DIR/fleet.json with every spacecraft's outcome, DIR/fleet-report.html
 * (the fleet page: fleet-page.ts), and with --digest
 * the fleet digest as the last line. Wall time is read by the caller's
 * clock only, for the speed line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { orbitModel, orbitSpecOf } from '../../astro/orbit-model.js';
import { table } from '../../ground/index.js';
import { loadFleet, type Scenario } from '../../sim-hw/index.js';
import type { MissionIo } from '../run/cli.js';
import type { MissionOptions } from '../run/options.js';
import { ProgressBar } from '../run/progress.js';
import type { Workload } from '../run/workload.js';
import { DEFAULT_BROKER_PARAMS } from '../../ground/index.js';
import { flyFleet, type FleetRun } from './fleet-run.js';
import { DEFAULT_CROSSLINK } from './crosslink.js';
import { fleetSummary, formatJobsLine } from './fleet-summary.js';
import { renderFleetReport } from '../report/fleet-render.js';
import { FLEET_REPORT_FILE, fleetRecord } from './fleet-page.js';

export const FLEET_FILE = 'fleet.json';

/** Flies the fleet; its jobs are a stream placed by the ground's job service (the workload file's jobs when one was named). */
export async function fleetMain(spec: string, options: MissionOptions, scenario: Scenario, workload: Workload, io: MissionIo): Promise<number> {
  const loaded = loadFleet(spec);
  if (!loaded.ok) {
    const shown = loaded.problems.slice(0, 5).join('; ');
    io.stderr(`mission: ${shown}${loaded.problems.length > 5 ? `; and ${loaded.problems.length - 5} more` : ''} (see: mission --help)\n`);
    return 2;
  }
  try {
    mkdirSync(options.outDir, { recursive: true });
  } catch (error) {
    io.stderr(`mission: --out ${options.outDir} cannot be used (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
    return 2;
  }
  const fleet = loaded.fleet;
  const bar = options.progress && io.stderrIsTty ? new ProgressBar(io.stderr, io.nowMs) : null;
  // the bar counts runs done against the arrivals expected
  const jobsTotal = Math.max(1, Math.round((options.jobsPerHour * options.orbits * orbitModel(orbitSpecOf(fleet[0]!.config)).periodS) / 3600));
  const startMs = io.nowMs();
  const run: FleetRun = await flyFleet(fleet, {
    orbits: options.orbits,
    seed: options.seed,
    ...(options.workers !== null ? { workers: options.workers } : {}),
    faults: scenario.faults,
    workload,
    jobs: {
      params: { ...DEFAULT_BROKER_PARAMS, policy: options.placement },
      perHour: options.jobsPerHour,
      redundantShare: options.redundantShare,
      ...(options.workloadPath !== null ? { workload } : {}),
    },
    ...(options.crosslink ? { crosslink: DEFAULT_CROSSLINK } : {}),
    ...(bar
      ? {
          onBarrier: (timeS: number, endS: number, states: readonly { jobsDone: number }[]) =>
            bar.update({
              timeS,
              startS: 0,
              endS,
              orbit: 1,
              orbits: options.orbits,
              socPct: Number.NaN,
              jobsDone: states.reduce((sum, state) => sum + state.jobsDone, 0),
              jobsTotal,
            }),
        }
      : {}),
  });
  bar?.end();
  const wallS = Math.max((io.nowMs() - startMs) / 1000, 1e-3);
  const rows = run.outcomes.map((outcome) => ({
    spacecraft: outcome.name,
    id: outcome.spacecraftId,
    'runs done': outcome.jobsDone,
    failed: outcome.jobsFailed,
    'golden matches': outcome.goldenMatches,
    'verified PFLOP': (outcome.verifiedFlop / 1e15).toFixed(1),
    'min SoC %': outcome.socMinTruePct.toFixed(1),
    contacts: outcome.contacts,
    starts: outcome.softwareStarts,
    'util %': (outcome.utilisation * 100).toFixed(1),
    'of optimum %': Number.isFinite(outcome.optimumFlop) && outcome.optimumFlop > 0 ? ((outcome.verifiedFlop / outcome.optimumFlop) * 100).toFixed(1) : '-',
  }));
  const sum = (pick: (outcome: FleetRun['outcomes'][number]) => number) => run.outcomes.reduce((total, outcome) => total + pick(outcome), 0);
  const simulatedS = run.endS - run.startS;
  io.stdout(
    `Fleet ${spec}: ${fleet.length} spacecraft, ${Number(options.orbits.toFixed(3))} orbits, seed ${options.seed}, ${run.workers} worker${run.workers === 1 ? '' : 's'}\n`,
  );
  io.stdout(`${table(rows).join('\n')}\n`);
  io.stdout(
    `runs: ${sum((o) => o.jobsDone)} done, ${sum((o) => o.jobsFailed)} failed on board, ${sum((o) => o.goldenMatches)} golden matches, ${(sum((o) => o.verifiedFlop) / 1e18).toFixed(2)} EFLOP verified\n`,
  );
  io.stdout(
    `flown in ${wallS.toFixed(1)} s of wall time (${(simulatedS / wallS).toFixed(0)} x real time for the fleet, ${((simulatedS * fleet.length) / wallS).toFixed(0)} spacecraft-seconds a second); heap ${(run.heapPerSpacecraftB / 1024 / 1024).toFixed(1)} MB a spacecraft\n`,
  );
  const summary = fleetSummary(spec, options, run);
  if (run.jobs) io.stdout(`${formatJobsLine(run.jobs)}\n`);
  const file = join(options.outDir, FLEET_FILE);
  writeFileSync(file, `${JSON.stringify({ ...summary, jobs: run.jobs?.jobs ?? [] }, null, 2)}\n`);
  const page = join(options.outDir, FLEET_REPORT_FILE);
  const periodS = orbitModel(orbitSpecOf(fleet[0]!.config)).periodS;
  writeFileSync(page, renderFleetReport(fleetRecord(spec, options, run, periodS, summary)));
  const written = [file, page];
  if (options.summaryJson !== null) {
    try {
      writeFileSync(options.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
      written.push(options.summaryJson);
    } catch (error) {
      io.stderr(`mission: --summary-json ${options.summaryJson} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
      return 2;
    }
  }
  io.stdout(`wrote ${written.join(', ')}\n`);
  if (options.digest) io.stdout(`${run.digest}\n`);
  return 0;
}
