/**
 * A job of the fleet job service as the ground holds it: the ground's
 * stable id, what was asked, and its runs (one per placement on a
 * spacecraft, each with its own on-board job id). The job is done only
 * when `redundant` runs brought home results whose digests agree, and it
 * is done once: results of later runs are counted, never a second result.
 */
import type { JobKindName } from '../../protocol/job-work.js';

export const FLEET_JOB_STATES = ['queued', 'placed', 'done', 'failed'] as const;
export type FleetJobState = (typeof FLEET_JOB_STATES)[number];

/**
 * A run: `uplink` (the submit_job is on its way), the board's states
 * (queued, running, checkpointed, verifying, done: finished on board,
 * result not yet home), `home` (its result reached the ground and was
 * checked), or ended: `failed` (on board, or refused), `cancelled` (the
 * broker moved the job, or it was done elsewhere), `abandoned` (its
 * spacecraft stopped answering).
 */
export type RunState = 'uplink' | 'queued' | 'running' | 'checkpointed' | 'verifying' | 'done' | 'home' | 'failed' | 'cancelled' | 'abandoned';

export const RUN_ENDED: ReadonlySet<RunState> = new Set(['home', 'failed', 'cancelled', 'abandoned']);
/** A run whose work is still ahead of it on board (a cause to move it counts). */
export const RUN_WORKING: ReadonlySet<RunState> = new Set(['uplink', 'queued', 'running', 'checkpointed', 'verifying']);

export const REDUNDANCY_MAX = 2;

export interface FleetJobSpec {
  readonly kind: JobKindName;
  readonly size: number;
  /** 0..9, higher first (default 5). */
  readonly priority: number;
  /** Mission time by which the result is wanted at the ground; null: none. */
  readonly deadlineS: number | null;
  /** Runs on different spacecraft whose digests must agree (1 or 2). */
  readonly redundant: number;
  /** Seed of the generated inputs, the same for every run (default: the ground's job id). */
  readonly inputSeed: number;
}

export interface JobRun {
  /** The on-board job id (FLEET_BOARD_ID_BASE and up, unique across the fleet). */
  readonly boardJobId: number;
  readonly spacecraft: string;
  readonly placedS: number;
  /** Why the broker put it there (the prediction, or the policy). */
  readonly because: string;
  state: RunState;
  /** Time tag of the newest board state taken. */
  stateTimeS: number;
  /** First time the board reported it running. */
  runningS: number | null;
  doneS: number | null;
  detail: string;
  digestHex: string | null;
  homeS: number | null;
  golden: 'match' | 'mismatch' | null;
  /** The station (the pass) that carried its result home, and how the board verified it (abft, redundant): the result's provenance. */
  homeStation: string | null;
  verification: string | null;
  /** The broker asked for a cancel_job (its spacecraft is told when it can be reached). */
  cancelSent: boolean;
}

export interface FleetJob {
  readonly id: number;
  readonly spec: FleetJobSpec;
  readonly submittedS: number;
  state: FleetJobState;
  runs: JobRun[];
  /** Placements after the first ones (moves and re-runs). */
  replacements: number;
  /** The failure reason, or what the last move was for. */
  reason: string;
  /** The accepted result (digest agreed by `redundant` runs). */
  digestHex: string | null;
  doneS: number | null;
  /** Runs whose results agree with the accepted one. */
  agreeing: number[];
  /** Results that came home after the job was done (never a second result). */
  resultsDiscarded: number;
}

/** The runs of a job not ended. */
export const liveRuns = (job: FleetJob): JobRun[] => job.runs.filter((run) => !RUN_ENDED.has(run.state));
