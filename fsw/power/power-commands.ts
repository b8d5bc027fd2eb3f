/**
 * The power subsystem's commands: thresholds (they set parameters, saved
 * with param_save like any other), rail switching (essential rails only
 * through the hazardous essential_rail_switch), latch-up thresholds and the
 * latch-up counters reset. Every refusal says why.
 */
import { DONE, failed, type CommandHandler, type CommandOutcome, type FlightContext } from '../executive/module.js';
import type { RailName } from '../hal/frames.js';
import { resetRailProtection } from './latchup.js';
import { checkShedOrder, PROTECTED_RAILS } from './power-params.js';
import type { PowerState } from './power-state.js';
import { ESSENTIAL } from './power-step.js';

function setParams(ctx: FlightContext, values: Readonly<Record<string, unknown>>): CommandOutcome {
  const set = ctx.params.setMany(values);
  return set.ok ? DONE : failed('invalid-value', set.error);
}

export function powerCommands(state: PowerState, persist: () => void): Record<string, CommandHandler> {
  const switchRail = (rail: RailName, on: boolean): CommandOutcome => {
    state.wanted[rail] = on;
    persist();
    return DONE;
  };
  return {
    set_soc_floor: (args, ctx) => {
      const floorPct = args.floorPct as number;
      const n = (name: string) => ctx.params.getNumber(`power.${name}`);
      const order = checkShedOrder(floorPct, n('shedHeatersPct'), n('shedPayloadPct'), n('socHardFloorPct'));
      if (order !== null) return failed('invalid-value', order);
      return setParams(ctx, { 'power.socFloorPct': floorPct });
    },
    set_shed_thresholds: (args, ctx) => {
      const { heatersPct, payloadPct, hardFloorPct, hysteresisPct } = args as Record<string, number>;
      const order = checkShedOrder(ctx.params.getNumber('power.socFloorPct'), heatersPct!, payloadPct!, hardFloorPct!);
      if (order !== null) return failed('invalid-value', order);
      return setParams(ctx, {
        'power.shedHeatersPct': heatersPct,
        'power.shedPayloadPct': payloadPct,
        'power.socHardFloorPct': hardFloorPct,
        'power.shedHysteresisPct': hysteresisPct,
      });
    },
    set_latchup_threshold: (args, ctx) => setParams(ctx, { [`power.latchupThresholdA.${args.rail as string}`]: args.thresholdA }),
    rail_switch: (args) => {
      const rail = args.rail as RailName;
      if (ESSENTIAL.has(rail)) return failed('invalid-value', `${rail} is an essential rail: use essential_rail_switch (hazardous)`);
      return switchRail(rail, args.on as boolean);
    },
    essential_rail_switch: (args) => {
      const rail = args.rail as RailName;
      if (rail === 'avionics' && args.on === false) return failed('invalid-value', 'the avionics rail cannot be switched off: the hardware refuses');
      return switchRail(rail, args.on as boolean);
    },
    reset_latchup_counters: () => {
      for (const rail of PROTECTED_RAILS) resetRailProtection(state.protection[rail]);
      persist();
      return DONE;
    },
  };
}
