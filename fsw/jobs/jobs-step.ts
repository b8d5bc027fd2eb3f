/**
 * The runner's step against the device, once per tick:
 *   1. energy of the running job (the device's power over the tick);
 *   2. follow the active run: started or refused; lost (device hung, reset,
 *      off: the job waits for the device and resumes from its checkpoint);
 *      an uncorrectable memory error logged with its id (re-run from the
 *      last good checkpoint); a checkpoint (kept unless an uncorrectable
 *      error of the job came in the same frame); the result (verified:
 *      done, corrected, re-run or failed); the result missed (re-run from the
 *      checkpoint); pre-emption (checkpoint, then stop); periodic checkpoints;
 *   3. otherwise start the next job when nothing holds jobs; stop a job on
 *      the device that is not the runner's;
 *   4. the accelerator cap (budgeted: the cap it obeys; naive: the device maximum).
 * One accelerator command per tick, and none when another module has set one.
 */
import type { ModuleContext } from '../executive/module.js';
import type { AcceleratorCommand, JobSensors, SensorFrame } from '../hal/frames.js';
import type { JobEntry } from './job-entry.js';
import type { ActiveRun, JobsState } from './jobs-state.js';
import { launchInputs } from './inputs.js';
import { DEVICE_ANSWER_TIMEOUT_S } from './jobs-bounds.js';
import { downlinkResult } from './reports.js';
import { holdReason } from './run-gate.js';
import { nextJob, runsBefore } from './run-order.js';
import { jobShape, TRAINING_LEARNING_RATE } from './shapes.js';
import { dropCheckpoint, putCheckpoint, putResult } from './jobs-record.js';
import { finish, park, setState, workingState } from './transitions.js';
import { resultDigestHex } from '../../protocol/index.js';
import { judgeResult } from './verify.js';
import { readJobsSettings, type JobsSettings } from './jobs-settings.js';

export type JobsContext = ModuleContext<'jobs'>;

function command(ctx: JobsContext, cmd: AcceleratorCommand): boolean {
  if (ctx.actuators.acceleratorBusy) return false;
  ctx.actuators.acceleratorCommand(cmd);
  return true;
}

function isWorking(job: JobSensors | null): boolean {
  return job !== null && (job.state === 'loading' || job.state === 'running' || job.state === 'checkpointing');
}

/** An uncorrectable error logged this frame in a buffer of the job. */
function uncorrectableFor(frame: SensorFrame, jobId: number): boolean {
  for (const region of Object.values(frame.memory)) {
    for (const record of region?.errorLog ?? []) if (record.kind === 'uncorrectable' && record.jobId === jobId) return true;
  }
  return false;
}

function corruption(ctx: JobsContext, state: JobsState, entry: JobEntry, action: 'corrected' | 'rerun' | 'checkpoint-rejected', detail: string): void {
  entry.corruptionsDetected++;
  state.stats.corruptionsDetected++;
  if (action === 'corrected') {
    entry.corruptionsCorrected++;
    state.stats.corruptionsCorrected++;
  }
  ctx.event('job_corruption', { jobId: entry.jobId, action, detail });
}

/** The run ended early (lost, poisoned, refused): count a retry, fail after jobs.retriesMax, else wait to resume. */
function retry(ctx: JobsContext, state: JobsState, entry: JobEntry, why: string): void {
  state.active = null;
  entry.retries++;
  state.stats.retries++;
  if (entry.retries > ctx.params.getNumber('jobs.retriesMax')) return finish(ctx, state, entry, 'failed', `${entry.retries - 1} retries: ${why}`);
  park(ctx, state, entry, why);
}

