/**
 * One spacecraft as the ground serves it: its archive, its telemetry intake
 * (its spacecraft id, its downlink keys), its latest values, its commander
 * (its uplink keys, its anti-replay numbering, its uplink endpoint) and what
 * the ground knows of its mission time and contact. The ground server holds
 * one per spacecraft of its fleet (one for a lone spacecraft) and hands each
 * the TM frames that name its spacecraft id.
 */
import { filter, ignoreElements, map, merge, mergeMap, share, Subject, tap, type Observable, type SchedulerLike } from 'rxjs';
import {
  SEQUENCE_COUNT_MODULO,
  TM_FRAME_BYTES,
  TcFramer,
  decodeTelemetry,
  type DecodedTelemetry,
  type Dictionary,
  type KeyFile,
  type Outcome,
} from '../../protocol/index.js';
import {
  LINK_QUIET_AFTER_S,
  type AlarmRecord,
  type AlarmSummary,
  type EventRecord,
  type FleetResponse,
  type StatusResponse,
  type StreamMessage,
  type UplinkStatus,
} from '../api/contract.js';
import type { Archive } from '../archive/archive.js';
import { SpacecraftWatch } from '../fleet/spacecraft-view.js';
import { EVENTS_REMEMBERED, TelemetryIntake } from '../link/telemetry-intake.js';
import type { Datagram, Endpoint } from '../link/udp-link.js';
import { AlarmBook } from './alarm-book.js';
import { Commander } from './commander.js';
import { filePacket } from './file-packet.js';
import { LatestTelemetry } from './latest-telemetry.js';
import { MissionClock } from './mission-clock.js';
import { GroundNumbering, SequenceAllocator } from './sequence.js';
import type { UplinkContact } from './uplink-contact.js';

/** Archived packets the intake learns again at start: a full sequence-count cycle of each of up to 8 APIDs. */
export const INTAKE_RESTORED_PACKETS = 8 * SEQUENCE_COUNT_MODULO;

/** Open alarms a spacecraft shows in the fleet overview and the fleet state. */
export const ALARMS_SHOWN = 5;

export interface SpacecraftGroundOptions {
  readonly name: string;
  readonly spacecraftId: number;
  readonly archive: Archive;
  readonly dictionary: Dictionary;
  /** Where its TC frames go. */
  readonly tcTo: Endpoint;
  /** This spacecraft's keys from the key file, or why there are none. */
  readonly keys: () => Outcome<KeyFile>;
  /** Puts one datagram on the uplink socket (always taken: UDP has no contact signal). */
  readonly sendDatagram: (bytes: Uint8Array, to: Endpoint) => void;
  readonly contact: UplinkContact;
  readonly retransmitAfterS: number;
  readonly retransmitMax: number;
  readonly nowMs: () => number;
  readonly scheduler?: SchedulerLike;
}

/** What the server adds to a spacecraft's status: what all spacecraft share. */
export type SharedStatus = Pick<StatusResponse, 'stream' | 'auth' | 'serverStartedAtMs'> & { readonly downlinkPort: number; readonly keyFile: string };

export class SpacecraftGround {
  readonly name: string;
  readonly spacecraftId: number;
  readonly archive: Archive;
  readonly latest: LatestTelemetry;
  readonly commander: Commander;
  /** What the fleet job service knows of it, folded from every packet filed. */
  readonly watch: SpacecraftWatch;
  private readonly intake: TelemetryIntake;
  private readonly clock = new MissionClock();
  private readonly frames = new Subject<Datagram>();
  private lastTelemetry: { timeS: number; atMs: number } | null = null;
  /** The last verification report that answered one of the ground's commands. */
  private lastAnswer: { commandId: number; atMs: number } | null = null;
  /** Its alarms (limits and events), for every operator. */
  readonly alarmBook: AlarmBook;
  /** Alarms an operator acknowledged or shelved, for the stream. */
  private readonly alarmUpdates = new Subject<AlarmRecord>();
  private datagramsSent = 0;
  /** Every telemetry packet, event and command change of this spacecraft, as the live stream shows them (tagged with its name). */
  readonly messages: Observable<StreamMessage>;

  constructor(private readonly options: SpacecraftGroundOptions) {
    this.name = options.name;
    this.spacecraftId = options.spacecraftId;
    this.archive = options.archive;
    this.watch = new SpacecraftWatch(options.name);
    this.intake = new TelemetryIntake(
      options.dictionary,
      () => {
        const keys = options.keys();
        return keys.ok ? { ok: true, value: keys.value.downlink.keys } : keys;
      },
      { spacecraftId: options.spacecraftId, frameBytes: TM_FRAME_BYTES },
    );
    const framer = new TcFramer({ spacecraftId: options.spacecraftId });
    this.latest = new LatestTelemetry(options.nowMs);
    this.alarmBook = new AlarmBook(options.nowMs, options.archive.alarms);
    this.commander = new Commander({
      dictionary: options.dictionary,
      store: options.archive.commands,
      numbering: new GroundNumbering(new SequenceAllocator(options.archive.commands, options.nowMs)),
      send: (packet) => {
        // Out of view (as predicted) the uplink does not take it: the command waits for the pass.
        if (this.view().inView === false) return false;
        for (const frame of framer.frames([packet])) {
          this.datagramsSent++;
          options.sendDatagram(frame, options.tcTo);
        }
        return true;
      },
      keys: () => options.keys(),
      retransmitAfterMs: options.retransmitAfterS * 1000,
      retransmitMax: options.retransmitMax,
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
      nowMs: options.nowMs,
      missionTimeS: () => this.lastTelemetry?.timeS ?? 0,
      holdUntilTaken: options.contact.kind === 'passes',
    });
    this.restore();
    this.messages = this.flow();
  }

