/**
 * What the runner tells the ground on request: the job_summary of a job,
 * the job_list report and a result as job_result chunks (bulk class).
 */
import { JOB_LIST_MAX, type TelemetryFields } from '../../protocol/index.js';
import type { FlightContext } from '../executive/module.js';
import { progressPct, type JobEntry } from './job-entry.js';
import type { JobsState } from './jobs-state.js';
import { RESULT_CHUNK_BYTES } from './jobs-bounds.js';
import { runsBefore } from './run-order.js';

export function chunkCount(resultBytes: number): number {
  return Math.ceil(resultBytes / RESULT_CHUNK_BYTES);
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function summary(state: JobsState, entry: JobEntry): TelemetryFields<'job_summary'> {
  return {
    jobId: entry.jobId,
    kind: entry.kind,
    state: entry.state,
    detail: entry.detail,
    resultBytes: entry.state === 'done' ? entry.resultBytes : 0,
    chunks: entry.state === 'done' ? chunkCount(entry.resultBytes) : 0,
    ...(entry.digest !== null ? { digest: hexToBytes(entry.digest) } : {}),
    workFlop: entry.workFlop,
    energyJ: entry.energyJ,
    retries: entry.retries,
    corruptionsDetected: entry.corruptionsDetected,
    corruptionsCorrected: entry.corruptionsCorrected,
    verification: entry.verification,
    resultStored: state.results.has(entry.jobId) ? 1 : 0,
  };
}

/** job_summary, then the result's chunks when the job is done and its result is held. */
export function downlinkResult(ctx: FlightContext, state: JobsState, entry: JobEntry): void {
  ctx.downlink('job_summary', summary(state, entry));
  const bytes = state.results.get(entry.jobId);
  if (entry.state !== 'done' || bytes === undefined) return;
  const chunks = chunkCount(bytes.byteLength);
  for (let chunk = 0; chunk < chunks; chunk++) {
    ctx.downlink('job_result', { jobId: entry.jobId, chunk, chunks, data: bytes.subarray(chunk * RESULT_CHUNK_BYTES, (chunk + 1) * RESULT_CHUNK_BYTES) });
  }
}

/** The queue in run order, then the newest finished jobs, at most JOB_LIST_MAX. */
export function jobList(state: JobsState): TelemetryFields<'job_list'> {
  const queue = [...state.queue].sort((a, b) => (runsBefore(a, b) ? -1 : runsBefore(b, a) ? 1 : 0));
  const finished = [...state.finished].reverse();
  const jobs = [...queue, ...finished].slice(0, JOB_LIST_MAX).map((entry) => ({
    jobId: entry.jobId,
    state: entry.state,
    priority: entry.priority,
    progressPct: progressPct(entry),
  }));
  return { jobs, total: state.queue.length + state.finished.length };
}