function launch(ctx: JobsContext, state: JobsState, entry: JobEntry): void {
  const inline = entry.inline ? (state.inline.get(entry.jobId) ?? null) : null;
  if (entry.inline && inline === null) return finish(ctx, state, entry, 'failed', 'inline input lost from non-volatile memory');
  const shape = jobShape(entry.kind, entry.size);
  let checkpoint = state.checkpoints.get(entry.jobId) ?? null;
  if (checkpoint !== null && checkpoint.run !== entry.run) {
    dropCheckpoint(state, entry.jobId);
    checkpoint = null;
  }
  const started = command(ctx, {
    op: 'start',
    job: {
      jobId: entry.jobId,
      kind: entry.kind,
      dims: shape.dims,
      steps: shape.steps,
      inputs: launchInputs(shape, entry.seed, inline),
      ...(entry.kind === 'training' ? { learningRate: TRAINING_LEARNING_RATE } : {}),
      resume: checkpoint === null ? null : { jobId: entry.jobId, stepsDone: checkpoint.stepsDone, state: checkpoint.state },
    },
  });
  if (!started) return;
  state.active = { jobId: entry.jobId, phase: 'starting', sinceS: ctx.timeS, lastCheckpointS: ctx.timeS, checkpointAskedS: null, preempt: null };
  entry.stepsTotal = shape.steps;
  const from = checkpoint === null ? 'from step 0' : `from checkpoint at step ${checkpoint.stepsDone}`;
  setState(ctx, state, entry, workingState(entry), `run ${entry.run} ${from}`);
}

function accepted(ctx: JobsContext, state: JobsState, entry: JobEntry, result: Uint8Array, workDoneFlop: number, corrected: string | null): void {
  if (corrected !== null) corruption(ctx, state, entry, 'corrected', corrected);
  entry.resultBytes = result.byteLength;
  entry.digest = resultDigestHex(result);
  entry.workFlop = workDoneFlop * jobShape(entry.kind, entry.size).usefulFraction;
  entry.stepsDone = entry.stepsTotal;
  entry.resultStored = true;
  state.stats.verifiedWorkFlop += entry.workFlop;
  putResult(state, entry.jobId, result);
  finish(ctx, state, entry, 'done', corrected ?? `verified (${entry.verification})`);
  if (ctx.params.getBoolean('jobs.autoDownlink')) downlinkResult(ctx, state, entry);
}

function finishRun(ctx: JobsContext, state: JobsState, entry: JobEntry, raw: Uint8Array, workDoneFlop: number): void {
  state.active = null;
  setState(ctx, state, entry, 'verifying', `run ${entry.run} result in`);
  const verdict = judgeResult(entry, raw, ctx.params.getNumber('jobs.runsMax'));
  if (verdict.kind === 'accept') return accepted(ctx, state, entry, verdict.result, workDoneFlop, verdict.corrected);
  if (verdict.kind === 'fail') {
    corruption(ctx, state, entry, 'rerun', verdict.detail);
    return finish(ctx, state, entry, 'failed', verdict.detail);
  }
  if (entry.verification === 'redundant') {
    // Every run of the vote starts from step 0 on freshly written inputs.
    entry.run++;
    dropCheckpoint(state, entry.jobId);
    if (verdict.corruption) corruption(ctx, state, entry, 'rerun', verdict.detail);
    return park(ctx, state, entry, verdict.detail);
  }
  corruption(ctx, state, entry, 'rerun', verdict.detail);
  entry.strikes++;
  // A checkpoint taken after a silent corruption carries it: the second failure from it restarts from step 0.
  if (entry.strikes >= 2) {
    dropCheckpoint(state, entry.jobId);
    entry.strikes = 0;
  }
  retry(ctx, state, entry, verdict.detail);
}

