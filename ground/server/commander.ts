/**
 * Telecommands from request to final state. Each is signed with the ground's
 * key and a fresh anti-replay number, sent at once (the UDP link has no
 * contact signal) and archived, and tracked through the verification reports
 * that come down (accepted, started, completed | failed, or rejected). With
 * no acceptance within retransmitAfterMs of the last transmission (or, once
 * accepted, no final report within finalAfterMs), the command is due: the
 * same bytes go again as soon as the uplink takes them, up to retransmitMax
 * times; then `timed-out`. Time is the injected rxjs scheduler's: the
 * server's asyncScheduler, or mission time in the mission runner, whose
 * uplink takes packets only in contact and a few a second (retransmitDue
 * sends what is due, oldest first; a first transmission the uplink does not
 * take is not a command at all: nothing is archived).
 * Hazardous: an arm goes first and the command once the arm completed (the
 * command waits `queued`). Nothing is signed for a user whose role does not
 * allow the command (the dictionary's CommandDef.role); every record names
 * the user who sent it, the arm sent on a user's behalf included. Time-tagged: the signed command travels inside a
 * schedule_insert; the wrapper's reports are `progress` stages, and once the
 * command is accepted on board it waits for its release without a timeout.
 */
import { asyncScheduler, Subject, Subscription, type Observable, type SchedulerLike } from 'rxjs';
import {
  type VERIFICATION_STAGES,
  VERIFICATION_CODES,
  buildTelecommand,
  verificationReason,
  type Dictionary,
  type LinkKeys,
  type Outcome,
} from '../../protocol/index.js';
import type { CommandRecord, CommandStage, CommandStageRecord, CommandState, SendCommandRequest } from '../api/contract.js';
import { toApiValue } from '../api/values.js';
import type { CommandStore } from '../archive/command-store.js';
import { checkCommandRequest } from './command-request.js';
import type { TelecommandNumbering } from './sequence.js';
import { apiFailure, type ApiFailure, type Submitted } from './api-result.js';
import type { AuthUser } from '../auth/authenticator.js';
import { roleAllows } from '../auth/roles.js';

export interface CommanderOptions {
  readonly dictionary: Dictionary;
  readonly store: CommandStore;
  /** Anti-replay numbers and packet counts (sequence.ts GroundNumbering in the server). */
  readonly numbering: TelecommandNumbering;
  /** Puts one packet on the uplink; false when the uplink did not take it (no contact, transmitter full). */
  readonly send: (packet: Uint8Array) => boolean;
  /** The signing keys, or why there are none. */
  readonly keys: () => Outcome<LinkKeys>;
  /** Wait after a transmission for the acceptance before sending again. */
  readonly retransmitAfterMs: number;
  /** Wait after a transmission, once accepted, for the final report before sending again (default retransmitAfterMs). */
  readonly finalAfterMs?: number;
  /** Retransmissions of one command, the first transmission not counted. */
  readonly retransmitMax: number;
  /** Where the waits are timed (default asyncScheduler: real time). */
  readonly scheduler?: SchedulerLike;
  /** Wall time for the records (createdAtMs, sentAtMs, receivedAtMs). */
  readonly nowMs: () => number;
  /** Best known mission time (the last telemetry's), for the packet header. */
  readonly missionTimeS: () => number;
  /**
   * A new command the uplink does not take (the spacecraft out of view) is
   * archived `queued` and held until retransmitDue finds the uplink taking
   * it, instead of refused with NOT_TAKEN (the ground of a fleet, which
   * knows the passes).
   */
  readonly holdUntilTaken?: boolean;
}

const STAGE_OF: Readonly<Record<(typeof VERIFICATION_STAGES)[number], CommandStage>> = {
  accepted: 'acceptance',
  started: 'start',
  completed: 'completion',
  failed: 'failure',
  rejected: 'rejection',
};

const STATE_AFTER: Readonly<Record<CommandStage, CommandState | null>> = {
  acceptance: 'accepted',
  start: 'started',
  progress: null,
  completion: 'completed',
  failure: 'failed',
  rejection: 'rejected',
};

