/**
 * The memory subsystem's commands: the scrub interval and policy (they set
 * parameters, saved with param_save like any other), a forced pass, the
 * counters cleared, and the accelerator released from its failed verdict.
 */
import { MEMORY_REGIONS } from '../../protocol/index.js';
import { DONE, failed, type CommandHandlers } from '../executive/module.js';
import { releaseAccelerator } from './accelerator-watchdog.js';
import type { MemoryState } from './memory-record.js';
import { persistMemory, publishInhibit, type MemoryContext } from './memory-step.js';
import type { MemorySettings } from './memory-settings.js';
import { clearCounters } from './region-patrol.js';
import { forcePass } from './scrub-planner.js';

export function memoryCommands(ctx: MemoryContext, state: MemoryState, settingsOf: () => MemorySettings): CommandHandlers<'memory'> {
  return {
    set_scrub_interval: ({ scrubIntervalS }) => {
      const set = ctx.params.set('memory.scrubIntervalS', scrubIntervalS);
      return set.ok ? DONE : failed('invalid-value', set.error);
    },
    set_scrub_policy: ({ policy, scrubIntervalMinS }) => {
      const set = ctx.params.setMany({
        'memory.scrubPolicy': policy,
        ...(scrubIntervalMinS !== undefined ? { 'memory.scrubIntervalMinS': scrubIntervalMinS } : {}),
      });
      return set.ok ? DONE : failed('invalid-value', set.error);
    },
    force_scrub: ({ region }) => {
      const patrol = state.regions[region];
      if (!patrol) return failed('unavailable', `no sensible sensors from region ${region}`);
      forcePass(patrol.planner);
      return DONE;
    },
    clear_error_counters: () => {
      for (const region of MEMORY_REGIONS) {
        const patrol = state.regions[region];
        if (patrol) clearCounters(patrol);
      }
      persistMemory(ctx, state, settingsOf());
      return DONE;
    },
    release_accelerator: () => {
      if (!state.watchdog.failed) return failed('invalid-value', 'the accelerator is not declared failed');
      releaseAccelerator(state.watchdog, ctx.timeS);
      publishInhibit(ctx, state);
      persistMemory(ctx, state, settingsOf());
      return DONE;
    },
  };
}
