/**
 * The accelerator job runner (the jobs subsystem): the queue from the
 * ground, scheduling within the cap, verified results. See README.md.
 */
import { JOB_POLICIES } from '../../protocol/index.js';
import type { Executive } from '../executive/executive.js';
import { DONE, failed, type CommandHandler, type FlightModule } from '../executive/module.js';
import type { JobKind } from '../hal/frames.js';
import type { ParamDef } from '../storage/parameters.js';
import { createJobsState, findJob, type JobsState } from './jobs-state.js';
import { JOB_RECORDS } from './limits.js';
import { downlinkResult, housekeeping, jobList } from './reports.js';
import { adoptAfterBoot, stepRunner } from './runner.js';
import { checkSubmission } from './submit.js';
import { finish } from './transitions.js';
import { loadJobs, saveJobs } from './store.js';
import { cachedSettings } from '../storage/settings-cache.js';
import { readJobsSettings } from './settings.js';

export const JOBS_PARAMS: readonly ParamDef[] = [
  {
    name: 'jobs.policy',
    type: 'string',
    enum: [...JOB_POLICIES],
    default: 'budgeted',
    description: 'budgeted: obey the accelerator cap; naive: run flat out until the state-of-charge floor (benchmark comparison)',
  },
  {
    name: 'jobs.minCapW',
    type: 'number',
    min: 42,
    max: 5000,
    default: 50,
    unit: 'W',
    description: 'Cap below which no job runs (the device cannot compute usefully under it: idle 40 W)',
  },
  {
    name: 'jobs.capHysteresisW',
    type: 'number',
    min: 0,
    max: 100,
    default: 5,
    unit: 'W',
    description: 'Jobs resume once the cap is this far above jobs.minCapW',
  },
  {
    name: 'jobs.deviceMaxW',
    type: 'number',
    min: 1,
    max: 5000,
    default: 200,
    unit: 'W',
    description: 'Device power at full clock (datasheet); the cap when no module publishes one',
  },
  {
    name: 'jobs.naiveSocFloorPct',
    type: 'number',
    min: 5,
    max: 95,
    default: 30,
    unit: '%',
    description: 'naive policy: stop below this state of charge (resume 10 % above)',
  },
  { name: 'jobs.checkpointIntervalS', type: 'number', min: 5, max: 86400, default: 60, unit: 's', description: 'Running time between periodic checkpoints' },
  { name: 'jobs.runsMax', type: 'integer', min: 2, max: 8, default: 4, description: 'Redundant execution: runs before a job with no two agreeing runs fails' },
  {
    name: 'jobs.retriesMax',
    type: 'integer',
    min: 1,
    max: 10000,
    default: 100,
    description: 'Restarts of a job (corruption, lost run, refused start) before it fails',
  },
  { name: 'jobs.autoDownlink', type: 'boolean', default: false, description: 'Downlink job_summary and the result chunks as soon as a job is done' },
];

function jobIdOf(args: Readonly<Record<string, unknown>>): number {
  return Number(args.jobId);
}

function commands(core: Executive, state: JobsState): Record<string, CommandHandler> {
  return {
    submit_job(args, ctx) {
      const input = args.input instanceof Uint8Array ? args.input : undefined;
      const outcome = checkSubmission(
        state,
        {
          jobId: jobIdOf(args),
          kind: args.kind as JobKind,
          size: Number(args.size),
          ...(typeof args.priority === 'number' ? { priority: args.priority } : {}),
          ...(typeof args.deadlineS === 'number' ? { deadlineS: args.deadlineS } : {}),
          ...(typeof args.inputSeed === 'number' ? { inputSeed: args.inputSeed } : {}),
          ...(input ? { input } : {}),
        },
        ctx.timeS,
      );
      if (!outcome.ok) {
        state.stats.refused++;
        state.dirty.add('queue');
        ctx.event('job_refused', { jobId: jobIdOf(args), reason: outcome.detail.slice(0, 120) });
        saveJobs(core, state);
        return failed(outcome.reason, outcome.detail);
      }
      const entry = outcome.entry;
      state.queue.push(entry);
      state.stats.nextOrder++;
      if (input) {
        state.inline.set(entry.jobId, input.slice());
        state.dirty.add('inputs');
      }
      state.dirty.add('queue');
      ctx.event('job_state', { jobId: entry.jobId, state: 'queued', detail: `${entry.kind} size ${entry.size}, verified by ${entry.verification}` });
      saveJobs(core, state);
      return DONE;
    },
    cancel_job(args, ctx) {
      const entry = findJob(state, jobIdOf(args));
      if (entry === undefined) return failed('invalid-value', `no job ${jobIdOf(args)}`);
      if (entry.state === 'done' || entry.state === 'failed') return failed('invalid-value', `job ${entry.jobId} is already ${entry.state}`);
      if (state.active?.jobId === entry.jobId && !ctx.actuators.acceleratorBusy) ctx.actuators.acceleratorCommand({ op: 'stop' });
      finish(ctx, state, entry, 'failed', 'cancelled by command');
      saveJobs(core, state);
      return DONE;
    },
    pause_queue() {
      state.paused = true;
      state.dirty.add('queue');
      saveJobs(core, state);
      return DONE;
    },
    resume_queue() {
      state.paused = false;
      state.dirty.add('queue');
      saveJobs(core, state);
      return DONE;
    },
    list_jobs(_args, ctx) {
      ctx.downlink('job_list', jobList(state));
      return DONE;
    },
    get_result(args, ctx) {
      const entry = findJob(state, jobIdOf(args));
      if (entry === undefined) return failed('invalid-value', `no job ${jobIdOf(args)}`);
      downlinkResult(ctx, state, entry);
      return DONE;
    },
  };
}

export function createJobsModule(core: Executive): FlightModule {
  const state = createJobsState();
  const settings = cachedSettings(readJobsSettings);
  return {
    name: 'jobs',
    rateHz: 10,
    params: JOBS_PARAMS,
    records: Object.values(JOB_RECORDS),
    commands: commands(core, state),
    boot(ctx) {
      loadJobs(core, state);
      adoptAfterBoot(ctx, state);
      saveJobs(core, state);
    },
    step(ctx, dtS) {
      stepRunner(ctx, state, dtS, settings(ctx.params));
      ctx.published.set('jobs.verifiedWorkFlop', state.stats.verifiedWorkFlop);
      ctx.published.set('jobs.energyUsedJ', state.stats.energyUsedJ);
      ctx.published.set('jobs.running', state.active?.jobId ?? 0);
      ctx.published.set('jobs.queueLength', state.queue.length);
      ctx.published.set('jobs.done', state.stats.done);
      saveJobs(core, state);
    },
    housekeeping: () => housekeeping(state),
  };
}