/** Follows the active run through this frame. */
function follow(ctx: JobsContext, state: JobsState, active: ActiveRun, hold: string, settings: JobsSettings): void {
  const entry = state.queue.find((job) => job.jobId === active.jobId);
  if (entry === undefined) {
    state.active = null;
    return;
  }
  const device = ctx.frame.accelerator;
  const job = device.job !== null && device.job.jobId === active.jobId ? device.job : null;
  const timeS = ctx.timeS;
  if (active.phase === 'starting') {
    if (job !== null && job.state === 'failed') return retry(ctx, state, entry, `device refused the start: ${job.failure ?? 'no reason'}`);
    if (job === null || !isWorking(job)) {
      if (timeS - active.sinceS > DEVICE_ANSWER_TIMEOUT_S) retry(ctx, state, entry, 'device did not start the job');
      return;
    }
    active.phase = 'running';
  }
  if (device.state !== 'ready' || job === null)
    return retry(ctx, state, entry, device.state !== 'ready' ? `device ${device.state}: run lost` : 'job vanished from the device');
  if (job.state === 'failed') return retry(ctx, state, entry, `device failed the job: ${job.failure ?? 'no reason'}`);
  entry.stepsDone = job.stepsDone;
  entry.stepsTotal = job.stepsTotal;
  if (uncorrectableFor(ctx.frame, entry.jobId)) {
    command(ctx, { op: 'stop' });
    corruption(ctx, state, entry, 'rerun', 'uncorrectable memory error in the job buffers');
    return retry(ctx, state, entry, 'uncorrectable memory error: re-run from the last good checkpoint');
  }
  if (job.checkpoint !== null) {
    putCheckpoint(state, { jobId: entry.jobId, run: entry.run, stepsDone: job.checkpoint.stepsDone, state: job.checkpoint.state, takenS: timeS });
    entry.checkpointSteps = job.checkpoint.stepsDone;
    active.checkpointAskedS = null;
    active.lastCheckpointS = timeS;
    state.dirty.add('queue');
  }
  if (job.result !== null) return finishRun(ctx, state, entry, job.result, job.workDoneFlop);
  if (job.state === 'done') return retry(ctx, state, entry, 'result missed: re-run from the checkpoint');

  const better = nextJob(state);
  if (active.preempt === null && hold !== '') active.preempt = hold;
  if (active.preempt === null && better !== undefined && better.priority > entry.priority && runsBefore(better, entry))
    active.preempt = `job ${better.jobId} has higher priority`;
  const askedTooLong = active.checkpointAskedS !== null && timeS - active.checkpointAskedS > DEVICE_ANSWER_TIMEOUT_S;
  if (active.preempt !== null) {
    if (job.checkpoint !== null || askedTooLong) {
      if (!command(ctx, { op: 'stop' })) return;
      state.active = null;
      return park(ctx, state, entry, `pre-empted: ${active.preempt}`);
    }
    if (active.checkpointAskedS === null && command(ctx, { op: 'checkpoint' })) active.checkpointAskedS = timeS;
    return;
  }
  if (askedTooLong) active.checkpointAskedS = null;
  if (active.checkpointAskedS === null && timeS - active.lastCheckpointS >= settings.checkpointIntervalS) {
    if (command(ctx, { op: 'checkpoint' })) active.checkpointAskedS = timeS;
  }
}

export function stepRunner(ctx: JobsContext, state: JobsState, dtS: number, settings: JobsSettings = readJobsSettings(ctx.params)): void {
  const device = ctx.frame.accelerator;
  if (state.active !== null) {
    const entry = state.queue.find((job) => job.jobId === state.active!.jobId);
    const energyJ = Number.isFinite(device.powerW) && Number.isFinite(dtS) ? Math.max(0, device.powerW * dtS) : 0;
    if (entry) entry.energyJ += energyJ;
    state.stats.energyUsedJ += energyJ;
  }
  const hold = holdReason(ctx, state, settings);
  state.holdReason = hold;
  if (state.active !== null) follow(ctx, state, state.active, hold, settings);
  if (state.active === null) {
    if (isWorking(device.job) && device.state === 'ready') command(ctx, { op: 'stop' });
    else if (hold === '') {
      const next = nextJob(state);
      if (next !== undefined) launch(ctx, state, next);
    }
  }
  ctx.actuators.acceleratorCap(state.capW);
}

/** After a reset: adopt the job still working on the device, park every other job that was in work. */
export function adoptAfterBoot(ctx: JobsContext, state: JobsState): void {
  const device = ctx.frame.accelerator;
  for (const entry of state.queue) {
    if (entry.state !== 'running' && entry.state !== 'verifying') continue;
    const onDevice = device.state === 'ready' && device.job !== null && device.job.jobId === entry.jobId && isWorking(device.job);
    if (onDevice && state.active === null) {
      state.active = { jobId: entry.jobId, phase: 'running', sinceS: ctx.timeS, lastCheckpointS: ctx.timeS, checkpointAskedS: null, preempt: null };
      entry.detail = 'adopted after a reset';
      state.dirty.add('queue');
    } else {
      entry.retries++;
      state.stats.retries++;
      park(ctx, state, entry, 'computer reset: resume from the checkpoint');
    }
  }
}
