/**
 * The power manager as a flight module: 1 Hz, first of the onboard modules
 * in a tick, with a fast part every tick (latch-up protection, the cap, the
 * battery current for the coulomb count: power-step.ts). State of charge, budget and accelerator cap, load shedding,
 * latch-up protection, charge control and rail ownership (power-step.ts);
 * commands (power-commands.ts); housekeeping (power-housekeeping.ts); the
 * non-volatile record (power-record.ts).
 */
import { defineModule } from '../executive/module.js';
import { cachedSettings } from '../storage/settings-cache.js';
import { powerCommands } from './power-commands.js';
import { powerHousekeeping } from './power-housekeeping.js';
import { POWER_PARAMS } from './power-params.js';
import { createPowerState, POWER_RECORD, powerRecord, restorePowerState } from './power-record.js';
import { readPowerSettings } from './power-settings.js';
import { powerEveryTick, stepPowerManager } from './power-step.js';

export const createPowerModule = defineModule('power', (ctx) => {
  const state = createPowerState();
  /** Settings read again only when the parameter table changed. */
  const settingsOf = cachedSettings(readPowerSettings);
  let persistPending = false;
  const persist = (): void => {
    state.lastPersistS = ctx.timeS;
    persistPending = false;
    ctx.records.write(POWER_RECORD.id, powerRecord(state, ctx.timeS));
  };
  ctx.commands(
    powerCommands(ctx, state, () => {
      persistPending = true;
    }),
  );
  return {
    rateHz: 1,
    params: POWER_PARAMS,
    records: [POWER_RECORD],
    boot: () => restorePowerState(state, ctx.records.read(POWER_RECORD.id)),
    step: (dtS) => {
      const settings = settingsOf(ctx.params);
      const { changed } = stepPowerManager(ctx, state, settings, dtS);
      if (changed || persistPending || ctx.timeS - state.lastPersistS >= settings.persistPeriodS) persist();
    },
    everyTick: () => {
      if (powerEveryTick(ctx, state, settingsOf(ctx.params)).changed) persist();
    },
    housekeeping: () => powerHousekeeping(state, ctx.frame),
    ping: () => state.soc === null || Number.isFinite(state.soc.socPct),
  };
});
