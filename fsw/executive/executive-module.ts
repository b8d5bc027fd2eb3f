/** The executive's own subsystem: modes, ping, the monitoring table, commanded reset, its records, housekeeping. */
import type { ParamDef } from '../storage/parameters.js';
import { EXECUTIVE_BOOT_RECORD, EXECUTIVE_STATE_RECORD } from './executive.js';
import { BOOT_MODE_SETTINGS } from './modes.js';
import { DONE, defineModule, failed } from './module.js';

/** The boot record (boot count, recent boot times, commanded reset) and the state (mode, monitor overrides), kept by the executive. */
export const EXECUTIVE_RECORDS = [
  { id: EXECUTIVE_BOOT_RECORD, slotBytes: 512 },
  { id: EXECUTIVE_STATE_RECORD, slotBytes: 2048 },
] as const;

export const EXECUTIVE_PARAMS: readonly ParamDef[] = [
  {
    name: 'executive.bootMode',
    type: 'string',
    enum: BOOT_MODE_SETTINGS,
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

export const createExecutiveModule = defineModule('executive', (ctx) => {
  const { services } = ctx;
  ctx.commands({
    noop: () => DONE,
    set_mode: ({ mode }) => {
      ctx.requestMode(mode, 'ground command');
      return DONE;
    },
    ping: ({ token }) => {
      ctx.event('pong', { token: token ?? 0 });
      return DONE;
    },
    monitor_enable: ({ id, enabled }) => (services.setMonitorEnabled(id, enabled) ? DONE : failed('invalid-value', `no monitor ${id} in the table`)),
    reset_computer: () => {
      services.requestReset();
      return DONE;
    },
  });
  return {
    rateHz: 1,
    params: EXECUTIVE_PARAMS,
    records: EXECUTIVE_RECORDS,
    housekeeping: () => ({
      mode: ctx.mode,
      bootCount: services.bootCount,
      resetCause: services.resetCause,
      uptimeS: ctx.frame.obc.uptimeS,
      tickOverruns: services.tickOverruns,
      tickCostMaxMs: services.takeTickCostMaxMs(),
      modulesAlive: services.modulesAlive,
      modulesDead: services.modulesDead,
      monitorsTripped: services.monitorsTripped,
      watchdogStroking: services.watchdogStroking,
    }),
  };
});
