/**
 * The thermal controller as a flight module: 1 Hz, as the temperatures it
 * votes (the simulator's thermal network and sensors advance once a second;
 * thermal time constants are minutes), with a fast part that asks the die
 * cap in every frame (the lowest cap of a frame wins: one not asked would
 * be lost for that frame). Its parameters, commands and thermal_hk. See
 * README.md for what it does and the requirements.
 */
import { defineModule } from '../executive/module.js';
import { cachedSettings } from '../storage/settings-cache.js';
import { thermalCommands } from './thermal-commands.js';
import { thermalHousekeeping } from './thermal-housekeeping.js';
import { THERMAL_PARAMS } from './thermal-params.js';
import { createControllerState } from './thermal-record.js';
import { readThermalSettings } from './thermal-settings.js';
import { publishInhibits, requestCap, stepController, voteAll } from './thermal-step.js';

export const createThermalModule = defineModule('thermal', (ctx) => {
  const maxW = THERMAL_PARAMS.find((def) => def.name === 'thermal.acceleratorMaxPowerW')!.default as number;
  const state = createControllerState(maxW);
  const settingsOf = cachedSettings(readThermalSettings);
  ctx.commands(thermalCommands(ctx, state));
  return {
    rateHz: 1,
    params: THERMAL_PARAMS,
    boot: () => {
      // the first vote, so that the boot housekeeping carries temperatures
      voteAll(state, ctx, settingsOf(ctx.params));
      publishInhibits(state, ctx);
    },
    step: (dtS) => stepController(state, ctx, dtS, settingsOf(ctx.params)),
    everyTick: () => requestCap(state, ctx),
    housekeeping: () => thermalHousekeeping(state),
  };
});
