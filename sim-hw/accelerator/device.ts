/**
 * The accelerator device: power state machine, clock and power limiter, job
 * commands, radiation effects (SEFI hang, logic upset, latch-up damage) and
 * its HBM (a memory region it owns).
 *
 *   off --power--> booting --bootS--> ready;   ready/booting --SEFI--> hung
 *   hung/ready/booting --reset--> booting;     any --power lost--> off
 *   any --markFailed--> failed (for good, even across power cycles)
 */

import type { AcceleratorCommand, AcceleratorSensors, AcceleratorState as AcceleratorMode, JobSensors } from '../../fsw/hal/frames.js';
import type { Random } from '../random.js';
import { advanceJob, isJobActive, jobSensors, launchJob, refusedJobSensors, releaseJob } from './device-job.js';
import type { DeviceJob } from './device-job.js';
import type { AcceleratorParams } from './device-params.js';
import { acceleratorPowerW, clampClockMHz, limitedClockMHz, throughputFlopS } from './device-power.js';
import { truthGolden, truthOf } from './device-truth.js';
import type { JobTruth, JobTruthRecord } from './device-truth.js';
import { liveElements } from './kernels.js';
import { createMemoryRegionState, loseContents } from './memory-region.js';
import type { MemoryRegionState } from './memory-region.js';
import { stepScrub } from './memory-scrub.js';

export type { AcceleratorMode };
export { DEFAULT_ACCELERATOR_PARAMS, checkAcceleratorParams } from './device-params.js';
export type { AcceleratorParams } from './device-params.js';
export type { JobTruth } from './device-truth.js';

const TIME_EPSILON_S = 1e-9;

export interface AcceleratorState {
  mode: AcceleratorMode;
  /** The rail was on during the last step. */
  powered: boolean;
  bootRemainingS: number;
  heartbeat: number;
  /** Settings held from the actuator frames. */
  powerCapW: number;
  clockMHzSetting: number;
  /** Last tick: effective clock, mean utilisation (0..1), mean power, work rate. */
  clockMHz: number;
  utilisation: number;
  powerW: number;
  throughputFlopS: number;
  /** On-die sensor reading (from the thermal model). */
  temperatureC: number;
  readonly hbm: MemoryRegionState;
  /** The current job, or the last one (done / failed) until the next start, stop or reset. */
  job: DeviceJob | null;
  /** A start refused this step: reported in the next frame instead of `job`. */
  refusedJob: JobSensors | null;
  readonly history: JobTruthRecord[];
  failure: string | null;
  /** Commands that had nothing to act on (no job, wrong state), and the last reason. */
  commandsIgnored: number;
  lastIgnored: string | null;
  startsRefused: number;
  resets: number;
  hangs: number;
}

export interface AcceleratorInputs {
  /** The accelerator rail is on this tick. */
  readonly powered: boolean;
  readonly powerCapW?: number;
  readonly clockMHz?: number;
  readonly command?: AcceleratorCommand | null;
  /** Die temperature from the thermal model; the last value is kept when absent. */
  readonly dieTemperatureC?: number;
}

export interface AcceleratorOutputs {
  /** Mean electrical power over the tick (0 when unpowered). */
  readonly powerW: number;
  /** Fraction of the tick spent computing. */
  readonly utilisation: number;
}

export function createAcceleratorState(params: AcceleratorParams): AcceleratorState {
  return {
    mode: 'off',
    powered: false,
    bootRemainingS: 0,
    heartbeat: 0,
    powerCapW: params.maxPowerW,
    clockMHzSetting: params.clockMHzMax,
    clockMHz: 0,
    utilisation: 0,
    powerW: 0,
    throughputFlopS: 0,
    temperatureC: 20,
    hbm: createMemoryRegionState(params.hbm),
    job: null,
    refusedJob: null,
    history: [],
    failure: null,
    commandsIgnored: 0,
    lastIgnored: null,
    startsRefused: 0,
    resets: 0,
    hangs: 0,
  };
}

function dropJob(state: AcceleratorState): void {
  if (state.job !== null) releaseJob(state.hbm, state.job);
  state.job = null;
}

function ignore(state: AcceleratorState, reason: string): void {
  state.commandsIgnored++;
  state.lastIgnored = reason;
}

function applyCommand(state: AcceleratorState, command: AcceleratorCommand, params: AcceleratorParams): void {
  switch (command.op) {
    case 'start': {
      const launch = command.job;
      let reason: string | null = null;
      if (state.mode !== 'ready') reason = `device is ${state.mode}`;
      else if (isJobActive(state.job)) reason = `device is busy with job ${state.job.jobId}`;
      if (reason === null) {
        const placed = launchJob(state.hbm, state.history, params, launch);
        if (placed.ok) {
          dropJob(state);
          state.job = placed.job;
          return;
        }
        reason = placed.reason;
      }
      state.startsRefused++;
      state.refusedJob = refusedJobSensors(launch, reason);
      return;
    }
    case 'checkpoint': {
      const job = state.job;
      if (!isJobActive(job) || state.mode !== 'ready') return ignore(state, 'checkpoint: no running job');
      if (job.phase === 'checkpointing') return ignore(state, 'checkpoint: one is in progress');
      job.checkpointPending = true;
      return;
    }
    case 'stop': {
      if (state.job === null) return ignore(state, 'stop: no job');
      if (state.mode === 'hung') return ignore(state, 'stop: device is hung');
      dropJob(state);
      return;
    }
    case 'reset': {
      if (state.mode === 'off' || state.mode === 'failed') return ignore(state, `reset: device is ${state.mode}`);
      dropJob(state);
      state.mode = 'booting';
      state.bootRemainingS = params.bootS;
      state.resets++;
      return;
    }
  }
}

