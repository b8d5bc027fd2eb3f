/**
 * One mission, the library entry: the spacecraft (simulator), the flight
 * software with its onboard modules and the scripted ground operator on the
 * deterministic in-process stack, for the given number of orbits. Each tick
 * the recorder looks at the frame; each second of mission time the ground
 * takes what came down (hashed, decoded, archived) and the operator acts if
 * in contact; each sample the progress callback hears about it. Nothing
 * here reads the wall clock: the same input gives the same record, figures
 * and digest.
 */
import { checkSpacecraftConfig, type Scenario } from '../../sim-hw/index.js';
import { accept, fail, type Outcome } from '../../protocol/index.js';
import type { MissionRecord } from '../report/record.js';
import { eclipseBands, saaBands } from './bands.js';
import { MISSION_RAAN_DEG, missionConfig } from './config.js';
import { runnerRetries, type MissionFigures } from './figures.js';
import { MissionFlight } from './flight.js';
import { missionRecord } from './mission-record.js';
import type { OperatorPolicy } from './operator.js';
import { plural, summaryRows } from './summary.js';
import type { Workload } from './workload.js';

export { SAMPLE_PERIOD_S } from './flight.js';
/** SAA bands are sampled this often (passes last minutes). */
const SAA_STEP_S = 1;

export interface MissionInput {
  readonly orbits: number;
  readonly altitudeKm: number;
  readonly betaDeg: number;
  readonly seed: number;
  readonly scenario: Scenario;
  /** How the scenario is named in the record (a path, or "default"). */
  readonly scenarioName: string;
  readonly workload: Workload;
  readonly workloadName: string;
  /** The SQLite archive to write (':memory:' keeps it in memory). */
  readonly archivePath: string;
  readonly samplePeriodS?: number;
  readonly policy?: OperatorPolicy;
  /** Called after every sample (every samplePeriodS of mission time). */
  readonly onProgress?: (progress: MissionProgress) => void;
}

export interface MissionProgress {
  readonly timeS: number;
  readonly startS: number;
  readonly endS: number;
  /** 1-based orbit of the run, and the orbits it flies. */
  readonly orbit: number;
  readonly orbits: number;
  readonly socPct: number;
  readonly jobsDone: number;
  readonly jobsTotal: number;
}

export interface MissionRun {
  readonly record: MissionRecord;
  readonly figures: MissionFigures;
  /** SHA-256 (hex) over every telemetry packet that reached the ground, in arrival order. */
  readonly digest: string;
}

/** Flies the mission. A configuration the simulator refuses is a failure with its problems. */
export function flyMission(input: MissionInput): Outcome<MissionRun> {
  const config = missionConfig(input);
  const problems = checkSpacecraftConfig(config);
  if (problems.length > 0) return fail(`the spacecraft configuration is invalid: ${problems.join('; ')}`);
  const flight = new MissionFlight({
    config,
    faults: input.scenario.faults,
    workload: input.workload,
    archivePath: input.archivePath,
    ...(input.samplePeriodS !== undefined ? { samplePeriodS: input.samplePeriodS } : {}),
    ...(input.policy ? { policy: input.policy } : {}),
  });
  try {
    const { stack, recorder, operator, startS, orbitPeriodS: periodS } = flight;
    const endS = startS + input.orbits * periodS;
    let progressS = Number.NaN;
    const progress = (): void => {
      if (!input.onProgress) return;
      const last = recorder.samples.at(-1);
      progressS = stack.timeS;
      input.onProgress({
        timeS: stack.timeS,
        startS,
        endS,
        orbit: Math.min(Math.ceil(input.orbits), Math.floor((stack.timeS - startS) / periodS) + 1),
        orbits: input.orbits,
        socPct: last?.socPctTrue ?? Number.NaN,
        jobsDone: last?.jobsDone ?? 0,
        jobsTotal: input.workload.jobs.length,
      });
    };
    flight.advance(endS, progress);
    const { digest, figures } = flight.finish();
    // The end, also when it falls between samples.
    if (progressS !== stack.timeS) progress();
    const summary = summaryRows(figures);
    const record = missionRecord(
      {
        title: `Mission: ${formatOrbits(input.orbits)} at ${input.altitudeKm} km, beta ${input.betaDeg} deg, seed ${input.seed}`,
        parameters: {
          orbits: input.orbits,
          altitudeKm: input.altitudeKm,
          betaDeg: input.betaDeg,
          raanDeg: MISSION_RAAN_DEG,
          seed: input.seed,
          station: `${config.station.name} (${config.station.latDeg}, ${config.station.lonDeg}), min elevation ${config.station.minElevationDeg} deg`,
          scenario: `${input.scenarioName}${input.scenario.description ? `: ${input.scenario.description}` : ''} (${plural(input.scenario.faults.length, 'fault')})`,
          workload: `${input.workloadName}${input.workload.description ? `: ${input.workload.description}` : ''} (${plural(input.workload.jobs.length, 'job')})`,
        },
        startS,
        endS: stack.timeS,
        orbitPeriodS: periodS,
        eclipses: eclipseBands(config.orbit, startS, stack.timeS),
        saaPasses: saaBands(config.orbit, config.radiation, startS, stack.timeS, SAA_STEP_S),
        summary,
        digest,
        boardRetries: runnerRetries(stack),
      },
      recorder,
      operator,
    );
    return accept({ record, figures, digest });
  } finally {
    flight.close();
  }
}

function formatOrbits(orbits: number): string {
  return `${Number(orbits.toFixed(3))} orbit${orbits === 1 ? '' : 's'}`;
}
