import { bytes, choice, integer, list, map, number, struct, text, uint64Text } from './fields.js';
import type { SubsystemDef } from './types.js';

export const SCHEDULE_ENTRIES_MAX = 64;
export const ROUTINES_MAX = 32;

export const commanding = {
  name: 'commanding',
  apid: 0x060,
  description: 'Command intake: arm and fire, the time-tagged queue and the routine (cron) schedule',
  commands: [
    {
      name: 'arm',
      opcode: 0x0600,
      description: 'Arm one hazardous command: it must follow within the arm window (parameter commanding.armWindowS).',
      hazardous: false,
      role: 'flight-director',
      args: { command: text('Name of the hazardous command to arm', { maxLength: 40 }) },
    },
    {
      name: 'schedule_insert',
      opcode: 0x0601,
      description: 'Queue a signed telecommand (a whole packet) for release at a mission time.',
      hazardous: false,
      role: 'flight-director',
      args: {
        releaseS: number('Mission time of release', { min: 0, unit: 's' }),
        packet: bytes('The telecommand to release, as built by ground encode', { maxBytes: 1024, minBytes: 43 }),
      },
    },
    {
      name: 'schedule_delete',
      opcode: 0x0602,
      description: 'Remove one time-tagged command, named by its key id and sequence number.',
      hazardous: false,
      role: 'operator',
      args: { keyId: integer('Key id of the queued command', { min: 0, max: 0xffff }), seq: uint64Text('Sequence number of the queued command') },
    },
    { name: 'schedule_clear', opcode: 0x0603, description: 'Remove every time-tagged command.', hazardous: false, role: 'operator', args: {} },
    { name: 'schedule_list', opcode: 0x0604, description: 'Send a schedule_report of the time-tagged queue.', hazardous: false, role: 'operator', args: {} },
    {
      name: 'routine_add',
      opcode: 0x0605,
      description: 'Add a routine: a command run whenever a cron expression (seconds field optional, UTC mission clock) matches.',
      hazardous: false,
      role: 'flight-director',
      args: {
        id: integer('Routine id', { min: 1, max: 255 }),
        cron: text('Cron expression, e.g. "0 */10 * * * *"', { maxLength: 64 }),
        command: text('Name of a non-hazardous command', { maxLength: 40 }),
        args: map('Arguments of the command', { maxProperties: 16, optional: true }),
      },
    },
    {
      name: 'routine_delete',
      opcode: 0x0606,
      description: 'Remove a routine.',
      hazardous: false,
      role: 'operator',
      args: { id: integer('Routine id', { min: 1, max: 255 }) },
    },
    { name: 'routine_list', opcode: 0x0607, description: 'Send a routine_report of the routine table.', hazardous: false, role: 'operator', args: {} },
  ],
  telemetry: [
    {
      name: 'commanding_hk',
      id: 0x0600,
      class: 'housekeeping',
      description: 'Commanding housekeeping.',
      fields: {
        accepted: integer('Telecommands accepted since boot', { min: 0 }),
        rejected: integer('Telecommands rejected since boot', { min: 0 }),
        duplicates: integer('Retransmissions answered without executing again', { min: 0 }),
        completed: integer('Commands completed since boot', { min: 0 }),
        failed: integer('Commands failed since boot', { min: 0 }),
        scheduled: integer('Time-tagged commands waiting', { min: 0, max: SCHEDULE_ENTRIES_MAX }),
        routines: integer('Routines in the table', { min: 0, max: ROUTINES_MAX }),
        armed: text('Armed hazardous command, empty when none', { maxLength: 40 }),
        intakeDropped: integer('Telecommands dropped because the intake queue was full', { min: 0 }),
        framesAccepted: integer('TC transfer frames accepted since boot', { min: 0 }),
        framesRejected: integer('TC transfer frames refused since boot (damaged, another virtual channel, bad header)', { min: 0 }),
        framesWrongSpacecraft: integer('TC transfer frames refused since boot because they name another spacecraft', { min: 0 }),
        segmentsDiscarded: integer('Segmented telecommands discarded because a segment was lost', { min: 0 }),
      },
    },
    {
      name: 'schedule_report',
      id: 0x0601,
      class: 'report',
      description: 'The time-tagged queue, in release order.',
      fields: {
        entries: list(
          struct(
            {
              releaseS: number('Release time', { unit: 's' }),
              keyId: integer('Key id', { min: 0, max: 0xffff }),
              seq: uint64Text('Sequence number'),
              command: text('Command', { maxLength: 40 }),
            },
            'Entry',
          ),
          'Queued commands',
          { maxItems: SCHEDULE_ENTRIES_MAX },
        ),
      },
    },
    {
      name: 'routine_report',
      id: 0x0602,
      class: 'report',
      description: 'The routine table.',
      fields: {
        routines: list(
          struct(
            {
              id: integer('Routine id', { min: 1, max: 255 }),
              cron: text('Cron expression', { maxLength: 64 }),
              command: text('Command', { maxLength: 40 }),
              runs: integer('Times run', { min: 0 }),
              lastOutcome: choice(['none', 'completed', 'failed'], 'Outcome of the last run'),
            },
            'Routine',
          ),
          'Routines',
          { maxItems: ROUTINES_MAX },
        ),
      },
    },
  ],
  events: [
    {
      name: 'armed',
      id: 0x0680,
      severity: 'info',
      message: 'armed {command} until {untilS} s',
      args: { command: text('Armed command', { maxLength: 40 }), untilS: number('End of the window', { unit: 's' }) },
    },
    {
      name: 'routine_ran',
      id: 0x0681,
      severity: 'info',
      message: 'routine {id} ran {command}: {outcome} {detail}',
      args: {
        id: integer('Routine id', { min: 1, max: 255 }),
        command: text('Command', { maxLength: 40 }),
        outcome: choice(['completed', 'failed'], 'Outcome'),
        detail: text('Why it failed', { maxLength: 200 }),
      },
    },
  ],
} as const satisfies SubsystemDef;
