/**
 * The thermal subsystem's command handlers. Set points and enables are
 * parameters (so they persist with param_save and show in param_get);
 * overrides and exclusions are controller state.
 */
import { THERMAL_ZONES } from '../../protocol/index.js';
import { DONE, failed, type CommandHandlers } from '../executive/module.js';
import type { ZoneName } from '../hal/frames.js';
import type { ThermalControllerState } from './thermal-record.js';
import type { ThermalContext } from './thermal-step.js';
import { clearExclusions } from './voter.js';

export function thermalCommands(ctx: ThermalContext, state: ThermalControllerState): CommandHandlers<'thermal'> {
  return {
    set_heater_setpoints: (args) => {
      const { zone, lowC, highC } = args;
      if (!(lowC < highC)) return failed('invalid-value', `lowC ${lowC} must be below highC ${highC}`);
      const set = ctx.params.setMany({ [`thermal.${zone}HeaterOnC`]: lowC, [`thermal.${zone}HeaterOffC`]: highC });
      return set.ok ? DONE : failed('invalid-value', set.error);
    },
    heater_override: (args) => {
      state.overrides[args.zone] = args.state;
      return DONE;
    },
    heater_zone_enable: (args) => {
      const set = ctx.params.set(`thermal.${args.zone}HeaterEnabled`, args.enabled);
      return set.ok ? DONE : failed('invalid-value', set.error);
    },
    set_die_limits: (args) => {
      const { throttleC, limitC } = args;
      const redC = ctx.params.getNumber('thermal.acceleratorRedC');
      if (!(throttleC < limitC && limitC < redC)) return failed('invalid-value', `need throttleC ${throttleC} < limitC ${limitC} < red limit ${redC}`);
      const set = ctx.params.setMany({ 'thermal.acceleratorThrottleC': throttleC, 'thermal.acceleratorLimitC': limitC });
      return set.ok ? DONE : failed('invalid-value', set.error);
    },
    clear_sensor_exclusions: (args) => {
      if (state.voters === null) return failed('unavailable', 'no sensors judged yet');
      const zones: readonly ZoneName[] = args.zone === 'all' ? THERMAL_ZONES : [args.zone];
      for (const zone of zones) clearExclusions(state.voters[zone], ctx.timeS);
      return DONE;
    },
  };
}
