/**
 * The ground server: the space link (UDP), the archive (SQLite), the
 * commander, the users and the operator API (HTTP + WebSocket), wired
 * together. Every telemetry datagram is authenticated, decoded and checked,
 * archived, folded into the latest values, jobs and command verification,
 * and streamed live: rxjs pipelines from the link's datagrams (flow()).
 * Every API request and stream client names its user.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { filter, map, merge, mergeMap, share, Subject, Subscription, tap, type Observable, type SchedulerLike } from 'rxjs';
import {
  DEFAULT_SPACECRAFT_ID,
  SEQUENCE_COUNT_MODULO,
  TM_FRAME_BYTES,
  TcFramer,
  decodeTelemetry,
  missionDictionary,
  readOrCreateKeyFile,
  type DecodedTelemetry,
  type Dictionary,
  type KeyFile,
  type Outcome,
} from '../../protocol/index.js';
import { LINK_QUIET_AFTER_S, type EventRecord, type StatusResponse, type StreamMessage } from '../api/contract.js';
import { ROUTES } from '../api/routes.js';
import { Archive } from '../archive/archive.js';
import { EVENTS_REMEMBERED, TelemetryIntake } from '../link/telemetry-intake.js';
import { keyFileNews } from '../cli/key-option.js';
import { UdpLink, type Endpoint } from '../link/udp-link.js';
import { Authenticator } from '../auth/authenticator.js';
import { allowedHosts } from '../auth/request-guard.js';
import { Commander } from './commander.js';
import { GROUND_EVENTS, type GroundEventName } from './ground-events.js';
import { apiHandler, crossSiteRefusal } from './http-api.js';
import { filePacket } from './file-packet.js';
import { LatestTelemetry, eventMessage } from './latest-telemetry.js';
import { GroundNumbering, SequenceAllocator } from './sequence.js';
import { DEFAULT_STREAM_OPTIONS, StreamHub, type StreamHubOptions } from './stream-hub.js';

/** Archived packets the intake learns again at start: a full sequence-count cycle of each of up to 8 APIDs. */
export const INTAKE_RESTORED_PACKETS = 8 * SEQUENCE_COUNT_MODULO;

export interface HttpLimits {
  /** Time for a client to send the request's headers. */
  readonly headersTimeoutMs: number;
  /** Time for a client to send the whole request, body included. */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 };

export interface GroundServerOptions {
  /** Address the API and the telemetry port bind to. */
  readonly host: string;
  readonly tmPort: number;
  readonly tcTo: Endpoint;
  readonly apiPort: number;
  readonly archivePath: string;
  readonly keyFile: string;
  /** Who may use the API (ground/auth/users-file.ts); created with the flight director `local` when missing. */
  readonly usersFile: string;
  /** May create the folder of the key and users files (when they are in their default place). */
  readonly makeFolders?: boolean;
  /** Host names (or host:port) the API answers to besides its listen address and localhost. */
  readonly allowedHosts?: readonly string[];
  readonly http?: HttpLimits;
  readonly retransmitAfterS: number;
  readonly retransmitMax: number;
  /** Delete what was received this many days before the archive's newest row; Infinity keeps everything. */
  readonly retentionDays: number;
  readonly stream?: StreamHubOptions;
  readonly dictionary?: Dictionary;
  /** Lines for the operator (stderr in `ground serve`); never a secret. */
  readonly log?: (line: string) => void;
  readonly nowMs?: () => number;
  /** Where the commander times its retransmissions (default asyncScheduler). */
  readonly scheduler?: SchedulerLike;
  /** The CCSDS spacecraft id on the link (default DEFAULT_SPACECRAFT_ID). */
  readonly spacecraftId?: number;
}

export class GroundServer {
  private readonly dictionary: Dictionary;
  private readonly nowMs: () => number;
  private readonly intake: TelemetryIntake;
  private readonly latest: LatestTelemetry;
  private readonly hub: StreamHub;
  private readonly commander: Commander;
  private readonly http: Server;
  /** The ground's own events (users, failed logins), as archived. */
  private readonly groundEvents = new Subject<EventRecord>();
  private readonly flows: Subscription;
  private keyFile: Outcome<KeyFile> | null = null;
  private lastTelemetry: { timeS: number; atMs: number } | null = null;
  /** The last verification report that answered one of the ground's commands. */
  private lastAnswer: { commandId: number; atMs: number } | null = null;
  readonly startedAtMs: number;

