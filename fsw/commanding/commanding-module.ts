/**
 * The commanding subsystem: the telecommand intake (decode boundary,
 * verification reports, anti-replay, arm and fire), the time-tagged queue,
 * the routines, their records and housekeeping. It owns all of that state;
 * the executive runs its intake before the modules step (`uplink`).
 */
import { decodeTelecommand } from '../../protocol/index.js';
import { DONE, defineModule, failed, type CommandHandlers, type ModuleContext } from '../executive/module.js';
import type { ParamDef } from '../storage/parameters.js';
import {
  COMMANDING_RECORDS,
  createCommandingState,
  persistAccepted,
  persistQueue,
  persistRoutines,
  restoreCommanding,
  type CommandingState,
} from './commanding-record.js';
import { CommandDispatcher, type AuthenticatedCommand } from './dispatcher.js';

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

type CommandingContext = ModuleContext<'commanding'>;

export const createCommandingModule = defineModule('commanding', (ctx) => {
  const { services, records } = ctx;
  const state = createCommandingState();
  const report = (record: string, detail: string) => ctx.event('nvm_problem', { record, detail });
  const dispatcher = new CommandDispatcher({
    dictionary: services.dictionary,
    keys: services.uplinkKeys,
    replay: () => state.replay,
    recent: () => state.recent,
    arm: state.arm,
    router: services.router,
    ctx,
    persist: () => persistAccepted(state, records),
  });
  ctx.commands(commandingCommands(ctx, state, dispatcher));
  return {
    rateHz: 1,
    params: COMMANDING_PARAMS,
    records: COMMANDING_RECORDS,
    uplink: {
      restore: () => restoreCommanding(state, records, report),
      intake: (newSecond) => {
        dispatcher.intake(services.receive());
        for (const command of state.queue.due(ctx.timeS)) {
          dispatcher.release(command);
          persistQueue(state, records);
        }
        if (newSecond) runRoutines(ctx, state, Math.floor(ctx.timeS));
      },
    },
    housekeeping: () => ({
      ...dispatcher.counters,
      scheduled: state.queue.length,
      routines: state.routines.size,
      armed: state.arm.armedCommand(ctx.timeS),
      intakeDropped: services.intakeDropped,
      ...services.frames.counters,
      segmentsDiscarded: services.frames.segmentsDiscarded,
    }),
  };
});

/** The routines whose expression matches this second, each run as a command from on board. */
function runRoutines(ctx: CommandingContext, state: CommandingState, second: number): void {
  const due = state.routines.matching(second);
  for (const routine of due) {
    const outcome = ctx.services.router.runInternal(routine.command, routine.args, 'routine');
    routine.runs++;
    routine.lastOutcome = outcome.ok ? 'completed' : 'failed';
    ctx.event('routine_ran', { id: routine.id, command: routine.command, outcome: routine.lastOutcome, detail: outcome.ok ? '' : outcome.detail });
  }
  if (due.length > 0) persistRoutines(state, ctx.records);
}

function commandingCommands(ctx: CommandingContext, state: CommandingState, dispatcher: CommandDispatcher): CommandHandlers<'commanding'> {
  const { dictionary } = ctx.services;
  return {
    arm: ({ command: name }) => {
      const entry = dictionary.command(name);
      if (!entry) return failed('invalid-value', `no command "${name}" to arm`);
      if (!entry.def.hazardous) return failed('invalid-value', `${name} is not hazardous: it needs no arm`);
      const untilS = ctx.timeS + ctx.params.getNumber('commanding.armWindowS');
      state.arm.arm(name, untilS);
      ctx.event('armed', { command: name, untilS });
      return DONE;
    },
    ...timeTaggedCommands(ctx, state, dispatcher),
    ...routineCommands(ctx, state),
  };
}

/** schedule_insert, schedule_delete, schedule_clear, schedule_list. */
function timeTaggedCommands(ctx: CommandingContext, state: CommandingState, dispatcher: CommandDispatcher) {
  const { dictionary, uplinkKeys } = ctx.services;
  return {
    schedule_insert: ({ packet, releaseS }) => {
      const inner = decodeTelecommand(packet, { dictionary, keys: uplinkKeys, replay: state.replay });
      if (!inner.ok) return failed('invalid-value', `the queued telecommand is refused: ${inner.reason}: ${inner.detail}`);
      const { entry } = inner.value;
      if (entry.def.hazardous) return failed('not-schedulable', `${entry.def.name} is hazardous: it cannot be time-tagged`);
      if (releaseS <= ctx.timeS) return failed('release-in-past', `release time ${releaseS} s is not after now (${ctx.timeS.toFixed(1)} s)`);
      if (state.queue.full) return failed('schedule-full', `the time-tagged queue holds ${state.queue.length} commands already`);
      const command: AuthenticatedCommand = {
        name: entry.def.name,
        args: inner.value.args,
        apid: inner.value.header.apid,
        opcode: inner.value.opcode,
        keyId: inner.value.keyId,
        seq: inner.value.seq.toString(),
      };
      dispatcher.acceptForLater(command, packet);
      state.queue.insert({ ...command, releaseS });
      persistQueue(state, ctx.records);
      return DONE;
    },
    schedule_delete: ({ keyId, seq }) => {
      const removed = state.queue.remove(keyId, seq);
      if (!removed) return failed('invalid-value', `no queued command with key ${keyId} and sequence number ${seq}`);
      dispatcher.abandon(removed, 'descheduled', 'deleted from the time-tagged queue');
      persistQueue(state, ctx.records);
      return DONE;
    },
    schedule_clear: () => {
      for (const removed of state.queue.clear()) dispatcher.abandon(removed, 'descheduled', 'time-tagged queue cleared');
      persistQueue(state, ctx.records);
      return DONE;
    },
    schedule_list: () => {
      ctx.downlink('schedule_report', {
        entries: state.queue.list().map((entry) => ({ releaseS: entry.releaseS, keyId: entry.keyId, seq: entry.seq, command: entry.name })),
      });
      return DONE;
    },
  } satisfies Partial<CommandHandlers<'commanding'>>;
}

/** routine_add, routine_delete, routine_list. */
function routineCommands(ctx: CommandingContext, state: CommandingState) {
  const { dictionary } = ctx.services;
  return {
    routine_add: ({ id, cron, command: name, args }) => {
      const entry = dictionary.command(name);
      if (!entry) return failed('invalid-value', `no command "${name}"`);
      if (entry.def.hazardous) return failed('not-schedulable', `${name} is hazardous: it cannot be a routine`);
      const routineArgs = args ?? {};
      const validate = dictionary.validator(entry);
      if (!validate(routineArgs)) return failed('invalid-value', `arguments for ${name} do not match the dictionary`);
      const added = state.routines.add({ id, cron, command: name, args: routineArgs });
      if (!added.ok) return failed(added.error.includes('full') ? 'schedule-full' : 'invalid-value', added.error);
      persistRoutines(state, ctx.records);
      return DONE;
    },
    routine_delete: ({ id }) => {
      if (!state.routines.remove(id)) return failed('invalid-value', `no routine ${id}`);
      persistRoutines(state, ctx.records);
      return DONE;
    },
    routine_list: () => {
      ctx.downlink('routine_report', {
        routines: state.routines.list().map(({ id, cron, command, runs, lastOutcome }) => ({ id, cron, command, runs, lastOutcome })),
      });
      return DONE;
    },
  } satisfies Partial<CommandHandlers<'commanding'>>;
}
