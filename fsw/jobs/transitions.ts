/**
 * Changes of a job's state, each with its job_state event and the queue
 * record marked for writing: parked (waiting to run, or to resume from its
 * checkpoint), started, finished (done or failed, moved to the finished
 * summaries with its checkpoint and inline input let go).
 */
import { fieldMaxLength, fitText } from '../../protocol/index.js';
import type { FlightContext } from '../executive/module.js';
import type { JobEntry, JobState } from './job-entry.js';
import type { JobsState } from './jobs-state.js';
import { addFinished, dropCheckpoint } from './jobs-record.js';

/** A job's detail is kept as long as job_summary and job_state carry it (it goes to NVM with the queue). */
const DETAIL_MAX = fieldMaxLength('job_summary', 'detail');

export function setState(ctx: FlightContext, state: JobsState, entry: JobEntry, to: JobState, detail: string): void {
  entry.detail = fitText(detail, DETAIL_MAX);
  state.dirty.add('queue');
  if (entry.state === to) return;
  entry.state = to;
  ctx.event('job_state', { jobId: entry.jobId, state: to, ...(entry.detail ? { detail: entry.detail } : {}) });
}

/** The state of a job waiting for the device. */
export function parkedState(state: JobsState, entry: JobEntry): JobState {
  if (state.checkpoints.has(entry.jobId)) return 'checkpointed';
  return entry.run > 1 ? 'verifying' : 'queued';
}

/** The state of a job on the device: a second or later run checks the first. */
export function workingState(entry: JobEntry): JobState {
  return entry.run > 1 ? 'verifying' : 'running';
}

export function park(ctx: FlightContext, state: JobsState, entry: JobEntry, detail: string): void {
  const checkpoint = state.checkpoints.get(entry.jobId);
  entry.checkpointSteps = checkpoint?.stepsDone ?? 0;
  entry.stepsDone = entry.checkpointSteps;
  setState(ctx, state, entry, parkedState(state, entry), detail);
}

/** Done or failed: out of the queue into the finished summaries. */
export function finish(ctx: FlightContext, state: JobsState, entry: JobEntry, to: 'done' | 'failed', detail: string): void {
  if (state.active?.jobId === entry.jobId) state.active = null;
  state.queue = state.queue.filter((job) => job.jobId !== entry.jobId);
  dropCheckpoint(state, entry.jobId);
  if (state.inline.delete(entry.jobId)) state.dirty.add('inputs');
  if (to === 'done') state.stats.done++;
  else state.stats.failed++;
  setState(ctx, state, entry, to, detail);
  addFinished(state, entry);
}
