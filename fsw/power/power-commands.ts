/**
 * The power subsystem's commands: thresholds (they set parameters, saved
 * with param_save like any other), rail switching (essential rails only
 * through the hazardous essential_rail_switch), latch-up thresholds and the
 * latch-up counters reset. Every refusal says why.
 */
import { DONE, failed, type CommandHandlers, type CommandOutcome } from '../executive/module.js';
import type { RailName } from '../hal/frames.js';
import { resetRailProtection } from './latchup.js';
import { checkShedOrder, PROTECTED_RAILS } from './power-params.js';
import type { PowerState } from './power-record.js';
import { ESSENTIAL, type PowerContext } from './power-step.js';

function setParams(ctx: PowerContext, values: Readonly<Record<string, unknown>>): CommandOutcome {
  const set = ctx.params.setMany(values);
  return set.ok ? DONE : failed('invalid-value', set.error);
}

export function powerCommands(ctx: PowerContext, state: PowerState, persist: () => void): CommandHandlers<'power'> {
  const switchRail = (rail: RailName, on: boolean): CommandOutcome => {
    state.wanted[rail] = on;
    persist();
    return DONE;
  };
  return {
    set_soc_floor: (args) => {
      const { floorPct } = args;
      const n = (name: string) => ctx.params.getNumber(`power.${name}`);
      const order = checkShedOrder(floorPct, n('shedHeatersPct'), n('shedPayloadPct'), n('socHardFloorPct'));
      if (order !== null) return failed('invalid-value', order);
      return setParams(ctx, { 'power.socFloorPct': floorPct });
    },
    set_shed_thresholds: (args) => {
      const { heatersPct, payloadPct, hardFloorPct, hysteresisPct } = args;
      const order = checkShedOrder(ctx.params.getNumber('power.socFloorPct'), heatersPct, payloadPct, hardFloorPct);
      if (order !== null) return failed('invalid-value', order);
      return setParams(ctx, {
        'power.shedHeatersPct': heatersPct,
        'power.shedPayloadPct': payloadPct,
        'power.socHardFloorPct': hardFloorPct,
        'power.shedHysteresisPct': hysteresisPct,
      });
    },
    set_latchup_threshold: (args) => setParams(ctx, { [`power.latchupThresholdA.${args.rail}`]: args.thresholdA }),
    rail_switch: (args) => {
      const { rail, on } = args;
      if (ESSENTIAL.has(rail)) return failed('invalid-value', `${rail} is an essential rail: use essential_rail_switch (hazardous)`);
      return switchRail(rail, on);
    },
    essential_rail_switch: (args) => {
      const { rail, on } = args;
      if (rail === 'avionics' && !on) return failed('invalid-value', 'the avionics rail cannot be switched off: the hardware refuses');
      return switchRail(rail, on);
    },
    reset_latchup_counters: () => {
      for (const rail of PROTECTED_RAILS) resetRailProtection(state.protection[rail]);
      persist();
      return DONE;
    },
  };
}
