/**
 * One job on the device: launch (buffers in HBM, inputs written, optional
 * restore), loading, running (simulated work accrues at the throughput; when a
 * step's work is reached the real kernel step runs on the inputs read through
 * the memory controller), checkpointing (compute paused) and completion.
 */

import type { Checkpoint, JobLaunch, JobRunState, JobSensors } from '../../fsw/hal/frames.js';
import type { AcceleratorParams } from './device-params.js';
import { recordLaunch, settleBuffer } from './device-truth.js';
import type { JobTruthRecord } from './device-truth.js';
import { CHECKPOINT_HEADER_BYTES, checkpointState, createKernelState, flopsDone, restore, resultBytes, runStep, stepFlops } from './kernels.js';
import type { KernelSpec, KernelState } from './kernels.js';
import { checkJobLaunch } from './launch-check.js';
import { allocate, free, readBuffer } from './memory-buffers.js';
import type { MemoryBuffer, MemoryRegionState } from './memory-region.js';

/** Time below which a phase counts as finished (absorbs float rounding of dtS sums). */
const TIME_EPSILON_S = 1e-9;

export interface DeviceJob {
  readonly jobId: number;
  readonly launch: JobLaunch;
  phase: JobRunState;
  readonly kernel: KernelState;
  /** One per input, in launch order (empty once released). */
  readonly buffers: MemoryBuffer[];
  /** Reused per step: the inputs as read through the controller. */
  readonly readScratch: Uint8Array[];
  loadRemainingS: number;
  checkpointRemainingS: number;
  checkpointPending: boolean;
  /** Simulated work done towards the next step. */
  progressFlop: number;
  workDoneFlop: number;
  failure: string | null;
  /** One-frame outputs, cleared at the start of each device step. */
  checkpointOut: Checkpoint | null;
  resultOut: Uint8Array | null;
  readonly truth: JobTruthRecord;
}

export type LaunchResult = { readonly ok: true; readonly job: DeviceJob } | { readonly ok: false; readonly reason: string };

export function isJobActive(job: DeviceJob | null): job is DeviceJob {
  return job !== null && (job.phase === 'loading' || job.phase === 'running' || job.phase === 'checkpointing');
}

/** Frees the job's buffers (if still allocated) and moves their upset counts into its truth record. */
export function releaseJob(hbm: MemoryRegionState, job: DeviceJob): void {
  for (const buffer of job.buffers) {
    if (buffer.live) free(hbm, buffer);
    settleBuffer(job.truth, buffer);
  }
  job.buffers.length = 0;
}

/** Validates and places a job; nothing is allocated when it fails. */
export function launchJob(hbm: MemoryRegionState, history: JobTruthRecord[], params: AcceleratorParams, launch: JobLaunch): LaunchResult {
  const problem = checkJobLaunch(launch, params.maxJobRealFlop);
  if (problem !== null) return { ok: false, reason: problem };
  const spec: KernelSpec = {
    kind: launch.kind,
    dims: [...launch.dims],
    steps: launch.steps,
    learningRate: launch.kind === 'training' ? (launch.learningRate ?? 0) : 0,
  };
  const kernel = createKernelState(spec);
  if (launch.resume !== null) {
    const why = restore(kernel, launch.resume.state, launch.resume.stepsDone);
    if (why !== null) return { ok: false, reason: why };
  }
  const buffers: MemoryBuffer[] = [];
  for (const input of launch.inputs) {
    const buffer = allocate(hbm, launch.jobId, input.byteLength);
    if (buffer === null) {
      for (const placed of buffers) free(hbm, placed);
      return { ok: false, reason: `HBM has no free run of pages for ${input.byteLength} bytes` };
    }
    buffer.bytes.set(input);
    buffers.push(buffer);
  }
  const truth = recordLaunch(history, params.jobHistoryMax, launch.jobId, spec, launch.inputs);
  truth.liveBuffers.push(...buffers);
  let loadBytes = 0;
  for (const input of launch.inputs) loadBytes += input.byteLength;
  if (launch.resume !== null) loadBytes += launch.resume.state.byteLength;
  const job: DeviceJob = {
    jobId: launch.jobId,
    launch,
    phase: 'loading',
    kernel,
    buffers,
    readScratch: buffers.map((buffer) => buffer.bytes),
    loadRemainingS: loadBytes / params.loadBytesPerS,
    checkpointRemainingS: 0,
    checkpointPending: false,
    progressFlop: 0,
    workDoneFlop: flopsDone(kernel) * params.workScale,
    failure: null,
    checkpointOut: null,
    resultOut: null,
    truth,
  };
  return { ok: true, job };
}

