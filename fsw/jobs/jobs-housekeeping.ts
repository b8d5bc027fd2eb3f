/** The fields of jobs_hk. */
import type { TelemetryFields } from '../../protocol/index.js';
import { isPending, progressPct } from './job-entry.js';
import type { JobsState } from './jobs-state.js';

export function jobsHousekeeping(state: JobsState): TelemetryFields<'jobs_hk'> {
  const active = state.active === null ? undefined : state.queue.find((entry) => entry.jobId === state.active!.jobId);
  return {
    queued: state.queue.filter((entry) => isPending(entry.state) && entry.jobId !== active?.jobId).length,
    running: active?.jobId ?? 0,
    done: state.stats.done,
    failed: state.stats.failed,
    corruptionsDetected: state.stats.corruptionsDetected,
    corruptionsCorrected: state.stats.corruptionsCorrected,
    queueLength: state.queue.length,
    progressPct: active ? progressPct(active) : 0,
    energyUsedJ: state.stats.energyUsedJ,
    verifiedWorkFlop: state.stats.verifiedWorkFlop,
    retries: state.stats.retries,
    refused: state.stats.refused,
    capW: state.capW,
    paused: state.paused ? 1 : 0,
    holdReason: state.holdReason,
    resultsStored: state.results.size,
    resultsEvicted: state.stats.resultsEvicted,
    checkpointsDropped: state.stats.checkpointsDropped,
  };
}