  private hosts: ReadonlySet<string> = new Set();

  private constructor(
    private readonly options: GroundServerOptions,
    readonly archive: Archive,
    private readonly link: UdpLink,
    readonly auth: Authenticator,
  ) {
    this.dictionary = options.dictionary ?? missionDictionary();
    this.nowMs = options.nowMs ?? Date.now;
    this.startedAtMs = this.nowMs();
    const spacecraftId = options.spacecraftId ?? DEFAULT_SPACECRAFT_ID;
    this.intake = new TelemetryIntake(
      this.dictionary,
      () => {
        const keys = this.keys();
        return keys.ok ? { ok: true, value: keys.value.downlink.keys } : keys;
      },
      { spacecraftId, frameBytes: TM_FRAME_BYTES },
    );
    const framer = new TcFramer({ spacecraftId });
    this.latest = new LatestTelemetry(this.nowMs);
    this.hub = new StreamHub(options.stream ?? DEFAULT_STREAM_OPTIONS);
    this.commander = new Commander({
      dictionary: this.dictionary,
      store: archive.commands,
      numbering: new GroundNumbering(new SequenceAllocator(archive.commands, this.nowMs)),
      send: (packet) => framer.frames([packet]).every((frame) => link.send(frame)),
      keys: () => this.keys(),
      retransmitAfterMs: options.retransmitAfterS * 1000,
      retransmitMax: options.retransmitMax,
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
      nowMs: this.nowMs,
      missionTimeS: () => this.lastTelemetry?.timeS ?? 0,
    });
    const limits = options.http ?? DEFAULT_HTTP_LIMITS;
    this.http = createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
      },
      apiHandler(
        {
          status: () => this.status(),
          submit: (body, user) => this.commander.submit(body, user),
          archive,
          latest: this.latest,
          auth: this.auth,
          dictionary: this.dictionary,
        },
        { allowedHosts: () => this.hosts },
      ),
    );
    this.http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head));
    this.restoreLatest();
    this.flows = this.flow();
  }

  /** Opens the archive, binds the link and the API; a failure says which and why. */
  static async start(options: GroundServerOptions): Promise<Outcome<GroundServer>> {
    const dictionary = options.dictionary ?? missionDictionary();
    let archive: Archive;
    try {
      archive = Archive.open(options.archivePath, { dictionary, retentionDays: options.retentionDays, ...(options.log ? { log: options.log } : {}) });
    } catch (error) {
      return { ok: false, error: `cannot open the archive ${options.archivePath}: ${(error as Error).message}` };
    }
    // The users' events go to the server's archive and stream once it exists (none come before).
    let server: GroundServer | undefined;
    const auth = Authenticator.open({
      makeFolder: options.makeFolders === true,
      usersFile: options.usersFile,
      nowMs: options.nowMs ?? Date.now,
      log: options.log ?? (() => {}),
      event: (name, args) => server?.groundEvent(name, args),
    });
    if (!auth.ok) {
      archive.close();
      return auth;
    }
    const link = await UdpLink.open(options.host, options.tmPort, options.tcTo, options.nowMs);
    if (!link.ok) {
      archive.close();
      return link;
    }
    server = new GroundServer(options, archive, link.value, auth.value);
    server.keys();
    const listening = await new Promise<Outcome<null>>((resolve) => {
      server.http.once('error', (error) => resolve({ ok: false, error: `cannot listen on http ${options.host}:${options.apiPort}: ${error.message}` }));
      server.http.listen(options.apiPort, options.host, () => resolve({ ok: true, value: null }));
    });
    if (!listening.ok) {
      await server.close();
      return listening;
    }
    server.hosts = allowedHosts(options.host, server.apiPort, options.allowedHosts ?? []);
    server.commander.restore();
    return { ok: true, value: server };
  }

  get apiPort(): number {
    const address = this.http.address();
    return typeof address === 'object' && address !== null ? address.port : this.options.apiPort;
  }

  get tmPort(): number {
    return this.link.downlinkPort;
  }

  status(): StatusResponse {
    const counters = this.intake.counters;
    const now = this.nowMs();
    return {
      link: {
        uplinkTo: `${this.options.tcTo.host}:${this.options.tcTo.port}`,
        downlinkPort: this.link.downlinkPort,
        inContact: this.lastTelemetry !== null && now - this.lastTelemetry.atMs <= LINK_QUIET_AFTER_S * 1000,
        lastTelemetryTimeS: this.lastTelemetry?.timeS ?? null,
        lastTelemetryAtMs: this.lastTelemetry?.atMs ?? null,
        packetsReceived: counters.received,
        packetsRejected: { ...counters.rejected },
        packetsMissing: counters.missing,
        packetsDuplicated: counters.duplicated,
        eventsRepeated: counters.eventsRepeated,
        datagramsSent: this.link.datagramsSent,
        frames: { ...counters.frames, rejected: { ...counters.frames.rejected }, lostByVc: { ...counters.frames.lostByVc } },
      },
      commanding: this.commanding(),
      pending: this.archive.commands.after(0, 10_000, true),
      archive: { path: this.archive.path, ...this.archive.telemetry.counts(), commandRows: this.archive.commands.count() },
      stream: { ...this.hub.counters },
      auth: this.auth.counters,
      serverStartedAtMs: this.startedAtMs,
    };
  }

  /** Stops the API, the stream, the link and the retransmissions; writes what is queued to the archive. */
  async close(): Promise<void> {
    this.commander.close();
    this.hub.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    await this.link.close();
    this.groundEvents.complete();
    this.flows.unsubscribe();
    this.archive.close();
  }

  /** The link keys, read (or created, mode 0600) on first use; a failure is said once and retried at the next use. */
  private keys(): Outcome<KeyFile> {
    if (this.keyFile?.ok) return this.keyFile;
    const loaded = readOrCreateKeyFile(this.options.keyFile, this.options.makeFolders === true, this.options.spacecraftId ?? DEFAULT_SPACECRAFT_ID);
    const news = loaded.ok ? keyFileNews(loaded.value) : null;
    if (news) this.options.log?.(news);
    if (!loaded.ok && this.keyFile?.error !== loaded.error)
      this.options.log?.(`${loaded.error}: commands are refused and telemetry rejected until it can be read`);
    this.keyFile = loaded;
    return loaded;
  }

  /** Can the ground command? Its key file, and the last answer from the spacecraft. */
  private commanding(): StatusResponse['commanding'] {
    const keys = this.keys();
    return {
      ready: keys.ok,
      keyFile: this.options.keyFile,
      ...(keys.ok ? {} : { problem: `${keys.error}: the ground cannot sign commands` }),
      lastAnsweredCommandId: this.lastAnswer?.commandId ?? null,
      lastAnsweredAtMs: this.lastAnswer?.atMs ?? null,
    };
  }

  /** An event the ground raised: archived, streamed, at the best known mission time. */
  private groundEvent(name: GroundEventName, args: Readonly<Record<string, string | number>>): void {
    const def = GROUND_EVENTS[name];
    const event = this.archive.telemetry.addGroundEvent({
      name,
      severity: def.severity,
      message: eventMessage({ message: def.message, args: {} }, args),
      args,
      timeS: this.lastTelemetry?.timeS ?? 0,
      receivedAtMs: this.nowMs(),
    });
    this.groundEvents.next(event);
  }

  /** The live stream: the same Host, Origin and user checks as every request, then the WebSocket handshake. */
  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: number, text: string, error: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n${JSON.stringify({ error })}\n`);
    };
    const crossSite = crossSiteRefusal(request, { allowedHosts: () => this.hosts });
    if (crossSite) return refuse(crossSite.status, crossSite.status === 421 ? 'Misdirected Request' : 'Forbidden', crossSite.error.error);
    const stream = ROUTES.stream.path;
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== stream) return refuse(404, 'Not Found', `the only WebSocket is ${stream}`);
    const who = this.auth.authenticate({ authorization: request.headers.authorization, cookie: request.headers.cookie });
    if (!who.ok) {
      if (who.reason !== 'missing') this.auth.failedFrom(request.socket.remoteAddress ?? 'unknown', who.reason);
      return refuse(401, 'Unauthorized', who.error);
    }
    this.hub.connect(request, socket, head, (): StreamMessage => ({ type: 'status', status: this.status() }));
  }

  /**
   * The data flow. Datagrams (TM frames) -> the intake (frames checked and
   * authenticated, packets reassembled, then decoded and checked;
   * rejects, duplicates and repeated events counted and left out) -> the
   * best known mission time -> the archive, then from each filed packet:
   * events -> the live stream; telemetry -> the latest values -> the live
   * stream, and verification reports -> the commander. The commander's
   * changes and the ground's own events -> the live stream. Subscribers run
   * in the order they subscribed, so for one datagram the stream shows the
   * report before the command change it causes.
   */
  private flow(): Subscription {
    const filed = this.link.datagrams.pipe(
      mergeMap((datagram) => this.intake.takeFrame(datagram.bytes).map(({ raw, result: taken }) => ({ datagram, raw, taken }))),
      filter((intake): intake is typeof intake & { taken: { kind: 'packet'; packet: DecodedTelemetry } } => intake.taken.kind === 'packet'),
      tap(({ datagram, taken }) => this.noteTelemetryTime(taken.packet.timeS, datagram.receivedAtMs)),
      map(({ datagram, raw, taken }) => ({ decoded: taken.packet, ...filePacket(this.archive, taken.packet, raw, datagram.receivedAtMs) })),
      share(),
    );
    const events: Observable<StreamMessage> = filed.pipe(
      map(({ filed }) => filed),
      filter((filed) => filed.kind === 'event'),
      map((filed) => ({ type: 'event', event: filed.event })),
    );
    const telemetry = filed.pipe(
      filter(({ filed }) => filed.kind === 'telemetry'),
      map(({ decoded, packet, filed }) => ({ decoded, shown: this.latest.update((filed as { id: number }).id, decoded, packet.receivedAtMs) })),
      share(),
    );
    const flows = new Subscription();
    flows.add(
      this.hub.follow(
        merge(
          events,
          telemetry.pipe(map(({ shown }): StreamMessage => ({ type: 'telemetry', packet: shown }))),
          this.commander.updates.pipe(map((command): StreamMessage => ({ type: 'command', command }))),
          this.groundEvents.pipe(map((event): StreamMessage => ({ type: 'event', event }))),
        ),
      ),
    );
    flows.add(
      telemetry.pipe(filter(({ decoded }) => decoded.entry.def.name === 'verification')).subscribe(({ decoded, shown }) => {
        const answered = this.commander.onVerification(decoded.data, decoded.timeS, shown.receivedAtMs);
        if (answered !== null) this.lastAnswer = { commandId: answered, atMs: shown.receivedAtMs };
      }),
    );
    return flows;
  }

  /** The best known mission time: the newest telemetry's, and when telemetry last arrived. */
  private noteTelemetryTime(timeS: number, atMs: number): void {
    if (this.lastTelemetry === null || timeS >= this.lastTelemetry.timeS) this.lastTelemetry = { timeS, atMs };
    else this.lastTelemetry.atMs = atMs;
  }

  /**
   * What an earlier run archived: the latest value of each packet, and the
   * packets and events the intake must know again as already received.
   * (The archive holds only packets that passed the MAC check.)
   */
  private restoreLatest(): void {
    for (const stored of this.archive.telemetry.latestRaw()) {
      const decoded = decodeTelemetry(stored.raw, { dictionary: this.dictionary });
      if (decoded.ok && decoded.value.entry.kind === 'telemetry') this.latest.update(stored.id, decoded.value, stored.receivedAtMs);
    }
    // Oldest first, as they arrived.
    for (const packet of this.archive.telemetry.recentPackets(INTAKE_RESTORED_PACKETS).reverse())
      this.intake.remember(packet.apid, packet.sequenceCount, packet.timeS);
    for (const raw of this.archive.telemetry.recentEventPackets(EVENTS_REMEMBERED).reverse()) this.intake.rememberEvent(raw);
  }
}