const RANK: Readonly<Record<CommandState, number>> = {
  queued: 0,
  sent: 1,
  accepted: 2,
  started: 3,
  completed: 4,
  failed: 4,
  rejected: 4,
  'timed-out': 4,
  cancelled: 4,
};
const isFinalState = (state: CommandState) => RANK[state] === 4;

/** Final commands remembered in memory, to absorb late duplicate reports. */
export const FINAL_TRACKED_MAX = 4096;

/** A new command whose first transmission the uplink did not take: not sent, not archived (only an uplink that can refuse gives this). */
export const NOT_TAKEN: ApiFailure = apiFailure(
  503,
  'not-ready',
  'the uplink did not take the command (out of contact, or its transmitter is full): nothing was sent; send it again',
);

interface Tracked {
  readonly id: number;
  readonly packet: Uint8Array;
  /** Release time of a time-tagged command, else null. */
  readonly atS: number | null;
  state: CommandState;
  sentAtMs: number | null;
  transmissions: number;
  /** Acceptance seen (the command's, or its schedule_insert's). */
  accepted: boolean;
  readonly seen: Set<string>;
  /** The waits running since the last transmission. */
  timers: Subscription | null;
  /** Which waits ran out since the last transmission: for the acceptance, for the final report. */
  waited: { acceptance: boolean; final: boolean };
  /** For an arm: the hazardous command waiting on it. */
  fire: Tracked | null;
}

const keyOf = (keyId: number, seq: string) => `${keyId}:${seq}`;

export class Commander {
  private readonly byKey = new Map<string, { readonly tracked: Tracked; readonly role: 'command' | 'wrapper' }>();
  /** Commands whose wait ran out and that the uplink has not taken again yet. */
  private readonly due = new Set<Tracked>();
  private readonly scheduler: SchedulerLike;
  private readonly finalAfterMs: number;
  private readonly changes = new Subject<CommandRecord>();
  /** Every change of a command, as archived. */
  readonly updates: Observable<CommandRecord> = this.changes.asObservable();

  constructor(private readonly options: CommanderOptions) {
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.finalAfterMs = options.finalAfterMs ?? options.retransmitAfterMs;
  }

  /** Checks, signs, archives and sends a command (for a hazardous one, its arm) for a user. */
  submit(request: SendCommandRequest | unknown, by: AuthUser): Submitted {
    const { dictionary } = this.options;
    const checked = checkCommandRequest(dictionary, request);
    if (!checked.ok) return { ok: false, status: 400, error: checked.error };
    const { entry, args, atS } = checked.value;
    const name = entry.def.name;
    if (!roleAllows(by.role, entry.def.role)) return apiFailure(403, 'forbidden', `${name} needs the role ${entry.def.role}; ${by.name} is ${by.role}`);
    const keys = this.options.keys();
    if (!keys.ok) return apiFailure(503, 'not-ready', `${keys.error}: the ground cannot sign commands`);
    const user = by.name;
    const build = (commandName: string, commandArgs: Readonly<Record<string, unknown>>) => this.build(keys.value, commandName, commandArgs);

    if (entry.def.hazardous) {
      const arm = build('arm', { command: name });
      const fire = build(name, args);
      if (!arm.ok || !fire.ok) return apiFailure(400, 'bad-argument', (!arm.ok ? arm : (fire as { error: string })).error);
      const taken = this.options.send(arm.value.bytes);
      if (!taken && this.options.holdUntilTaken !== true) return NOT_TAKEN;
      const armTracked = this.create({
        name: 'arm',
        args: { command: name },
        keyId: keys.value.uplink.activeKeyId,
        seq: arm.value.seq,
        packet: arm.value.bytes,
        atS: null,
        armId: null,
        wrapperSeq: null,
        user,
      });
      const fireTracked = this.create({
        name,
        args,
        keyId: keys.value.uplink.activeKeyId,
        seq: fire.value.seq,
        packet: fire.value.bytes,
        atS: null,
        armId: armTracked.id,
        wrapperSeq: null,
        user,
      });
      armTracked.fire = fireTracked;
      this.emit(fireTracked);
      this.firstSent(armTracked, taken);
      return { ok: true, record: this.options.store.get(fireTracked.id)! };
    }
    if (atS !== null) {
      const inner = build(name, args);
      if (!inner.ok) return apiFailure(400, 'bad-argument', inner.error);
      const wrapper = build('schedule_insert', { releaseS: atS, packet: inner.value.bytes });
      if (!wrapper.ok) return apiFailure(400, 'bad-argument', wrapper.error);
      const taken = this.options.send(wrapper.value.bytes);
      if (!taken && this.options.holdUntilTaken !== true) return NOT_TAKEN;
      const tracked = this.create({
        name,
        args,
        keyId: keys.value.uplink.activeKeyId,
        seq: inner.value.seq,
        packet: wrapper.value.bytes,
        atS,
        armId: null,
        wrapperSeq: wrapper.value.seq,
        user,
      });
      this.firstSent(tracked, taken);
      return { ok: true, record: this.options.store.get(tracked.id)! };
    }
    const built = build(name, args);
    if (!built.ok) return apiFailure(400, 'bad-argument', built.error);
    const taken = this.options.send(built.value.bytes);
    if (!taken && this.options.holdUntilTaken !== true) return NOT_TAKEN;
    const tracked = this.create({
      name,
      args,
      keyId: keys.value.uplink.activeKeyId,
      seq: built.value.seq,
      packet: built.value.bytes,
      atS: null,
      armId: null,
      wrapperSeq: null,
      user,
    });
    this.firstSent(tracked, taken);
    return { ok: true, record: this.options.store.get(tracked.id)! };
  }