  /** A TM frame that names this spacecraft's id. */
  takeFrame(datagram: Datagram): void {
    this.frames.next(datagram);
  }

  /** Commands out of view wait for the next pass (contact by predicted passes). */
  get holdsCommands(): boolean {
    return this.options.contact.kind === 'passes';
  }

  /** Sends what waited for the spacecraft to come into view (the server calls it every second). */
  uplinkWhenInView(): void {
    if (this.view().inView !== false) this.commander.retransmitDue();
  }

  /** The ground's estimate of this spacecraft's mission time now. */
  missionTimeS(): number | null {
    return this.clock.at(this.options.nowMs());
  }

  uplink(): UplinkStatus {
    const missionTimeS = this.missionTimeS();
    return { contact: this.options.contact.kind, missionTimeS, ...this.options.contact.at(missionTimeS), held: this.commander.held() };
  }

  status(shared: SharedStatus): StatusResponse {
    const counters = this.intake.counters;
    const keys = this.options.keys();
    return {
      spacecraft: { name: this.name, spacecraftId: this.spacecraftId },
      uplink: this.uplink(),
      link: {
        uplinkTo: `${this.options.tcTo.host}:${this.options.tcTo.port}`,
        downlinkPort: shared.downlinkPort,
        inContact: this.inContact(),
        lastTelemetryTimeS: this.lastTelemetry?.timeS ?? null,
        lastTelemetryAtMs: this.lastTelemetry?.atMs ?? null,
        packetsReceived: counters.received,
        packetsRejected: counters.rejected,
        packetsMissing: counters.missing,
        packetsDuplicated: counters.duplicated,
        eventsRepeated: counters.eventsRepeated,
        datagramsSent: this.datagramsSent,
        frames: counters.frames,
      },
      commanding: {
        ready: keys.ok,
        keyFile: shared.keyFile,
        ...(keys.ok ? {} : { problem: `${keys.error}: the ground cannot sign commands` }),
        lastAnsweredCommandId: this.lastAnswer?.commandId ?? null,
        lastAnsweredAtMs: this.lastAnswer?.atMs ?? null,
      },
      pending: this.archive.commands.after(0, 10_000, true),
      archive: { path: this.archive.path, ...this.archive.telemetry.counts(), commandRows: this.archive.commands.count() },
      ...(shared.stream ? { stream: shared.stream } : {}),
      ...(shared.auth ? { auth: shared.auth } : {}),
      serverStartedAtMs: shared.serverStartedAtMs,
    };
  }

  /** The gist of its status for the fleet's list. */
  summary(): FleetResponse['spacecraft'][number] {
    const view = this.watch.current();
    return {
      name: this.name,
      spacecraftId: this.spacecraftId,
      inContact: this.inContact(),
      lastTelemetryTimeS: this.lastTelemetry?.timeS ?? null,
      packetsReceived: this.intake.counters.received,
      pending: this.archive.commands.after(0, 10_000, true).length,
      uplink: this.uplink(),
      mode: view.mode,
      socPct: view.socPct,
      acceleratorC: view.acceleratorC,
      queueLength: view.queueLength,
      holdReason: view.holdReason,
      alarms: this.alarms(),
      openAlarms: this.alarmBook.counts().open,
    };
  }

  /** The best known mission time for the ground's own events about it. */
  get lastTelemetryTimeS(): number {
    return this.lastTelemetry?.timeS ?? 0;
  }

  /** Stops its retransmissions and its flow; the server closes the archive. */
  close(): void {
    this.commander.close();
    this.frames.complete();
    this.alarmUpdates.complete();
  }

  private inContact(): boolean {
    return this.lastTelemetry !== null && this.options.nowMs() - this.lastTelemetry.atMs <= LINK_QUIET_AFTER_S * 1000;
  }

  private view() {
    return this.options.contact.at(this.missionTimeS());
  }

  /** The station it is in view of now, as predicted (`relay` through a data relay; null: none, or not known). */
  station(): string | null {
    return this.view().station;
  }

  /** Whether it hears the ground now, as predicted (null: not known). */
  inView(): boolean | null {
    return this.view().inView;
  }

  /** Acknowledges an alarm (null: no such alarm); every stream client sees it. */
  acknowledgeAlarm(key: string, user: string): AlarmRecord | null {
    const alarm = this.alarmBook.acknowledge(key, user);
    if (alarm) this.alarmUpdates.next(alarm);
    return alarm;
  }

