/**
 * The accelerator job runner (the jobs subsystem): the queue from the
 * ground, scheduling within the cap, verified results. See README.md.
 */
import { defineModule } from '../executive/module.js';
import { cachedSettings } from '../storage/settings-cache.js';
import { jobsCommands } from './jobs-commands.js';
import { jobsHousekeeping } from './jobs-housekeeping.js';
import { JOBS_PARAMS } from './jobs-params.js';
import { JOB_RECORDS, loadJobs, saveJobs } from './jobs-record.js';
import { readJobsSettings } from './jobs-settings.js';
import { createJobsState } from './jobs-state.js';
import { adoptAfterBoot, stepRunner } from './jobs-step.js';

export const createJobsModule = defineModule('jobs', (ctx) => {
  const state = createJobsState();
  const settingsOf = cachedSettings(readJobsSettings);
  ctx.commands(jobsCommands(ctx, state));
  return {
    rateHz: 10,
    params: JOBS_PARAMS,
    records: Object.values(JOB_RECORDS),
    boot: () => {
      loadJobs(ctx.records, state);
      adoptAfterBoot(ctx, state);
      saveJobs(ctx.records, state);
    },
    step: (dtS) => {
      stepRunner(ctx, state, dtS, settingsOf(ctx.params));
      ctx.published.write('jobs.verifiedWorkFlop', state.stats.verifiedWorkFlop);
      ctx.published.write('jobs.energyUsedJ', state.stats.energyUsedJ);
      ctx.published.write('jobs.running', state.active?.jobId ?? 0);
      ctx.published.write('jobs.queueLength', state.queue.length);
      ctx.published.write('jobs.done', state.stats.done);
      saveJobs(ctx.records, state);
    },
    housekeeping: () => jobsHousekeeping(state),
  };
});