  /** Commands waiting for the uplink to take their first transmission (held until the spacecraft is in view), oldest first. */
  held(): number[] {
    return [...this.due]
      .filter((tracked) => tracked.state === 'queued')
      .map((tracked) => tracked.id)
      .sort((a, b) => a - b);
  }

  /** A `verification` telemetry packet; the id of the command it answers, or null when it answers none the ground knows. */
  onVerification(data: Readonly<Record<string, unknown>>, timeS: number, receivedAtMs: number): number | null {
    const found = this.byKey.get(keyOf(data.keyId as number, data.seq as string));
    if (!found) return null;
    const { tracked, role } = found;
    const reported = data.stage as (typeof VERIFICATION_STAGES)[number];
    const code = data.code as number;
    const base = {
      code,
      reason: code === 0 ? 'ok' : (verificationReason(code) ?? `code ${code}`),
      timeS,
      receivedAtMs,
      ...(data.duplicate === true ? { duplicate: true } : {}),
    };
    const detail = data.detail as string | undefined;
    let stage: CommandStageRecord;
    if (role === 'wrapper') {
      const failedStage = reported === 'failed' || reported === 'rejected';
      stage = failedStage
        ? { ...base, stage: STAGE_OF[reported], detail: `${WRAPPER_PREFIX}${reported}: ${detail ?? ''}`.trim() }
        : { ...base, stage: 'progress', detail: `${WRAPPER_PREFIX}${reported}: on board for release at ${Number(tracked.atS?.toFixed(2))} s` };
    } else {
      stage = { ...base, stage: STAGE_OF[reported], ...(detail !== undefined ? { detail } : {}) };
    }
    const seenKey = seenKeyOf(stage);
    if (tracked.seen.has(seenKey)) return tracked.id;
    tracked.seen.add(seenKey);
    this.options.store.addStage(tracked.id, stage);
    if (reported !== 'rejected') tracked.accepted = true;
    const next = role === 'wrapper' && stage.stage === 'progress' ? null : STATE_AFTER[stage.stage];
    // A real report outranks the ground's own guess (timed-out).
    if (next !== null && (RANK[next] > RANK[tracked.state] || (tracked.state === 'timed-out' && isFinalState(next)))) tracked.state = next;
    if (tracked.atS !== null && tracked.accepted) this.stopTimers(tracked);
    this.changed(tracked);
    return tracked.id;
  }

  /** Sends again, oldest first, every command whose wait ran out, as far as the uplink takes them. */
  retransmitDue(): void {
    for (const tracked of [...this.due].sort((a, b) => a.id - b.id)) {
      if (this.isDue(tracked)) this.transmit(tracked);
      else this.due.delete(tracked);
    }
  }

