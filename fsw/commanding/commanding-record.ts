/**
 * The commanding module's state and its four records: the anti-replay
 * window and the recent commands (written as each command is accepted, so
 * that a retransmission is answered across a reset), the time-tagged queue
 * and the routine table. The arm is RAM only: a reset disarms.
 */
import { ReplayWindow, type ReplayWindowRecord } from '../../protocol/index.js';
import type { ModuleRecords } from '../storage/scoped-records.js';
import { ArmState } from './arm.js';
import { RecentCommands } from './recent.js';
import { RoutineTable } from './routines.js';
import { TimeTaggedQueue } from './time-tagged-queue.js';

export const COMMANDING_RECORDS = [
  { id: 'commanding.replay', slotBytes: 4096 },
  { id: 'commanding.recent', slotBytes: 32768 },
  { id: 'commanding.schedule', slotBytes: 98304 },
  { id: 'commanding.routines', slotBytes: 16384 },
] as const;

export interface CommandingState {
  replay: ReplayWindow;
  recent: RecentCommands;
  queue: TimeTaggedQueue;
  readonly routines: RoutineTable;
  readonly arm: ArmState;
}

export function createCommandingState(): CommandingState {
  return { replay: new ReplayWindow(), recent: new RecentCommands(), queue: new TimeTaggedQueue(), routines: new RoutineTable(), arm: new ArmState() };
}

/** Restores the records; a record it cannot use is reported (nvm_problem) and left at its empty state. */
export function restoreCommanding(state: CommandingState, records: ModuleRecords<'commanding'>, report: (record: string, detail: string) => void): void {
  const replay = records.read('commanding.replay');
  if (replay) {
    try {
      state.replay = ReplayWindow.fromRecord(replay as unknown as ReplayWindowRecord);
    } catch (error) {
      report('commanding.replay', (error as Error).message);
    }
  }
  state.recent = RecentCommands.fromRecord(records.read('commanding.recent')?.commands);
  state.queue = TimeTaggedQueue.fromRecord(records.read('commanding.schedule')?.entries);
  for (const problem of state.routines.restore(records.read('commanding.routines')?.routines)) report('commanding.routines', problem);
}

/** The anti-replay window and the recent commands. */
export function persistAccepted(state: CommandingState, records: ModuleRecords<'commanding'>): void {
  records.write('commanding.replay', state.replay.toRecord() as unknown as Record<string, unknown>);
  records.write('commanding.recent', { commands: state.recent.toRecord() });
}

export function persistQueue(state: CommandingState, records: ModuleRecords<'commanding'>): void {
  records.write('commanding.schedule', { entries: state.queue.toRecord() });
}

export function persistRoutines(state: CommandingState, records: ModuleRecords<'commanding'>): void {
  records.write('commanding.routines', { routines: state.routines.toRecord() });
}
