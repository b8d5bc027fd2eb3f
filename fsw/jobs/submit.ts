/**
 * A submission from the ground, checked whole before anything is queued:
 * job id free, queue not full, size within what the non-volatile budget,
 * the downlink and the device take, inline input of the right length with
 * finite values, room for it, deadline not past. A refusal is a typed
 * result with the reason; an accepted job is in the queue record before the
 * command completes.
 */
import type { CommandArgs, CommandFailure } from '../../protocol/index.js';
import type { JobEntry } from './job-entry.js';
import { findJob, type JobsState } from './jobs-state.js';
import { INLINE_BYTES_MAX, QUEUE_MAX } from './jobs-bounds.js';
import { inlineProblem, verificationFor } from './inputs.js';
import { jobShape, shapeProblem } from './shapes.js';

/** A submission: the submit_job command's arguments. */
export type Submission = CommandArgs<'submit_job'>;

export type SubmitOutcome = { readonly ok: true; readonly entry: JobEntry } | { readonly ok: false; readonly reason: CommandFailure; readonly detail: string };

function refuse(reason: CommandFailure, detail: string): SubmitOutcome {
  return { ok: false, reason, detail };
}

export function checkSubmission(state: JobsState, submission: Submission, timeS: number): SubmitOutcome {
  const { jobId, kind, size } = submission;
  if (findJob(state, jobId) !== undefined) return refuse('invalid-value', `job id ${jobId} is in use`);
  if (state.queue.length >= QUEUE_MAX) return refuse('unavailable', `queue full (${QUEUE_MAX} jobs)`);
  const shape = jobShape(kind, size);
  const problem = shapeProblem(shape);
  if (problem !== null) return refuse('invalid-value', problem);
  const inline = submission.input ?? null;
  if (inline !== null) {
    const why = inlineProblem(shape, inline);
    if (why !== null) return refuse('invalid-value', why);
    let held = inline.byteLength;
    for (const bytes of state.inline.values()) held += bytes.byteLength;
    if (held > INLINE_BYTES_MAX) return refuse('unavailable', `inline inputs would hold ${held} bytes, over the ${INLINE_BYTES_MAX}-byte budget`);
  }
  if (submission.deadlineS !== undefined && submission.deadlineS <= timeS)
    return refuse('invalid-value', `deadline ${submission.deadlineS} s has passed (now ${timeS.toFixed(1)} s)`);
  const seed = submission.inputSeed ?? jobId;
  return {
    ok: true,
    entry: {
      jobId,
      kind,
      size,
      priority: submission.priority ?? 0,
      deadlineS: submission.deadlineS ?? null,
      seed,
      inline: inline !== null,
      verification: verificationFor(shape, seed, inline),
      order: state.stats.nextOrder,
      submittedS: timeS,
      state: 'queued',
      detail: '',
      run: 1,
      runDigests: [],
      checkpointSteps: 0,
      stepsDone: 0,
      stepsTotal: shape.steps,
      strikes: 0,
      retries: 0,
      corruptionsDetected: 0,
      corruptionsCorrected: 0,
      energyJ: 0,
      workFlop: 0,
      resultBytes: 0,
      digest: null,
      resultStored: false,
    },
  };
}
