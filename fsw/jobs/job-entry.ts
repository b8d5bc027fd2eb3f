/**
 * A job as the runner keeps it (in the jobs.queue record): what the ground
 * asked for, where it stands, and its integrity and energy counts. Plain
 * data, CBOR-friendly; fromRecord drops what does not read back as a job
 * rather than trusting it.
 */
import { JOB_KINDS, JOB_STATES } from '../../protocol/index.js';
import type { JobKind } from '../hal/frames.js';

export type JobState = (typeof JOB_STATES)[number];
export type Verification = 'abft' | 'redundant';

export interface JobEntry {
  readonly jobId: number;
  readonly kind: JobKind;
  readonly size: number;
  readonly priority: number;
  /** Mission time the result is wanted by; null: none. */
  readonly deadlineS: number | null;
  readonly seed: number;
  /** The first input came inline (held in jobs.inputs while the job is queued). */
  readonly inline: boolean;
  readonly verification: Verification;
  /** Submission order, for ties. */
  readonly order: number;
  readonly submittedS: number;
  state: JobState;
  detail: string;
  /** Run in progress (1-based); redundant execution runs a job until two runs agree. */
  run: number;
  /** SHA-256 (hex) of each finished run's result, for the vote. */
  runDigests: string[];
  /** Steps done at the last good checkpoint of the current run, and steps in a run. */
  checkpointSteps: number;
  stepsDone: number;
  stepsTotal: number;
  /** Consecutive verification failures of the current run (two: restart the run from step 0). */
  strikes: number;
  retries: number;
  corruptionsDetected: number;
  corruptionsCorrected: number;
  energyJ: number;
  workFlop: number;
  resultBytes: number;
  /** Hex SHA-256 of the result once done. */
  digest: string | null;
  resultStored: boolean;
}

/** Jobs waiting or in work. */
export function isPending(state: JobState): boolean {
  return state !== 'done' && state !== 'failed';
}

export function progressPct(entry: JobEntry): number {
  if (entry.state === 'done') return 100;
  if (entry.stepsTotal <= 0) return 0;
  return Math.min(100, Math.max(0, (100 * entry.stepsDone) / entry.stepsTotal));
}

const NUMBER_FIELDS = [
  'jobId',
  'size',
  'priority',
  'seed',
  'order',
  'submittedS',
  'run',
  'checkpointSteps',
  'stepsDone',
  'stepsTotal',
  'strikes',
  'retries',
  'corruptionsDetected',
  'corruptionsCorrected',
  'energyJ',
  'workFlop',
  'resultBytes',
] as const;

/** A stored job, or null when the value is not one. */
export function entryFromRecord(value: unknown): JobEntry | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  for (const field of NUMBER_FIELDS) if (typeof v[field] !== 'number' || !Number.isFinite(v[field])) return null;
  if (!JOB_KINDS.includes(v.kind as JobKind) || !JOB_STATES.includes(v.state as JobState)) return null;
  if (v.verification !== 'abft' && v.verification !== 'redundant') return null;
  if (v.deadlineS !== null && typeof v.deadlineS !== 'number') return null;
  if (typeof v.detail !== 'string' || typeof v.inline !== 'boolean' || typeof v.resultStored !== 'boolean') return null;
  if (v.digest !== null && typeof v.digest !== 'string') return null;
  if (!Array.isArray(v.runDigests) || !v.runDigests.every((d) => typeof d === 'string')) return null;
  return { ...(v as unknown as JobEntry), runDigests: [...(v.runDigests as string[])] };
}
