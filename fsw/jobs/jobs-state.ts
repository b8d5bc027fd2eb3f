/**
 * Everything the runner holds. The queue, finished summaries, counters and
 * the pause flag live in jobs.queue; inline inputs, checkpoints and results
 * in their own records (jobs-record.ts). `active` (the run on the device) is RAM
 * only: after a reset it is rebuilt from the device's frame or the job
 * resumes from its checkpoint.
 */
import type { JobEntry } from './job-entry.js';

export interface JobsStats {
  done: number;
  failed: number;
  corruptionsDetected: number;
  corruptionsCorrected: number;
  retries: number;
  refused: number;
  energyUsedJ: number;
  verifiedWorkFlop: number;
  resultsEvicted: number;
  checkpointsDropped: number;
  finishedDropped: number;
  /** Next submission order number. */
  nextOrder: number;
}

export interface StoredCheckpoint {
  readonly jobId: number;
  readonly run: number;
  readonly stepsDone: number;
  readonly state: Uint8Array;
  readonly takenS: number;
}

/** The run on the device, as the runner follows it. */
export interface ActiveRun {
  readonly jobId: number;
  /** start sent, not yet seen on the device; running; stop sent after a pre-emption. */
  phase: 'starting' | 'running';
  /** When the start was sent or the run adopted. */
  readonly sinceS: number;
  /** Last checkpoint taken or asked for, or the start: the periodic checkpoint counts from here. */
  lastCheckpointS: number;
  /** A checkpoint asked for and not yet seen. */
  checkpointAskedS: number | null;
  /** Stop once the checkpoint is in (pre-emption), and why. */
  preempt: string | null;
}

export interface JobsState {
  queue: JobEntry[];
  finished: JobEntry[];
  inline: Map<number, Uint8Array>;
  checkpoints: Map<number, StoredCheckpoint>;
  /** Done results, oldest first. */
  results: Map<number, Uint8Array>;
  stats: JobsStats;
  paused: boolean;
  active: ActiveRun | null;
  /** The naive policy stopped at the state-of-charge floor (and waits for the floor plus the margin). */
  naiveHalted: boolean;
  /** Budgeted policy: the cap is below the minimum (with hysteresis). */
  capLow: boolean;
  holdReason: string;
  capW: number;
  /** Records to write at the end of the step. */
  dirty: Set<'queue' | 'inputs' | 'checkpoints' | 'results'>;
}

export function createStats(): JobsStats {
  return {
    done: 0,
    failed: 0,
    corruptionsDetected: 0,
    corruptionsCorrected: 0,
    retries: 0,
    refused: 0,
    energyUsedJ: 0,
    verifiedWorkFlop: 0,
    resultsEvicted: 0,
    checkpointsDropped: 0,
    finishedDropped: 0,
    nextOrder: 1,
  };
}

export function createJobsState(): JobsState {
  return {
    queue: [],
    finished: [],
    inline: new Map(),
    checkpoints: new Map(),
    results: new Map(),
    stats: createStats(),
    paused: false,
    active: null,
    naiveHalted: false,
    capLow: false,
    holdReason: '',
    capW: 0,
    dirty: new Set(),
  };
}

export function findJob(state: JobsState, jobId: number): JobEntry | undefined {
  return state.queue.find((entry) => entry.jobId === jobId) ?? state.finished.find((entry) => entry.jobId === jobId);
}
