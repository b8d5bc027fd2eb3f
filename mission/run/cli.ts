/**
 * `npx mission` / `make run`: options and files checked first (a problem is
 * one line on stderr and exit code 2), then the flight with a progress bar
 * on a terminal, the files written, and the summary table on stdout; with
 * --digest the telemetry hash is the last line. Wall time is read here
 * only, for the progress bar's pace and the speed line.
 */
import { performance } from 'node:perf_hooks';
import { readScenarioFile, type Scenario } from '../../sim-hw/index.js';
import type { Outcome } from '../../protocol/index.js';
import { fleetMain } from '../fleet/fleet-cli.js';
import { DEFAULT_SCENARIO_FILE, DEFAULT_WORKLOAD_FILE, shippedFile } from './config.js';
import { flyMission } from './fly.js';
import { MISSION_HELP, parseMissionArgs } from './options.js';
import { prepareOutputs, writeOutputs } from './outputs.js';
import { ProgressBar } from './progress.js';
import { formatSummary } from './summary.js';
import { readWorkloadFile, type Workload } from './workload.js';

export interface MissionIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stderrIsTty: boolean;
  readonly nowMs: () => number;
}

export const PROCESS_IO: MissionIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTty: process.stderr.isTTY === true,
  nowMs: () => performance.now(),
};

/** One line: the lines of a multi-line explanation joined with "; " (with a space after a colon). */
function oneLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.reduce((joined, line) => (joined === '' ? line : `${joined}${joined.endsWith(':') ? ' ' : '; '}${line}`), '');
}

export async function missionMain(argv: readonly string[], io: MissionIo = PROCESS_IO): Promise<number> {
  const usage = (error: string) => {
    io.stderr(`mission: ${oneLine(error)} (see: mission --help)\n`);
    return 2;
  };
  const parsed = parseMissionArgs(argv);
  if (!parsed.ok) return usage(parsed.error);
  if (parsed.value.help) {
    io.stdout(`${MISSION_HELP}\n`);
    return 0;
  }
  const options = parsed.value.options;
  const scenario: Outcome<Scenario> = readScenarioFile(options.scenarioPath ?? shippedFile(DEFAULT_SCENARIO_FILE));
  if (!scenario.ok) return usage(scenario.error);
  const workload: Outcome<Workload> = readWorkloadFile(options.workloadPath ?? shippedFile(DEFAULT_WORKLOAD_FILE));
  if (!workload.ok) return usage(workload.error);
  if (options.fleet !== null) return fleetMain(options.fleet, options, scenario.value, workload.value, io);
  const paths = prepareOutputs(options.outDir);
  if (!paths.ok) return usage(paths.error);

  const bar = options.progress && io.stderrIsTty ? new ProgressBar(io.stderr, io.nowMs) : null;
  const startMs = io.nowMs();
  const run = flyMission({
    orbits: options.orbits,
    altitudeKm: options.altitudeKm,
    betaDeg: options.betaDeg,
    seed: options.seed,
    scenario: scenario.value,
    scenarioName: options.scenarioPath ?? 'default',
    workload: workload.value,
    workloadName: options.workloadPath ?? 'default',
    archivePath: paths.value.archive,
    ...(bar ? { onProgress: (progress) => bar.update(progress) } : {}),
  });
  bar?.end();
  if (!run.ok) return usage(run.error);
  const wallS = (io.nowMs() - startMs) / 1000;
  writeOutputs(paths.value, run.value.record);
  const { record, figures } = run.value;
  io.stdout(`${formatSummary(record.summary, record.title)}\n`);
  io.stdout(`flown in ${wallS.toFixed(1)} s of wall time (${(figures.simulatedS / Math.max(wallS, 1e-3)).toFixed(0)} x real time)\n`);
  io.stdout(`wrote ${paths.value.archive}, ${paths.value.record}, ${paths.value.report}\n`);
  if (options.digest) io.stdout(`${run.value.digest}\n`);
  return 0;
}