  /** Shelves an alarm for `minutes` (null: no such alarm); every stream client sees it. */
  shelveAlarm(key: string, user: string, minutes: number): AlarmRecord | null {
    const alarm = this.alarmBook.shelve(key, user, minutes);
    if (alarm) this.alarmUpdates.next({ ...alarm, shelved: true });
    return alarm;
  }

  /** Its newest open alarms (not acknowledged, not shelved; at most ALARMS_SHOWN): the fleet overview's and the fleet state's. */
  alarms(): readonly AlarmSummary[] {
    return this.alarmBook
      .list()
      .filter((alarm) => alarm.acknowledgedBy === null && !alarm.shelved)
      .slice(0, ALARMS_SHOWN)
      .map(({ name, severity, timeS, message }) => ({ name, severity, timeS, message }));
  }

  /**
   * Its data flow: frames -> the intake (checked, authenticated, packets
   * reassembled, decoded and checked; rejects, duplicates and repeated
   * events counted and left out) -> the best known mission time -> the
   * archive; then events -> the stream; telemetry -> the latest values ->
   * the stream, and verification reports -> the commander; the commander's
   * changes -> the stream. For one frame the stream shows the report before
   * the command change it causes.
   */
  private flow(): Observable<StreamMessage> {
    const filed = this.frames.pipe(
      mergeMap((datagram) => this.intake.takeFrame(datagram.bytes).map(({ raw, result: taken }) => ({ datagram, raw, taken }))),
      filter((intake): intake is typeof intake & { taken: { kind: 'packet'; packet: DecodedTelemetry } } => intake.taken.kind === 'packet'),
      tap(({ datagram, taken }) => {
        this.noteTelemetryTime(taken.packet.timeS, datagram.receivedAtMs);
        this.watch.take(taken.packet);
      }),
      map(({ datagram, raw, taken }) => ({ decoded: taken.packet, ...filePacket(this.archive, taken.packet, raw, datagram.receivedAtMs) })),
      share(),
    );
    const events: Observable<StreamMessage> = filed.pipe(
      map(({ filed }) => filed),
      filter((filed): filed is { kind: 'event'; event: EventRecord } => filed.kind === 'event'),
      map((filed) => ({ type: 'event', event: filed.event, sc: this.name })),
    );
    const telemetry = filed.pipe(
      filter(({ filed }) => filed.kind === 'telemetry'),
      map(({ decoded, packet, filed }) => ({ decoded, shown: this.latest.update((filed as { id: number }).id, decoded, packet.receivedAtMs) })),
      share(),
    );
    // Merged last, so the report reaches the stream before the commander's change it causes (subscribers run in order).
    const verification = telemetry.pipe(
      filter(({ decoded }) => decoded.entry.def.name === 'verification'),
      tap(({ decoded, shown }) => {
        const answered = this.commander.onVerification(decoded.data, decoded.timeS, shown.receivedAtMs);
        if (answered !== null) this.lastAnswer = { commandId: answered, atMs: shown.receivedAtMs };
      }),
    );
    // Alarms after what raised them: a field out of limits, an event of warning and above.
    const alarms = merge(
      telemetry.pipe(mergeMap(({ shown }) => this.alarmBook.fromTelemetry(shown))),
      events.pipe(mergeMap((message) => (message.type === 'event' ? [this.alarmBook.fromEvent(message.event)].filter((alarm) => alarm !== null) : []))),
      this.alarmUpdates,
    ).pipe(map((alarm): StreamMessage => ({ type: 'alarm', alarm, sc: this.name })));
    return merge(
      events,
      telemetry.pipe(map(({ shown }): StreamMessage => ({ type: 'telemetry', packet: shown, sc: this.name }))),
      alarms,
      this.commander.updates.pipe(map((command): StreamMessage => ({ type: 'command', command, sc: this.name }))),
      verification.pipe(ignoreElements()),
    ).pipe(share());
  }

  /** The best known mission time: the newest telemetry's, and when telemetry last arrived. */
  private noteTelemetryTime(timeS: number, atMs: number): void {
    this.clock.note(timeS, atMs);
    if (this.lastTelemetry === null || timeS >= this.lastTelemetry.timeS) this.lastTelemetry = { timeS, atMs };
    else this.lastTelemetry.atMs = atMs;
  }

  /**
   * What an earlier run archived: the latest value of each packet, and the
   * packets and events the intake must know again as already received.
   * (The archive holds only packets that passed the MAC check.)
   */
  private restore(): void {
    for (const stored of this.archive.telemetry.latestRaw()) {
      const decoded = decodeTelemetry(stored.raw, { dictionary: this.options.dictionary });
      if (decoded.ok && decoded.value.entry.kind === 'telemetry') {
        this.latest.update(stored.id, decoded.value, stored.receivedAtMs);
        this.watch.take(decoded.value);
      }
    }
    // Oldest first, as they arrived.
    for (const packet of this.archive.telemetry.recentPackets(INTAKE_RESTORED_PACKETS).reverse())
      this.intake.remember(packet.apid, packet.sequenceCount, packet.timeS);
    for (const raw of this.archive.telemetry.recentEventPackets(EVENTS_REMEMBERED).reverse()) this.intake.rememberEvent(raw);
  }
}