  /** Takes up the commands a previous run left unfinished (retransmission goes on). */
  restore(): void {
    const pending = this.options.store.pending();
    const byId = new Map<number, Tracked>();
    for (const stored of pending) {
      const { record } = stored;
      const tracked = this.track(record.id, record.keyId, record.seq, stored.wrapperSeq, stored.packet ?? new Uint8Array(), record.atS ?? null);
      tracked.state = record.state;
      tracked.sentAtMs = record.sentAtMs;
      tracked.transmissions = record.transmissions;
      tracked.accepted = record.stages.some((stage) => stage.stage !== 'rejection');
      for (const stage of record.stages) tracked.seen.add(seenKeyOf(stage));
      byId.set(record.id, tracked);
    }
    for (const stored of pending) {
      const tracked = byId.get(stored.record.id)!;
      const armId = stored.record.armId;
      if (tracked.state === 'queued' && armId !== undefined) {
        const arm = byId.get(armId);
        if (arm) arm.fire = tracked;
        else this.cancel(tracked, `arm command ${armId} ended before the ground restarted; send the command again`);
      } else if (tracked.state !== 'queued' && !(tracked.atS !== null && tracked.accepted)) this.startTimers(tracked);
      else if (tracked.state === 'queued') this.release(tracked);
    }
  }

  /** Stops every retransmission wait. */
  close(): void {
    for (const { tracked } of this.byKey.values()) this.stopTimers(tracked);
    this.changes.complete();
  }

  // ---------------------------------------------------------------- internals

  private build(keys: LinkKeys, name: string, args: Readonly<Record<string, unknown>>): Outcome<{ bytes: Uint8Array; seq: string }> {
    const entry = this.options.dictionary.command(name)!;
    const { seq, sequenceCount } = this.options.numbering.next(entry.subsystem.apid);
    const built = buildTelecommand(this.options.dictionary, {
      name,
      args,
      keyId: keys.uplink.activeKeyId,
      key: keys.uplink.keys.get(keys.uplink.activeKeyId)!,
      seq,
      sequenceCount,
      timeS: this.options.missionTimeS(),
    });
    return built.ok ? { ok: true, value: { bytes: built.value, seq: seq.toString(10) } } : built;
  }

  private create(command: {
    name: string;
    args: Readonly<Record<string, unknown>>;
    keyId: number;
    seq: string;
    packet: Uint8Array;
    atS: number | null;
    armId: number | null;
    wrapperSeq: string | null;
    user: string;
  }): Tracked {
    const id = this.options.store.insert({
      ...command,
      args: toApiValue(command.args) as Record<string, unknown>,
      createdAtMs: this.options.nowMs(),
      createdTimeS: this.options.missionTimeS(),
    });
    return this.track(id, command.keyId, command.seq, command.wrapperSeq, command.packet, command.atS);
  }

  private track(id: number, keyId: number, seq: string, wrapperSeq: string | null, packet: Uint8Array, atS: number | null): Tracked {
    const tracked: Tracked = {
      id,
      packet,
      atS,
      state: 'queued',
      sentAtMs: null,
      transmissions: 0,
      accepted: false,
      seen: new Set(),
      timers: null,
      waited: { acceptance: false, final: false },
      fire: null,
    };
    this.byKey.set(keyOf(keyId, seq), { tracked, role: 'command' });
    if (wrapperSeq !== null) this.byKey.set(keyOf(keyId, wrapperSeq), { tracked, role: 'wrapper' });
    return tracked;
  }

  /** Puts the command on the uplink; false when the uplink did not take it (it stays or becomes due). */
  private transmit(tracked: Tracked): boolean {
    if (!this.options.send(tracked.packet)) return false;
    this.sent(tracked);
    return true;
  }

  /** A new command: sent (the uplink took it), or held until the uplink takes it (holdUntilTaken). */
  private firstSent(tracked: Tracked, taken: boolean): void {
    if (taken) return this.sent(tracked);
    tracked.waited = { acceptance: true, final: true };
    this.due.add(tracked);
    this.emit(tracked);
  }

  /** A queued command's first transmission (a hazardous command once its arm completed): now, or as soon as the uplink takes it. */
  private release(tracked: Tracked): void {
    if (this.transmit(tracked)) return;
    tracked.waited = { acceptance: true, final: true };
    this.due.add(tracked);
  }

