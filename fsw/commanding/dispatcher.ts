/**
 * Telecommand intake and dispatch. Every packet from the space link passes
 * the decode boundary (CRC, key, MAC, anti-replay, dictionary schema), then
 * the mode gate and, for hazardous commands, arm-and-fire, and goes to its
 * module's handler. Verification reports go down for each: accepted or
 * rejected (with a code), started, and exactly one of completed or failed.
 * A retransmission of an accepted command is answered with its reports again
 * (duplicate: true) and never executed twice; any other repeat is a replay,
 * rejected with an event.
 */
import {
  fitText,
  fieldMaxLength,
  MAC_BYTES,
  VERIFICATION_CODES,
  decodeTelecommand,
  toHex,
  type CommandFailure,
  type Dictionary,
  type KeyRing,
  type PacketRejection,
  type ReplayWindow,
  type VerificationReason,
} from '../../protocol/index.js';
import type { CommandRouter } from '../executive/command-router.js';
import type { CommandSource, FlightContext } from '../executive/module.js';
import type { ArmState } from './arm.js';
import { isFinal, type RecentCommand, type RecentCommands, type Stage } from './recent.js';

export interface CommandCounters {
  accepted: number;
  rejected: number;
  duplicates: number;
  completed: number;
  failed: number;
}

/** A command that passed the decode boundary (from the link or the time-tagged queue). */
export interface AuthenticatedCommand {
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly apid: number;
  readonly opcode: number;
  readonly keyId: number;
  readonly seq: string;
}

export interface DispatcherDeps {
  readonly dictionary: Dictionary;
  readonly keys: KeyRing;
  /** The anti-replay window and the recent commands, as restored at boot. */
  readonly replay: () => ReplayWindow;
  readonly recent: () => RecentCommands;
  readonly arm: ArmState;
  /** Every module's handlers and the mode gate. */
  readonly router: CommandRouter;
  /** The commanding module's context: reports, events, the mode, the time. */
  readonly ctx: FlightContext;
  /** Writes the replay window and the recent commands to non-volatile memory. */
  readonly persist: () => void;
}

const code = (reason: VerificationReason | null) => (reason === null ? 0 : VERIFICATION_CODES[reason]);

/** The longest detail a verification report carries (the dictionary's): the recent commands keep theirs as long. */
const DETAIL_MAX = fieldMaxLength('verification', 'detail');

export class CommandDispatcher {
  readonly counters: CommandCounters = { accepted: 0, rejected: 0, duplicates: 0, completed: 0, failed: 0 };
  private readonly ctx: FlightContext;

  constructor(private readonly deps: DispatcherDeps) {
    this.ctx = deps.ctx;
  }

  /** Takes every telecommand received this tick. */
  intake(packets: readonly Uint8Array[]): void {
    const { deps } = this;
    for (const bytes of packets) {
      const result = decodeTelecommand(bytes, { dictionary: deps.dictionary, keys: deps.keys, replay: deps.replay() });
      if (!result.ok) {
        if (result.reason === 'replay' && this.answerRetransmission(result, bytes)) continue;
        this.rejectPacket(result);
        continue;
      }
      const tc = result.value;
      deps.replay().accept(tc.keyId, tc.seq);
      const command: AuthenticatedCommand = {
        name: tc.entry.def.name,
        args: tc.args,
        apid: tc.header.apid,
        opcode: tc.opcode,
        keyId: tc.keyId,
        seq: tc.seq.toString(),
      };
      const record = this.remember(command, bytes);
      this.run(command, record, 'ground', true);
      deps.persist();
    }
  }

  /**
   * Accepts a command authenticated elsewhere (the time-tagged queue's inner
   * command, at insertion): consumes its sequence number and reports it
   * accepted; it runs later with `release`.
   */
  acceptForLater(command: AuthenticatedCommand, packet: Uint8Array): void {
    this.deps.replay().accept(command.keyId, BigInt(command.seq));
    const record = this.remember(command, packet);
    this.report(record, 'accepted', null, undefined);
    this.counters.accepted++;
    this.deps.persist();
  }

  /** Runs a command accepted earlier (released from the time-tagged queue). */
  release(command: AuthenticatedCommand): void {
    const record = this.deps.recent().get(command.keyId, command.seq) ?? this.rememberWithout(command);
    this.run(command, record, 'schedule', false);
    this.deps.persist();
  }

  /** Ends an accepted command that will never run (deleted from the queue). */
  abandon(command: AuthenticatedCommand, reason: CommandFailure, detail: string): void {
    const record = this.deps.recent().get(command.keyId, command.seq) ?? this.rememberWithout(command);
    this.final(record, 'failed', reason, detail);
    this.deps.persist();
  }

  // ---------------------------------------------------------------- internals

