/**
 * The ECC scrubbing watchdog (README.md): patrol scrubbing of every region at
 * a rate adapted to the upset rate within a budget, trending, retirement of
 * pages with uncorrectable errors (persisted), the storm pause, and the
 * accelerator's heartbeat watchdog. Steps at 1 Hz, before the job runner
 * (scrub requests cover a second each, the heartbeat timeout is seconds);
 * its fast part collects the error log every frame carries (error-log.ts).
 */
import { defineModule } from '../executive/module.js';
import { cachedSettings } from '../storage/settings-cache.js';
import { memoryCommands } from './memory-commands.js';
import { memoryHousekeeping } from './memory-housekeeping.js';
import { MEMORY_PARAMS } from './memory-params.js';
import { collectErrorLogs } from './error-log.js';
import { createMemoryState, MEMORY_RECORD, restoreMemoryState } from './memory-record.js';
import { readMemorySettings } from './memory-settings.js';
import { publishInhibit, stepMemory } from './memory-step.js';

export const createMemoryModule = defineModule('memory', (ctx) => {
  const state = createMemoryState();
  const settingsOf = cachedSettings(readMemorySettings);
  ctx.commands(memoryCommands(ctx, state, () => settingsOf(ctx.params)));
  return {
    rateHz: 1,
    params: MEMORY_PARAMS,
    records: [MEMORY_RECORD],
    boot: () => {
      const skipped = restoreMemoryState(state, ctx.records.read(MEMORY_RECORD.id), ctx.timeS);
      if (skipped > 0) ctx.event('nvm_problem', { record: MEMORY_RECORD.id, detail: `${skipped} retired-page entries skipped` });
      publishInhibit(ctx, state);
    },
    step: (dtS) => stepMemory(ctx, state, settingsOf(ctx.params), dtS),
    everyTick: () => collectErrorLogs(state.errorLogs, ctx.frame),
    ping: () => state.checksGood,
    housekeeping: () => {
      const settings = settingsOf(ctx.params);
      return memoryHousekeeping(state, settings.trend, settings.scrubPolicy);
    },
  };
});
