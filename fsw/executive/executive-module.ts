/** The executive's own subsystem: modes, ping, the monitoring table, commanded reset, housekeeping. */
import type { ParamDef } from '../storage/parameters.js';
import type { Executive } from './executive.js';
import { DONE, failed, type FlightModule, type Mode } from './module.js';

export const EXECUTIVE_PARAMS: readonly ParamDef[] = [
  {
    name: 'executive.bootMode',
    type: 'string',
    enum: ['SAFE', 'NOMINAL', 'RESUME'],
    default: 'RESUME',
    description: 'Mode after a boot: RESUME returns to the mode before the reset (SAFE on a boot loop)',
  },
  {
    name: 'executive.bootLoopLimit',
    type: 'integer',
    min: 2,
    max: 16,
    default: 3,
    description: 'Boots within the window that mean a boot loop (boot into SAFE)',
  },
  { name: 'executive.bootLoopWindowS', type: 'number', min: 60, max: 86400, default: 900, unit: 's', description: 'Window of the boot-loop count' },
  { name: 'executive.pingLateAfter', type: 'integer', min: 1, max: 10, default: 1, description: 'Missed health pings before a module is reported late' },
  {
    name: 'executive.pingDeadAfter',
    type: 'integer',
    min: 2,
    max: 60,
    default: 5,
    description: 'Missed health pings before a module is dead and the watchdog stroke stops',
  },
  {
    name: 'executive.tickBudgetMs',
    type: 'number',
    min: 0.1,
    max: 1000,
    default: 20,
    unit: 'ms',
    description: 'Cost of one control tick above which it counts as an overrun',
  },
];

export function createExecutiveModule(core: Executive): FlightModule {
  return {
    name: 'executive',
    rateHz: 1,
    params: EXECUTIVE_PARAMS,
    commands: {
      noop: () => DONE,
      set_mode: (args) => {
        core.setMode(args.mode as Mode, 'ground command');
        return DONE;
      },
      ping: (args, ctx) => {
        ctx.event('pong', { token: (args.token as number | undefined) ?? 0 });
        return DONE;
      },
      monitor_enable: (args) => {
        if (!core.monitoring.setEnabled(args.id as number, args.enabled as boolean))
          return failed('invalid-value', `no monitor ${String(args.id)} in the table`);
        core.persistState();
        return DONE;
      },
      reset_computer: () => {
        const boot = core.readRecord('executive.boot') ?? {};
        core.writeRecord('executive.boot', { ...boot, commandedReset: true });
        core.resetRequested = true;
        return DONE;
      },
    },
    housekeeping: (ctx) => {
      const fields = {
        mode: core.mode,
        bootCount: core.bootCount,
        resetCause: core.resetCause,
        uptimeS: ctx.frame.obc.uptimeS,
        tickOverruns: core.tickOverruns,
        tickCostMaxMs: core.tickCostMaxMs,
        modulesAlive: core.health.alive,
        modulesDead: core.health.deadCount,
        monitorsTripped: core.monitoring.trips,
        watchdogStroking: core.health.deadCount === 0 && !core.resetRequested,
      };
      core.tickCostMaxMs = 0;
      return fields;
    },
  };
}