  /** After the uplink took the command: counted, and the waits start again. */
  private sent(tracked: Tracked): void {
    tracked.transmissions++;
    tracked.sentAtMs ??= this.options.nowMs();
    if (tracked.state === 'queued') tracked.state = 'sent';
    this.due.delete(tracked);
    this.startTimers(tracked);
    this.emit(tracked);
  }

  /**
   * Both waits count from the transmission, each on its own timer (so that
   * an acceptance arriving in between changes which one applies, not when
   * it ends); with equal waits one timer ends both.
   */
  private startTimers(tracked: Tracked): void {
    this.stopTimers(tracked);
    tracked.waited = { acceptance: false, final: false };
    const { retransmitAfterMs } = this.options;
    const timers = new Subscription();
    const same = this.finalAfterMs === retransmitAfterMs;
    timers.add(this.scheduler.schedule(() => this.waitedOut(tracked, same ? ['acceptance', 'final'] : ['acceptance']), retransmitAfterMs));
    if (!same) timers.add(this.scheduler.schedule(() => this.waitedOut(tracked, ['final']), this.finalAfterMs));
    tracked.timers = timers;
  }

  private stopTimers(tracked: Tracked): void {
    tracked.timers?.unsubscribe();
    tracked.timers = null;
  }

  /** The wait that applies now (the final report's once accepted) has run out, and the command is not settled. */
  private isDue(tracked: Tracked): boolean {
    if (isFinalState(tracked.state) || (tracked.atS !== null && tracked.accepted)) return false;
    return tracked.accepted ? tracked.waited.final : tracked.waited.acceptance;
  }

  private waitedOut(tracked: Tracked, waits: readonly ('acceptance' | 'final')[]): void {
    for (const wait of waits) tracked.waited[wait] = true;
    if (!this.isDue(tracked)) return;
    if (tracked.transmissions > this.options.retransmitMax) {
      tracked.state = 'timed-out';
      this.changed(tracked);
      return;
    }
    this.due.add(tracked);
    this.retransmitDue();
  }

  private cancel(tracked: Tracked, detail: string): void {
    const code = VERIFICATION_CODES['not-armed'];
    this.options.store.addStage(tracked.id, {
      stage: 'failure',
      code,
      reason: 'not-armed',
      detail,
      timeS: this.options.missionTimeS(),
      receivedAtMs: this.options.nowMs(),
    });
    tracked.state = 'cancelled';
    this.changed(tracked);
  }

  /** After a state change: archive, tell the listeners, and on an arm's end release or cancel its command. */
  private changed(tracked: Tracked): void {
    if (isFinalState(tracked.state)) {
      this.stopTimers(tracked);
      this.due.delete(tracked);
      this.forgetOldFinals();
    }
    this.emit(tracked);
    const fire = tracked.fire;
    if (fire && isFinalState(tracked.state) && fire.state === 'queued') {
      tracked.fire = null;
      if (tracked.state === 'completed') this.release(fire);
      else this.cancel(fire, `the arm (command ${tracked.id}) ended ${tracked.state}; the hazardous command was not sent`);
    }
  }

  private emit(tracked: Tracked): void {
    this.options.store.update(tracked.id, {
      state: tracked.state,
      final: isFinalState(tracked.state),
      sentAtMs: tracked.sentAtMs,
      transmissions: tracked.transmissions,
    });
    this.changes.next(this.options.store.get(tracked.id)!);
  }

  private forgetOldFinals(): void {
    if (this.byKey.size <= FINAL_TRACKED_MAX) return;
    for (const [key, { tracked }] of this.byKey) {
      if (this.byKey.size <= FINAL_TRACKED_MAX) break;
      if (isFinalState(tracked.state)) this.byKey.delete(key);
    }
  }
}

const WRAPPER_PREFIX = 'schedule_insert ';

/** One key per report a command can get, so that a duplicate report adds nothing (the same after a restart). */
function seenKeyOf(stage: CommandStageRecord): string {
  if (stage.detail?.startsWith(WRAPPER_PREFIX)) return `wrapper:${stage.detail.slice(WRAPPER_PREFIX.length).split(':')[0]}`;
  return `command:${stage.stage}`;
}
