/**
 * The runner's non-volatile records: jobs.queue (queue, finished summaries,
 * counters, pause), jobs.inputs (inline inputs of queued jobs),
 * jobs.checkpoints (the last good checkpoint of each job in work) and
 * jobs.results (done results, oldest evicted first; the summary stays).
 * Byte budgets are kept before writing, so a write never fails for size;
 * what is evicted is counted.
 */
import type { ModuleRecords } from '../storage/scoped-records.js';
import { entryFromRecord, type JobEntry } from './job-entry.js';
import { createStats, type JobsState, type JobsStats, type StoredCheckpoint } from './jobs-state.js';
import { CHECKPOINT_BYTES_MAX, FINISHED_MAX, INLINE_BYTES_MAX, RESULT_BYTES_MAX } from './jobs-bounds.js';

/** Non-volatile records of the runner (two slots each). */
export const JOB_RECORDS = {
  queue: { id: 'jobs.queue', slotBytes: 96 * 1024 },
  inputs: { id: 'jobs.inputs', slotBytes: INLINE_BYTES_MAX + 8 * 1024 },
  checkpoints: { id: 'jobs.checkpoints', slotBytes: 3 * CHECKPOINT_BYTES_MAX + 8 * 1024 },
  results: { id: 'jobs.results', slotBytes: 4 * RESULT_BYTES_MAX + 8 * 1024 },
} as const;

/** Bytes kept free in each slot for the CBOR framing around the payload bytes. */
const FRAMING_BYTES_PER_ITEM = 64;
const FRAMING_BYTES = 4096;

function budget(slotBytes: number): number {
  return slotBytes - FRAMING_BYTES;
}

function bytesOf(value: unknown): Uint8Array | null {
  return value instanceof Uint8Array ? value : null;
}

/** Restores everything from the records; what does not read back is left out (the executive reports unreadable records). */
export function loadJobs(records: ModuleRecords<'jobs'>, state: JobsState): void {
  const queue = records.read(JOB_RECORDS.queue.id);
  if (queue) {
    state.queue = (Array.isArray(queue.queue) ? queue.queue : []).map(entryFromRecord).filter((e): e is JobEntry => e !== null);
    state.finished = (Array.isArray(queue.finished) ? queue.finished : []).map(entryFromRecord).filter((e): e is JobEntry => e !== null);
    const stats = createStats();
    if (typeof queue.stats === 'object' && queue.stats !== null) {
      for (const key of Object.keys(stats) as (keyof JobsStats)[]) {
        const value = (queue.stats as Record<string, unknown>)[key];
        if (typeof value === 'number' && Number.isFinite(value)) stats[key] = value;
      }
    }
    state.stats = stats;
    state.paused = queue.paused === true;
  }
  const inputs = records.read(JOB_RECORDS.inputs.id);
  for (const item of Array.isArray(inputs?.inputs) ? inputs.inputs : []) {
    const bytes = bytesOf(item?.bytes);
    if (typeof item?.jobId === 'number' && bytes) state.inline.set(item.jobId, bytes);
  }
  const checkpoints = records.read(JOB_RECORDS.checkpoints.id);
  for (const item of Array.isArray(checkpoints?.checkpoints) ? checkpoints.checkpoints : []) {
    const bytes = bytesOf(item?.state);
    if (typeof item?.jobId === 'number' && typeof item.run === 'number' && typeof item.stepsDone === 'number' && typeof item.takenS === 'number' && bytes) {
      state.checkpoints.set(item.jobId, { jobId: item.jobId, run: item.run, stepsDone: item.stepsDone, state: bytes, takenS: item.takenS });
    }
  }
  const results = records.read(JOB_RECORDS.results.id);
  for (const item of Array.isArray(results?.results) ? results.results : []) {
    const bytes = bytesOf(item?.bytes);
    if (typeof item?.jobId === 'number' && bytes) state.results.set(item.jobId, bytes);
  }
}

/** Keeps a finished job's summary, dropping (and counting) the oldest beyond FINISHED_MAX. */
export function addFinished(state: JobsState, entry: JobEntry): void {
  state.finished.push(entry);
  while (state.finished.length > FINISHED_MAX) {
    const dropped = state.finished.shift()!;
    state.stats.finishedDropped++;
    if (state.results.delete(dropped.jobId)) state.dirty.add('results');
  }
  state.dirty.add('queue');
}

/** Stores a checkpoint, dropping the oldest of other jobs when the record would overflow. */
export function putCheckpoint(state: JobsState, checkpoint: StoredCheckpoint): void {
  state.checkpoints.delete(checkpoint.jobId);
  const room = budget(JOB_RECORDS.checkpoints.slotBytes);
  let used = checkpoint.state.byteLength + FRAMING_BYTES_PER_ITEM;
  for (const other of state.checkpoints.values()) used += other.state.byteLength + FRAMING_BYTES_PER_ITEM;
  for (const other of [...state.checkpoints.values()].sort((a, b) => a.takenS - b.takenS)) {
    if (used <= room) break;
    state.checkpoints.delete(other.jobId);
    used -= other.state.byteLength + FRAMING_BYTES_PER_ITEM;
    state.stats.checkpointsDropped++;
    const entry = state.queue.find((job) => job.jobId === other.jobId);
    if (entry) entry.checkpointSteps = 0;
  }
  state.checkpoints.set(checkpoint.jobId, checkpoint);
  state.dirty.add('checkpoints');
}

export function dropCheckpoint(state: JobsState, jobId: number): void {
  if (state.checkpoints.delete(jobId)) state.dirty.add('checkpoints');
}

/** Stores a done result, evicting the oldest results (their summaries stay) to keep the budget. */
export function putResult(state: JobsState, jobId: number, bytes: Uint8Array): void {
  const room = budget(JOB_RECORDS.results.slotBytes);
  let used = bytes.byteLength + FRAMING_BYTES_PER_ITEM;
  for (const other of state.results.values()) used += other.byteLength + FRAMING_BYTES_PER_ITEM;
  for (const [otherId, other] of state.results) {
    if (used <= room) break;
    state.results.delete(otherId);
    used -= other.byteLength + FRAMING_BYTES_PER_ITEM;
    state.stats.resultsEvicted++;
    const summary = state.finished.find((job) => job.jobId === otherId);
    if (summary) summary.resultStored = false;
  }
  state.results.set(jobId, bytes);
  state.dirty.add('results');
  state.dirty.add('queue');
}

/** Writes the records changed during this step. */
export function saveJobs(records: ModuleRecords<'jobs'>, state: JobsState): void {
  if (state.dirty.size === 0) return;
  if (state.dirty.has('queue'))
    records.write(JOB_RECORDS.queue.id, { queue: state.queue, finished: state.finished, stats: state.stats, paused: state.paused } as never);
  if (state.dirty.has('inputs')) records.write(JOB_RECORDS.inputs.id, { inputs: [...state.inline].map(([jobId, bytes]) => ({ jobId, bytes })) });
  if (state.dirty.has('checkpoints')) records.write(JOB_RECORDS.checkpoints.id, { checkpoints: [...state.checkpoints.values()] as never });
  if (state.dirty.has('results')) records.write(JOB_RECORDS.results.id, { results: [...state.results].map(([jobId, bytes]) => ({ jobId, bytes })) });
  state.dirty.clear();
}
