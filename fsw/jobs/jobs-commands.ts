/**
 * The jobs subsystem's commands: submissions (checked whole, submit.ts),
 * cancellation, pausing and resuming the queue, the job list and results.
 * Each accepted change is in the queue record before the command completes.
 */
import { DONE, failed, type CommandHandlers } from '../executive/module.js';
import { saveJobs } from './jobs-record.js';
import { findJob, type JobsState } from './jobs-state.js';
import type { JobsContext } from './jobs-step.js';
import { downlinkResult, jobList } from './reports.js';
import { checkSubmission } from './submit.js';
import { finish } from './transitions.js';

export function jobsCommands(ctx: JobsContext, state: JobsState): CommandHandlers<'jobs'> {
  return {
    submit_job(args) {
      const { input } = args;
      const outcome = checkSubmission(state, args, ctx.timeS);
      if (!outcome.ok) {
        state.stats.refused++;
        state.dirty.add('queue');
        ctx.event('job_refused', { jobId: args.jobId, reason: outcome.detail });
        saveJobs(ctx.records, state);
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
      saveJobs(ctx.records, state);
      return DONE;
    },
    cancel_job(args) {
      const entry = findJob(state, args.jobId);
      if (entry === undefined) return failed('invalid-value', `no job ${args.jobId}`);
      if (entry.state === 'done' || entry.state === 'failed') return failed('invalid-value', `job ${entry.jobId} is already ${entry.state}`);
      if (state.active?.jobId === entry.jobId && !ctx.actuators.acceleratorBusy) ctx.actuators.acceleratorCommand({ op: 'stop' });
      finish(ctx, state, entry, 'failed', 'cancelled by command');
      saveJobs(ctx.records, state);
      return DONE;
    },
    pause_queue() {
      state.paused = true;
      state.dirty.add('queue');
      saveJobs(ctx.records, state);
      return DONE;
    },
    resume_queue() {
      state.paused = false;
      state.dirty.add('queue');
      saveJobs(ctx.records, state);
      return DONE;
    },
    list_jobs() {
      ctx.downlink('job_list', jobList(state));
      return DONE;
    },
    get_result(args) {
      const entry = findJob(state, args.jobId);
      if (entry === undefined) return failed('invalid-value', `no job ${args.jobId}`);
      downlinkResult(ctx, state, entry);
      return DONE;
    },
  };
}
