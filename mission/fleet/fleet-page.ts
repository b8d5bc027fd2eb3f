/**
 * The fleet run's page (DIR/fleet-report.html): the record the page
 * renders (mission/report/fleet-render.ts), made from the run's outcomes
 * (each spacecraft's series, eclipses and contacts, from its worker), the
 * job service's runs and the summary.
 */
import type { FleetJob } from '../../ground/index.js';
import type { FleetRecord, FleetRunSpan } from '../report/fleet-record.js';
import type { MissionOptions } from '../run/options.js';
import type { StationOutage } from './fleet-jobs.js';
import type { FleetRun } from './fleet-run.js';
import type { FleetSummary } from './fleet-summary.js';

export const FLEET_REPORT_FILE = 'fleet-report.html';

const ENDED: ReadonlySet<string> = new Set(['failed', 'cancelled', 'abandoned']);

/** A run's span: placed, to its result home, its end on board, its last board state, or (still going) the end of the flight. */
export function runSpans(jobs: readonly FleetJob[], endS: number): FleetRunSpan[] {
  return jobs.flatMap((job) =>
    job.runs.map((run) => {
      const lastKnownS = Number.isFinite(run.stateTimeS) && run.stateTimeS > run.placedS ? run.stateTimeS : run.placedS;
      return {
        jobId: job.id,
        kind: job.spec.kind,
        spacecraft: run.spacecraft,
        boardJobId: run.boardJobId,
        placedS: run.placedS,
        endS: run.homeS ?? run.doneS ?? (ENDED.has(run.state) ? lastKnownS : endS),
        state: run.state,
        because: run.because,
        detail: run.detail,
        homeStation: run.homeStation,
      };
    }),
  );
}

export function fleetRecord(
  spec: string,
  options: Pick<MissionOptions, 'orbits' | 'seed' | 'placement' | 'jobsPerHour' | 'redundantShare'>,
  run: FleetRun,
  orbitPeriodS: number,
  summary: FleetSummary,
  outages: readonly StationOutage[] = [],
): FleetRecord {
  const s = (value: number | null) => (value === null ? '-' : `${Math.round(value)} s`);
  return {
    title: `Fleet ${spec}: ${run.outcomes.length} spacecraft, ${Number(options.orbits.toFixed(3))} orbit${options.orbits === 1 ? '' : 's'}, seed ${options.seed}`,
    parameters: {
      fleet: spec,
      orbits: options.orbits,
      seed: options.seed,
      placement: options.placement,
      'jobs per hour': options.jobsPerHour,
      'redundant share': options.redundantShare,
      workers: run.workers,
    },
    startS: run.startS,
    endS: run.endS,
    orbitPeriodS,
    spacecraft: run.outcomes.map((outcome) => outcome.series),
    runs: runSpans(run.jobs?.jobs ?? [], run.endS),
    outages,
    summary: [
      ['jobs submitted', String(summary.jobsSubmitted)],
      ['jobs placed', String(summary.jobsPlaced)],
      ['jobs re-placed', `${summary.jobsReplaced} (${summary.replacements} re-placements)`],
      ['jobs done', String(summary.jobsDone)],
      ['jobs failed', String(summary.jobsFailed)],
      ['jobs open at the end', String(summary.jobsOpen)],
      ['jobs lost (must be 0)', String(summary.jobsLost)],
      ['double completions (must be 0)', String(summary.doubleCompletions)],
      ['latency p50 / p99', `${s(summary.latencyP50S)} / ${s(summary.latencyP99S)}`],
      ['fleet yield of the optimum', summary.fleetYieldOfOptimum === null ? '-' : `${(summary.fleetYieldOfOptimum * 100).toFixed(1)} %`],
    ],
    digest: run.digest,
  };
}
