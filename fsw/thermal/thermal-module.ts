/**
 * The thermal controller as a flight module: 10 Hz (the die cap must follow
 * the accelerator's power within a tick), its parameters, commands and
 * thermal_hk. See README.md for what it does and the requirements.
 */
import { defineModule } from '../executive/module.js';
import { cachedSettings } from '../storage/settings-cache.js';
import { thermalCommands } from './thermal-commands.js';
import { thermalHousekeeping } from './thermal-housekeeping.js';
import { THERMAL_PARAMS } from './thermal-params.js';
import { createControllerState } from './thermal-record.js';
import { readThermalSettings } from './thermal-settings.js';
import { publishInhibits, stepController, voteAll } from './thermal-step.js';

export const createThermalModule = defineModule('thermal', (ctx) => {
  const maxW = THERMAL_PARAMS.find((def) => def.name === 'thermal.acceleratorMaxPowerW')!.default as number;
  const state = createControllerState(maxW);
  const settingsOf = cachedSettings(readThermalSettings);
  ctx.commands(thermalCommands(ctx, state));
  return {
    rateHz: 10,
    params: THERMAL_PARAMS,
    boot: () => {
      // the first vote, so that the boot housekeeping carries temperatures
      voteAll(state, ctx, settingsOf(ctx.params));
      publishInhibits(state, ctx);
    },
    step: (dtS) => stepController(state, ctx, dtS, settingsOf(ctx.params)),
    housekeeping: () => thermalHousekeeping(state),
  };
});