  private run(command: AuthenticatedCommand, record: RecentCommand, source: CommandSource, fromLink: boolean): void {
    const { ctx } = this;
    const entry = this.deps.dictionary.command(command.name)!;
    const gate = this.deps.router.modeGate(command.name, entry.def.modes, ctx.mode);
    if (gate) return this.refuse(record, fromLink, 'mode-forbidden', gate);
    if (entry.def.hazardous && source === 'ground' && !this.deps.arm.consume(command.name, ctx.timeS)) {
      return this.refuse(
        record,
        fromLink,
        'not-armed',
        `${command.name} is hazardous: send arm command=${command.name} first, then the command within the arm window`,
      );
    }
    if (fromLink) {
      this.report(record, 'accepted', null, undefined);
      this.counters.accepted++;
    }
    this.report(record, 'started', null, undefined);
    const outcome = this.deps.router.execute(command.name, command.args, { name: command.name, source, keyId: command.keyId, seq: BigInt(command.seq) });
    if (outcome.ok) this.final(record, 'completed', null, undefined);
    else this.final(record, 'failed', outcome.reason, outcome.detail);
  }

  /** Refused at acceptance: rejected (from the link) or failed (accepted earlier, refused at release). */
  private refuse(record: RecentCommand, fromLink: boolean, reason: CommandFailure, detail: string): void {
    if (fromLink) {
      this.counters.rejected++;
      this.final(record, 'rejected', reason, detail);
      this.ctx.event('command_rejected', { reason, detail });
    } else {
      this.final(record, 'failed', reason, detail);
    }
  }

  private final(record: RecentCommand, stage: Stage, reason: VerificationReason | null, detail: string | undefined): void {
    if (isFinal(record)) throw new Error(`command ${record.keyId}:${record.seq} got a second final report (${stage})`);
    if (stage === 'completed') this.counters.completed++;
    if (stage === 'failed') this.counters.failed++;
    this.report(record, stage, reason, detail);
  }

  private report(record: RecentCommand, stage: Stage, reason: VerificationReason | null, detail: string | undefined): void {
    // The copy kept with the recent commands (in NVM) is bounded as the report is.
    const report = { stage, code: code(reason), ...(detail !== undefined ? { detail: fitText(detail, DETAIL_MAX) } : {}) };
    record.reports.push(report);
    this.ctx.downlink('verification', {
      stage,
      apid: record.apid,
      opcode: record.opcode,
      keyId: record.keyId,
      seq: record.seq,
      code: report.code,
      ...(report.detail !== undefined ? { detail: report.detail } : {}),
    });
  }

  private remember(command: AuthenticatedCommand, packet: Uint8Array): RecentCommand {
    const macAt = packet.length - 2 - MAC_BYTES;
    const record: RecentCommand = {
      keyId: command.keyId,
      seq: command.seq,
      macHex: toHex(packet.subarray(macAt, macAt + MAC_BYTES)),
      apid: command.apid,
      opcode: command.opcode,
      reports: [],
    };
    this.deps.recent().add(record);
    return record;
  }

  private rememberWithout(command: AuthenticatedCommand): RecentCommand {
    const record: RecentCommand = { keyId: command.keyId, seq: command.seq, macHex: '', apid: command.apid, opcode: command.opcode, reports: [] };
    this.deps.recent().add(record);
    return record;
  }

  /** True when the replayed packet is a retransmission of a remembered command, now answered. */
  private answerRetransmission(rejection: PacketRejection, bytes: Uint8Array): boolean {
    if (rejection.keyId === undefined || rejection.seq === undefined) return false;
    const record = this.deps.recent().get(rejection.keyId, rejection.seq);
    const macAt = bytes.length - 2 - MAC_BYTES;
    if (!record || record.macHex !== toHex(bytes.subarray(macAt, macAt + MAC_BYTES))) return false;
    this.counters.duplicates++;
    // Accepted before a reset that came before its end: it ends now, once, as failed.
    if (!isFinal(record)) {
      record.reports.push({ stage: 'failed', code: code('unavailable'), detail: 'interrupted by a reset of the flight computer' });
      this.counters.failed++;
      this.deps.persist();
    }
    for (const report of record.reports) {
      if (report.stage === 'started') continue;
      this.ctx.downlink('verification', {
        stage: report.stage,
        apid: record.apid,
        opcode: record.opcode,
        keyId: record.keyId,
        seq: record.seq,
        code: report.code,
        ...(report.detail !== undefined ? { detail: report.detail } : {}),
        duplicate: true,
      });
    }
    return true;
  }

  private rejectPacket(rejection: PacketRejection): void {
    this.counters.rejected++;
    this.ctx.downlink('verification', {
      stage: 'rejected',
      apid: rejection.header?.apid ?? 0,
      opcode: rejection.messageId ?? 0,
      keyId: rejection.keyId ?? 0,
      seq: (rejection.seq ?? 0n).toString(),
      code: code(rejection.reason),
      detail: rejection.detail,
    });
    this.ctx.event('command_rejected', { reason: rejection.reason, detail: rejection.detail });
  }
}
