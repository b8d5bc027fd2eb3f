import { boolean, choice, integer, number, text, uint64Text } from './fields.js';
import type { SubsystemDef } from './types.js';

export const MODES = ['BOOT', 'SAFE', 'NOMINAL'] as const;
export const COMMANDABLE_MODES = ['SAFE', 'NOMINAL'] as const;
export const VERIFICATION_STAGES = ['accepted', 'rejected', 'started', 'completed', 'failed'] as const;
export const RESET_CAUSES = ['power-on', 'watchdog', 'brownout', 'commanded', 'unknown'] as const;
/** Resets nobody asked for: each is also reported as the warning unplanned_reset after the boot event. */
export const UNPLANNED_RESET_CAUSES = ['watchdog', 'brownout', 'unknown'] as const;

const count = (description: string) => integer(description, { min: 0 });

export const executive = {
  name: 'executive',
  apid: 0x010,
  description: 'Rate groups, modes, health, commanding and verification',
  commands: [
    { name: 'noop', opcode: 0x0100, description: 'Do nothing; proves the uplink and the verification reports.', hazardous: false, role: 'operator', args: {} },
    {
      name: 'set_mode',
      opcode: 0x0101,
      description: 'Change the spacecraft mode.',
      hazardous: false,
      role: 'operator',
      args: { mode: choice(COMMANDABLE_MODES, 'Mode to enter') },
    },
    {
      name: 'ping',
      opcode: 0x0102,
      description: 'Are-you-alive test: answered by a pong event carrying the token.',
      hazardous: false,
      role: 'operator',
      args: { token: integer('Echoed in the pong event', { min: 0, max: 0xffffffff, optional: true }) },
    },
    {
      name: 'monitor_enable',
      opcode: 0x0103,
      description: 'Enable or disable one entry of the on-board monitoring table.',
      hazardous: false,
      role: 'operator',
      args: { id: integer('Monitor id', { min: 1, max: 255 }), enabled: boolean('Enabled when true') },
    },
    {
      name: 'reset_computer',
      opcode: 0x0104,
      description: 'Stop stroking the hardware watchdog so that it resets the flight computer.',
      hazardous: true,
      role: 'flight-director',
      args: {},
    },
  ],
  telemetry: [
    {
      name: 'verification',
      id: 0x0100,
      class: 'report',
      description: 'Verification report of one telecommand stage (in the manner of ECSS PUS service 1).',
      fields: {
        stage: choice(VERIFICATION_STAGES, 'Stage reached'),
        apid: integer('APID of the telecommand', { min: 0, max: 0x7ff }),
        opcode: integer('Opcode of the telecommand', { min: 0, max: 0xffff }),
        keyId: integer('Key id of the telecommand', { min: 0, max: 0xffff }),
        seq: uint64Text('Anti-replay sequence number of the telecommand'),
        code: integer('Reason code for rejected and failed, 0 otherwise', { min: 0, max: 255 }),
        detail: text('Why, for rejected and failed', { maxLength: 200, optional: true }),
        duplicate: boolean('This report answers a retransmission; the command ran once', { optional: true }),
      },
    },
    {
      name: 'executive_hk',
      id: 0x0101,
      class: 'housekeeping',
      description: 'Executive housekeeping.',
      fields: {
        mode: choice(MODES, 'Current mode'),
        bootCount: count('Boots since the non-volatile memory was formatted'),
        resetCause: choice(RESET_CAUSES, 'Cause of the last reset'),
        uptimeS: number('Time since this boot', { min: 0, unit: 's' }),
        tickOverruns: count('Control ticks that overran their budget'),
        tickCostMaxMs: number('Longest control tick since the last report', { min: 0, unit: 'ms' }),
        modulesAlive: count('Modules answering their health ping'),
        modulesDead: count('Modules declared dead (the watchdog is no longer stroked)'),
        monitorsTripped: count('Monitoring-table trips since boot'),
        watchdogStroking: boolean('The hardware watchdog is being stroked'),
      },
    },
  ],
  events: [
    {
      name: 'mode_changed',
      id: 0x0180,
      severity: 'info',
      message: 'mode {from} -> {to} ({cause})',
      args: { from: choice(MODES, 'Previous mode'), to: choice(MODES, 'New mode'), cause: text('What changed it', { maxLength: 80 }) },
    },
    {
      name: 'command_rejected',
      id: 0x0181,
      severity: 'warning',
      message: 'telecommand rejected: {reason} ({detail})',
      args: { reason: text('Rejection reason', { maxLength: 40 }), detail: text('Details', { maxLength: 200 }) },
    },
    {
      name: 'pong',
      id: 0x0182,
      severity: 'info',
      message: 'pong {token}',
      args: { token: integer('Token from the ping', { min: 0, max: 0xffffffff }) },
    },
    {
      name: 'boot',
      id: 0x0183,
      severity: 'info',
      message: 'boot {bootCount} ({resetCause}), mode {mode}, parameters from {paramsSource}, {downlinkLost} queued packets lost with the reset',
      args: {
        bootCount: integer('Boots recorded in non-volatile memory', { min: 1 }),
        resetCause: choice(RESET_CAUSES, 'Cause of the reset'),
        mode: choice(MODES, 'Mode entered after boot'),
        paramsSource: choice(['nvm', 'defaults'], 'Where the parameters came from'),
        downlinkLost: integer('Packets waiting for the downlink that the reset took with the RAM (counted, never sent)', { min: 0 }),
      },
    },
    {
      name: 'module_late',
      id: 0x0184,
      severity: 'warning',
      message: 'module {module} missed {missed} health pings',
      args: { module: text('Module', { maxLength: 20 }), missed: integer('Consecutive pings missed', { min: 1 }) },
    },
    {
      name: 'module_dead',
      id: 0x0185,
      severity: 'critical',
      message: 'module {module} is dead ({detail}): watchdog stroke stopped',
      args: { module: text('Module', { maxLength: 20 }), detail: text('Why', { maxLength: 200 }) },
    },
    {
      name: 'monitor_tripped',
      id: 0x0186,
      severity: 'warning',
      message: 'monitor {id} {parameter} = {value} outside {low}..{high}: {response}',
      args: {
        id: integer('Monitor id', { min: 1, max: 255 }),
        parameter: text('Monitored value', { maxLength: 40 }),
        value: number('Value at the trip'),
        low: number('Low limit'),
        high: number('High limit'),
        response: text('Response taken', { maxLength: 80 }),
      },
    },
    {
      name: 'unplanned_reset',
      id: 0x0187,
      severity: 'warning',
      message: 'unplanned reset ({resetCause}) before boot {bootCount}: {downlinkLost} queued packets lost',
      args: {
        bootCount: integer('Boots recorded in non-volatile memory', { min: 1 }),
        resetCause: choice(UNPLANNED_RESET_CAUSES, 'Cause of the reset'),
        downlinkLost: integer('Packets waiting for the downlink that the reset took with the RAM', { min: 0 }),
      },
    },
  ],
} as const satisfies SubsystemDef;