function completeJob(hbm: MemoryRegionState, job: DeviceJob): void {
  const result = resultBytes(job.kernel);
  job.resultOut = result;
  job.truth.finalResult = result;
  job.phase = 'done';
  releaseJob(hbm, job);
}

function runNextStep(hbm: MemoryRegionState, job: DeviceJob, params: AcceleratorParams, timeS: number): void {
  for (let i = 0; i < job.buffers.length; i++) job.readScratch[i] = readBuffer(hbm, job.buffers[i]!, timeS, job.jobId);
  runStep(job.kernel, job.readScratch);
  job.progressFlop = 0;
  job.workDoneFlop = flopsDone(job.kernel) * params.workScale;
}

/**
 * Advances an active job by dtS with compute at rateFlopS (simulated FLOP/s at
 * full utilisation and the limited clock). Returns the seconds spent computing.
 */
export function advanceJob(hbm: MemoryRegionState, job: DeviceJob, params: AcceleratorParams, rateFlopS: number, dtS: number, timeS: number): number {
  let leftS = dtS;
  let computeS = 0;
  while (leftS > TIME_EPSILON_S && isJobActive(job)) {
    if (job.phase === 'loading') {
      const useS = Math.min(leftS, job.loadRemainingS);
      job.loadRemainingS -= useS;
      leftS -= useS;
      if (job.loadRemainingS <= TIME_EPSILON_S) {
        job.loadRemainingS = 0;
        job.phase = 'running';
        if (job.kernel.stepsDone >= job.kernel.spec.steps) completeJob(hbm, job);
      }
    } else if (job.phase === 'checkpointing') {
      const useS = Math.min(leftS, job.checkpointRemainingS);
      job.checkpointRemainingS -= useS;
      leftS -= useS;
      if (job.checkpointRemainingS <= TIME_EPSILON_S) {
        job.checkpointRemainingS = 0;
        job.checkpointOut = { jobId: job.jobId, stepsDone: job.kernel.stepsDone, state: checkpointState(job.kernel) };
        job.phase = 'running';
      }
    } else if (job.checkpointPending) {
      job.checkpointPending = false;
      job.phase = 'checkpointing';
      job.checkpointRemainingS = checkpointBytes(job) / params.checkpointBytesPerS;
    } else {
      if (!(rateFlopS > 0)) break;
      const needFlop = stepFlops(job.kernel) * params.workScale - job.progressFlop;
      const needS = needFlop / rateFlopS;
      if (needS <= leftS + TIME_EPSILON_S) {
        const useS = Math.min(needS, leftS);
        leftS -= useS;
        computeS += useS;
        runNextStep(hbm, job, params, timeS);
        if (job.kernel.stepsDone >= job.kernel.spec.steps) completeJob(hbm, job);
      } else {
        job.progressFlop += rateFlopS * leftS;
        computeS += leftS;
        leftS = 0;
      }
    }
  }
  return computeS;
}

/** Bytes a checkpoint of the job writes (its kernel state with header). */
export function checkpointBytes(job: DeviceJob): number {
  return job.kernel.output.byteLength + CHECKPOINT_HEADER_BYTES;
}

export function jobSensors(job: DeviceJob): JobSensors {
  return {
    jobId: job.jobId,
    kind: job.launch.kind,
    state: job.phase,
    stepsDone: job.kernel.stepsDone,
    stepsTotal: job.kernel.spec.steps,
    workDoneFlop: job.workDoneFlop,
    checkpoint: job.checkpointOut,
    result: job.resultOut,
    failure: job.failure,
  };
}

/** The one-frame report of a start the device refused. */
export function refusedJobSensors(launch: JobLaunch, reason: string): JobSensors {
  return {
    jobId: launch.jobId,
    kind: launch.kind,
    state: 'failed',
    stepsDone: 0,
    stepsTotal: launch.steps,
    workDoneFlop: 0,
    checkpoint: null,
    result: null,
    failure: reason,
  };
}