function applyPower(state: AcceleratorState, powered: boolean, params: AcceleratorParams): void {
  if (!powered) {
    if (state.powered) {
      if (isJobActive(state.job)) dropJob(state);
      state.job = null;
      loseContents(state.hbm);
    }
    if (state.mode !== 'failed') state.mode = 'off';
  } else if (state.mode === 'off') {
    loseContents(state.hbm);
    state.mode = 'booting';
    state.bootRemainingS = params.bootS;
  }
  state.powered = powered;
}

/**
 * One tick: settings, power, the command of this tick's actuator frame, boot,
 * the job, the HBM patrol scrub. One-frame outputs (checkpoint, result, a
 * refused start) of the previous tick are cleared first.
 */
export function stepAccelerator(state: AcceleratorState, inputs: AcceleratorInputs, params: AcceleratorParams, dtS: number, timeS: number): AcceleratorOutputs {
  if (!(dtS > 0)) throw new RangeError(`dtS ${dtS} is not > 0`);
  state.refusedJob = null;
  if (state.job !== null) {
    state.job.checkpointOut = null;
    state.job.resultOut = null;
  }
  if (inputs.powerCapW !== undefined && Number.isFinite(inputs.powerCapW)) state.powerCapW = Math.max(0, inputs.powerCapW);
  if (inputs.clockMHz !== undefined && Number.isFinite(inputs.clockMHz)) state.clockMHzSetting = clampClockMHz(params, inputs.clockMHz);
  if (inputs.dieTemperatureC !== undefined && Number.isFinite(inputs.dieTemperatureC)) state.temperatureC = inputs.dieTemperatureC;

  applyPower(state, inputs.powered, params);
  if (inputs.command) applyCommand(state, inputs.command, params);

  let computeS = 0;
  const clockMHz = limitedClockMHz(params, state.clockMHzSetting, state.powerCapW);
  if (state.mode === 'booting') {
    state.bootRemainingS -= dtS;
    if (state.bootRemainingS <= TIME_EPSILON_S) {
      state.bootRemainingS = 0;
      state.mode = 'ready';
    }
  } else if (state.mode === 'ready' && isJobActive(state.job)) {
    computeS = advanceJob(state.hbm, state.job, params, throughputFlopS(params, 1, clockMHz), dtS, timeS);
  }
  if (state.mode === 'booting' || state.mode === 'ready') state.heartbeat++;
  if (state.powered) stepScrub(state.hbm, dtS, timeS);

  const utilisation = Math.min(1, computeS / dtS);
  const effectiveClockMHz = utilisation > 0 ? clockMHz : state.clockMHzSetting;
  state.utilisation = utilisation;
  state.clockMHz = state.mode === 'off' ? 0 : effectiveClockMHz;
  state.powerW = state.powered ? acceleratorPowerW(params, utilisation, effectiveClockMHz) : 0;
  state.throughputFlopS = state.mode === 'off' ? 0 : throughputFlopS(params, utilisation, effectiveClockMHz);
  return { powerW: state.powerW, utilisation };
}

// ---------------------------------------------------------------- faults

/** Single-event functional interrupt: the firmware hangs (heartbeat stops, job frozen) until reset or power loss. */
export function injectSefi(state: AcceleratorState): boolean {
  if (state.mode !== 'ready' && state.mode !== 'booting') return false;
  state.mode = 'hung';
  state.hangs++;
  return true;
}

/** Latch-up damage (decided by the assembly): the device is failed for good; its job fails. */
export function markFailed(state: AcceleratorState, reason: string): void {
  state.mode = 'failed';
  state.failure = reason;
  const job = state.job;
  if (job !== null && isJobActive(job)) {
    releaseJob(state.hbm, job);
    job.phase = 'failed';
    job.failure = `device failed: ${reason}`;
  }
}

/**
 * Silent data corruption in logic: flips one random bit of one computed
 * element of the running job's state. False when no job holds computed state.
 */
export function injectLogicUpset(state: AcceleratorState, rng: Random): boolean {
  const job = state.job;
  if (!isJobActive(job)) return false;
  const live = liveElements(job.kernel);
  if (live === 0) return false;
  const element = Math.floor(rng.next() * live);
  const bit = Math.floor(rng.next() * 32);
  const words = new Uint32Array(job.kernel.output.buffer, job.kernel.output.byteOffset, job.kernel.output.length);
  words[element] = (words[element]! ^ (1 << bit)) >>> 0;
  job.truth.logicUpsets++;
  return true;
}

// ---------------------------------------------------------------- views

export function acceleratorSensors(state: AcceleratorState): AcceleratorSensors {
  return {
    state: state.mode,
    powerCapW: state.powerCapW,
    clockMHz: state.clockMHz,
    utilisationPct: state.utilisation * 100,
    temperatureC: state.temperatureC,
    powerW: state.powerW,
    heartbeat: state.heartbeat,
    throughputFlopS: state.throughputFlopS,
    job: state.refusedJob ?? (state.job === null ? null : jobSensors(state.job)),
  };
}

function findRecord(state: AcceleratorState, jobId: number): JobTruthRecord | undefined {
  return state.history.find((record) => record.jobId === jobId);
}

/** The kernel rerun on the job's pristine inputs, uninterrupted and fault-free; null for an unknown job. */
export function goldenResult(state: AcceleratorState, jobId: number): Uint8Array | null {
  const record = findRecord(state, jobId);
  return record === undefined ? null : truthGolden(record);
}

/** Faults that touched a job and whether its result is corrupt; null for an unknown job. */
export function jobTruth(state: AcceleratorState, jobId: number): JobTruth | null {
  const record = findRecord(state, jobId);
  return record === undefined ? null : truthOf(record);
}
