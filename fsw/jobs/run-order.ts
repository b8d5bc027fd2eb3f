/**
 * Which job runs next: highest priority first; among equals the earliest
 * deadline (none last), then submission order. Earliest-deadline-first is
 * optimal for meeting deadlines on one machine when the load is feasible,
 * and priority keeps the operator in charge when it is not. A queued job of
 * strictly higher priority pre-empts the running one (checkpoint, stop,
 * start: jobs-step.ts).
 */
import type { JobEntry } from './job-entry.js';
import type { JobsState } from './jobs-state.js';

/** a runs before b. */
export function runsBefore(a: JobEntry, b: JobEntry): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  const da = a.deadlineS ?? Number.POSITIVE_INFINITY;
  const db = b.deadlineS ?? Number.POSITIVE_INFINITY;
  if (da !== db) return da < db;
  return a.order < b.order;
}

/** The job to run next (not the active one), or undefined. */
export function nextJob(state: JobsState): JobEntry | undefined {
  let best: JobEntry | undefined;
  for (const entry of state.queue) {
    if (entry.jobId === state.active?.jobId) continue;
    if (best === undefined || runsBefore(entry, best)) best = entry;
  }
  return best;
}
