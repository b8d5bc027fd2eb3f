/** The commanding subsystem: arm and fire, the time-tagged queue, routines, housekeeping. */
import { decodeTelecommand } from '../../protocol/index.js';
import type { Executive } from '../executive/executive.js';
import { DONE, failed, type FlightModule } from '../executive/module.js';
import type { ParamDef } from '../storage/parameters.js';
import type { AuthenticatedCommand } from './dispatcher.js';

export const COMMANDING_PARAMS: readonly ParamDef[] = [
  {
    name: 'commanding.armWindowS',
    type: 'number',
    min: 1,
    max: 3600,
    default: 60,
    unit: 's',
    description: 'Time from an arm command within which its hazardous command must come',
  },
];

export function createCommandingModule(core: Executive): FlightModule {
  return {
    name: 'commanding',
    rateHz: 1,
    params: COMMANDING_PARAMS,
    commands: {
      arm: (args, ctx) => {
        const name = args.command as string;
        const entry = core.dictionary.command(name);
        if (!entry) return failed('invalid-value', `no command "${name}" to arm`);
        if (!entry.def.hazardous) return failed('invalid-value', `${name} is not hazardous: it needs no arm`);
        const untilS = ctx.timeS + ctx.params.getNumber('commanding.armWindowS');
        core.arm.arm(name, untilS);
        ctx.event('armed', { command: name, untilS });
        return DONE;
      },
      schedule_insert: (args, ctx) => {
        const packet = args.packet as Uint8Array;
        const releaseS = args.releaseS as number;
        const inner = decodeTelecommand(packet, { dictionary: core.dictionary, keys: core.uplinkKeys, replay: core.replay });
        if (!inner.ok) return failed('invalid-value', `the queued telecommand is refused: ${inner.reason}: ${inner.detail}`);
        const { entry } = inner.value;
        if (entry.def.hazardous) return failed('not-schedulable', `${entry.def.name} is hazardous: it cannot be time-tagged`);
        if (releaseS <= ctx.timeS) return failed('release-in-past', `release time ${releaseS} s is not after now (${ctx.timeS.toFixed(1)} s)`);
        if (core.schedule.full) return failed('schedule-full', `the time-tagged queue holds ${core.schedule.length} commands already`);
        const command: AuthenticatedCommand = {
          name: entry.def.name,
          args: inner.value.args,
          apid: inner.value.header.apid,
          opcode: inner.value.opcode,
          keyId: inner.value.keyId,
          seq: inner.value.seq.toString(),
        };
        core.dispatcher.acceptForLater(command, packet, ctx);
        core.schedule.insert({ ...command, releaseS });
        core.persistSchedule();
        return DONE;
      },
      schedule_delete: (args, ctx) => {
        const removed = core.schedule.remove(args.keyId as number, args.seq as string);
        if (!removed) return failed('invalid-value', `no queued command with key ${String(args.keyId)} and sequence number ${String(args.seq)}`);
        core.dispatcher.abandon(removed, 'descheduled', 'deleted from the time-tagged queue', ctx);
        core.persistSchedule();
        return DONE;
      },
      schedule_clear: (_args, ctx) => {
        for (const removed of core.schedule.clear()) core.dispatcher.abandon(removed, 'descheduled', 'time-tagged queue cleared', ctx);
        core.persistSchedule();
        return DONE;
      },
      schedule_list: (_args, ctx) => {
        ctx.downlink('schedule_report', {
          entries: core.schedule.list().map((entry) => ({ releaseS: entry.releaseS, keyId: entry.keyId, seq: entry.seq, command: entry.name })),
        });
        return DONE;
      },
      routine_add: (args) => {
        const name = args.command as string;
        const entry = core.dictionary.command(name);
        if (!entry) return failed('invalid-value', `no command "${name}"`);
        if (entry.def.hazardous) return failed('not-schedulable', `${name} is hazardous: it cannot be a routine`);
        const routineArgs = (args.args ?? {}) as Record<string, unknown>;
        const validate = core.dictionary.validator(entry);
        if (!validate(routineArgs)) return failed('invalid-value', `arguments for ${name} do not match the dictionary`);
        const added = core.routines.add({ id: args.id as number, cron: args.cron as string, command: name, args: routineArgs });
        if (!added.ok) return failed(added.error.includes('full') ? 'schedule-full' : 'invalid-value', added.error);
        core.persistRoutines();
        return DONE;
      },
      routine_delete: (args) => {
        if (!core.routines.remove(args.id as number)) return failed('invalid-value', `no routine ${String(args.id)}`);
        core.persistRoutines();
        return DONE;
      },
      routine_list: (_args, ctx) => {
        ctx.downlink('routine_report', {
          routines: core.routines.list().map(({ id, cron, command, runs, lastOutcome }) => ({ id, cron, command, runs, lastOutcome })),
        });
        return DONE;
      },
    },
    housekeeping: (ctx) => ({
      ...core.dispatcher.counters,
      scheduled: core.schedule.length,
      routines: core.routines.size,
      armed: core.arm.current(ctx.timeS),
      intakeDropped: core.radio.dropped,
    }),
  };
}
