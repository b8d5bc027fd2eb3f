/**
 * The ground server: the space link (UDP), the archives (SQLite, one per
 * spacecraft), the commanders, the users and the operator API (HTTP +
 * WebSocket), wired together. It serves one spacecraft or a fleet: every
 * TM frame goes to the spacecraft its header names (spacecraft-ground.ts:
 * that spacecraft's intake, archive, latest values, commander), frames
 * naming none of them are counted and dropped; each spacecraft's stream of
 * telemetry, events and command changes is merged with the ground's own
 * events into the live stream, which each client may filter to one
 * spacecraft (?sc=NAME). Every API request and stream client names its user.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import { interval, map, merge, Subject, Subscription, type SchedulerLike } from 'rxjs';
import { DEFAULT_FLEET } from '../../astro/fleet.js';
import {
  DEFAULT_SPACECRAFT_ID,
  addFleetKeys,
  missionDictionary,
  readOrCreateKeyFile,
  tmFrameSpacecraftId,
  type Dictionary,
  type KeyFile,
  type Outcome,
} from '../../protocol/index.js';
import type { EventRecord, FleetResponse, StatusResponse, StreamMessage } from '../api/contract.js';
import { ROUTES } from '../api/routes.js';
import { Archive } from '../archive/archive.js';
import { keyFileNews } from '../cli/key-option.js';
import { UdpLink, type Endpoint } from '../link/udp-link.js';
import { Authenticator } from '../auth/authenticator.js';
import { allowedHosts } from '../auth/request-guard.js';
import { GROUND_EVENTS, type GroundEventName } from './ground-events.js';
import { apiHandler, crossSiteRefusal } from './http-api.js';
import { eventMessage } from './latest-telemetry.js';
import { QueryError } from './query.js';
import { apiFailure } from './api-result.js';
import { DEFAULT_BROKER_PARAMS, type BrokerParams } from '../fleet/broker-params.js';
import { PASSES_HOURS_DEFAULT, PASSES_HOURS_MAX, passesOf, unknownOrbitPlan, type ContactPlan } from '../fleet/contact-plan.js';
import { FleetJobFile } from '../fleet/fleet-job-file.js';
import { FleetDispatcher } from './fleet-dispatcher.js';
import type { Bus, BusConsumer, BusResponder, KvBucket } from '../bus/bus.js';
import { localRows, remoteSource, serveArchiveQueries, type ArchiveRowSource } from './archive-fanout.js';
import { FRAMES_STREAM, ensureStationStreams } from '../station/ground-station.js';
import { SpacecraftGround } from './spacecraft-ground.js';
import { DEFAULT_STREAM_OPTIONS, StreamHub, type StreamHubOptions } from './stream-hub.js';
import { UNKNOWN_CONTACT, type UplinkContact } from './uplink-contact.js';

export { INTAKE_RESTORED_PACKETS } from './spacecraft-ground.js';

/** How often the ground looks whether a spacecraft with held commands has come into view, and steps the fleet job service. */
export const UPLINK_CHECK_INTERVAL_MS = 1000;

/** A spacecraft's unchanged state is written to the KV bucket `fleet-state` again after this long. */
export const FLEET_STATE_REFRESH_MS = 30_000;

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
  /**
   * The fleet served, in fleet order; when given, tcTo, archivePath and
   * spacecraftId are not used (each member has its own).
   */
  readonly fleet?: readonly FleetLink[];
  /** The fleet job service's file (default: fleetJobsPathFor the archive). */
  readonly fleetJobsPath?: string;
  /** The fleet job broker's settings (default DEFAULT_BROKER_PARAMS). */
  readonly broker?: BrokerParams;
  /**
   * The bus (NATS JetStream): TM frames are taken from the stream FRAMES
   * (what the stations publish) for each spacecraft served, through a
   * durable consumer of its own, each acknowledged once its rows are on
   * disk; commands go to `tc.SCID` for the station with the pass; each
   * spacecraft's latest state goes to the KV bucket `fleet-state`.
   */
  readonly bus?: {
    readonly bus: Bus;
    readonly shard: string;
    /** The fleet's members other shards serve: archive queries about them go over the bus (archive-fanout.ts). */
    readonly peers?: readonly ShardPeer[];
  };
}

/** A spacecraft another shard serves. */
export interface ShardPeer {
  readonly name: string;
  readonly spacecraftId: number;
  /** "K/N". */
  readonly shard: string;
}

/** Where the fleet job service keeps its jobs: beside a lone archive (NAME.fleet-jobs.sqlite), or in a fleet's archive folder (fleet-jobs.sqlite). */
export function fleetJobsPathFor(options: Pick<GroundServerOptions, 'archivePath' | 'fleet'>): string {
  const first = options.fleet?.[0];
  if (first) return join(dirname(first.archivePath), 'fleet-jobs.sqlite');
  return `${options.archivePath.replace(/\.sqlite$/, '')}.fleet-jobs.sqlite`;
}

/** One spacecraft of a fleet ground: its name and id, where its commands go, its archive, how the ground knows its contact. */
export interface FleetLink {
  readonly name: string;
  readonly spacecraftId: number;
  readonly tcTo: Endpoint;
  readonly archivePath: string;
  readonly contact: UplinkContact;
  /** Its contacts and eclipses predicted from its orbit, for the fleet job broker (default: always in contact, no eclipse known). */
  readonly plan?: ContactPlan;
}

export class GroundServer {
  private readonly dictionary: Dictionary;
  private readonly nowMs: () => number;
  private readonly hub: StreamHub;
  private readonly http: Server;
  /** The spacecraft served, in fleet order; by name and by spacecraft id. */
  readonly spacecraft: readonly SpacecraftGround[];
  private readonly byName: ReadonlyMap<string, SpacecraftGround>;
  private readonly byId: ReadonlyMap<number, SpacecraftGround>;
  /** The ground's own events (users, failed logins), as archived. */
  private readonly groundEvents = new Subject<EventRecord>();
  private readonly flows: Subscription;
  /** Once a second: held commands sent in view, the fleet job service stepped. */
  private readonly ticks = new Subscription();
  /** The fleet job service (POST /api/fleet/jobs ...). */
  readonly fleetJobs: FleetDispatcher;
  private readonly keyFiles = new Map<number, Outcome<KeyFile>>();
  /** Each spacecraft's contacts and eclipses predicted from its orbit (by name). */
  private readonly plans: ReadonlyMap<string, ContactPlan>;
  /** Commands the bus did not take. */
  private busSendErrors = 0;
  private readonly busConsumers: BusConsumer[] = [];
  private readonly busResponders: BusResponder[] = [];
  private fleetState: KvBucket | null = null;
  /** What went to `fleet-state` last, by name, and when. */
  private readonly fleetStateWritten = new Map<string, { readonly json: string; readonly atMs: number }>();
  /** TM frames whose spacecraft id names no spacecraft of the fleet (or that are too short to name one): dropped. */
  private framesForNoSpacecraft = 0;
  readonly startedAtMs: number;

  private hosts: ReadonlySet<string> = new Set();

  private constructor(
    private readonly options: GroundServerOptions,
    links: readonly FleetLink[],
    archives: readonly Archive[],
    private readonly link: UdpLink,
    readonly auth: Authenticator,
    private readonly fleetJobFile: FleetJobFile,
  ) {
    this.dictionary = options.dictionary ?? missionDictionary();
    this.nowMs = options.nowMs ?? Date.now;
    this.startedAtMs = this.nowMs();
    this.spacecraft = links.map(
      (member, i) =>
        new SpacecraftGround({
          name: member.name,
          spacecraftId: member.spacecraftId,
          archive: archives[i]!,
          dictionary: this.dictionary,
          tcTo: member.tcTo,
          keys: () => this.keys(member.spacecraftId),
          sendDatagram: options.bus
            ? (bytes) => {
                options.bus!.bus.publish(`tc.${member.spacecraftId}`, bytes).catch(() => this.busSendErrors++);
              }
            : (bytes, to) => link.sendTo(bytes, to),
          contact: member.contact,
          retransmitAfterS: options.retransmitAfterS,
          retransmitMax: options.retransmitMax,
          nowMs: this.nowMs,
          ...(options.scheduler ? { scheduler: options.scheduler } : {}),
        }),
    );
    this.byName = new Map(this.spacecraft.map((cell) => [cell.name, cell]));
    this.byId = new Map(this.spacecraft.map((cell) => [cell.spacecraftId, cell]));
    this.plans = new Map(links.map((member) => [member.name, member.plan ?? unknownOrbitPlan()]));
    this.fleetJobs = new FleetDispatcher({
      spacecraft: this.spacecraft,
      plans: this.plans,
      params: options.broker ?? DEFAULT_BROKER_PARAMS,
      file: fleetJobFile,
      ...(options.log ? { log: options.log } : {}),
    });
    this.hub = new StreamHub(options.stream ?? DEFAULT_STREAM_OPTIONS);
    const limits = options.http ?? DEFAULT_HTTP_LIMITS;
    this.http = createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
      },
      apiHandler(
        {
          status: (query) => this.status(this.chosen(query.string('sc'))),
          fleet: () => this.fleet(),
          spacecraft: (query) => this.chosen(query.string('sc')),
          archiveSources: (query) => this.archiveSources(query.string('sc')),
          passes: (query) => {
            const cell = this.chosen(query.string('sc'));
            return passesOf(
              this.plans.get(cell.name)!,
              query.timeS('fromS', cell.missionTimeS() ?? 0),
              query.integer('hours', PASSES_HOURS_DEFAULT, 1, PASSES_HOURS_MAX),
            );
          },
          fleetJobs: this.fleetJobs,
          auth: this.auth,
          dictionary: this.dictionary,
        },
        { allowedHosts: () => this.hosts },
      ),
    );
    this.http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head));
    this.flows = this.flow();
  }

  /** Opens the archives, binds the link and the API; a failure says which and why. */
  static async start(options: GroundServerOptions): Promise<Outcome<GroundServer>> {
    const dictionary = options.dictionary ?? missionDictionary();
    const links: readonly FleetLink[] = options.fleet ?? [
      {
        name: DEFAULT_FLEET[0]!.name,
        spacecraftId: options.spacecraftId ?? DEFAULT_SPACECRAFT_ID,
        tcTo: options.tcTo,
        archivePath: options.archivePath,
        contact: UNKNOWN_CONTACT,
      },
    ];
    const archives: Archive[] = [];
    const closeArchives = () => archives.forEach((archive) => archive.close());
    for (const member of links) {
      try {
        archives.push(Archive.open(member.archivePath, { dictionary, retentionDays: options.retentionDays, ...(options.log ? { log: options.log } : {}) }));
      } catch (error) {
        closeArchives();
        return { ok: false, error: `cannot open the archive ${member.archivePath}${options.fleet ? ` of ${member.name}` : ''}: ${(error as Error).message}` };
      }
    }
    const fleetJobsPath = options.fleetJobsPath ?? fleetJobsPathFor(options);
    let fleetJobFile: FleetJobFile;
    try {
      fleetJobFile = FleetJobFile.open(fleetJobsPath);
    } catch (error) {
      closeArchives();
      return { ok: false, error: `cannot open the fleet job file ${fleetJobsPath}: ${(error as Error).message}` };
    }
    const closeFiles = () => {
      closeArchives();
      fleetJobFile.close();
    };
    if (options.fleet) GroundServer.fleetKeys(options, links);
    // The users' events go to the server's archives and stream once it exists (none come before).
    let server: GroundServer | undefined;
    const auth = Authenticator.open({
      makeFolder: options.makeFolders === true,
      usersFile: options.usersFile,
      nowMs: options.nowMs ?? Date.now,
      log: options.log ?? (() => {}),
      event: (name, args) => server?.groundEvent(name, args),
    });
    if (!auth.ok) {
      closeFiles();
      return auth;
    }
    const link = await UdpLink.open(options.host, options.tmPort, links[0]!.tcTo, options.nowMs);
    if (!link.ok) {
      closeFiles();
      return link;
    }
    server = new GroundServer(options, links, archives, link.value, auth.value, fleetJobFile);
    for (const cell of server.spacecraft) server.keys(cell.spacecraftId);
    const listening = await new Promise<Outcome<null>>((resolve) => {
      server.http.once('error', (error) => resolve({ ok: false, error: `cannot listen on http ${options.host}:${options.apiPort}: ${error.message}` }));
      server.http.listen(options.apiPort, options.host, () => resolve({ ok: true, value: null }));
    });
    if (!listening.ok) {
      await server.close();
      return listening;
    }
    server.hosts = allowedHosts(options.host, server.apiPort, options.allowedHosts ?? []);
    for (const cell of server.spacecraft) cell.commander.restore();
    if (options.bus) {
      try {
        await server.followBus(options.bus.bus);
      } catch (error) {
        await server.close();
        return { ok: false, error: `cannot take frames from the bus ${options.bus.bus.describe}: ${(error as Error).message}` };
      }
    }
    return { ok: true, value: server };
  }

  /** A fleet's keys: every member's spacecraft id in the one key file, those missing created (said in the log). */
  private static fleetKeys(options: GroundServerOptions, links: readonly FleetLink[]): void {
    const ids = links.map((member) => member.spacecraftId);
    const made = addFleetKeys(options.keyFile, options.makeFolders === true, ids);
    if (!made.ok) return options.log?.(`${made.error}: commands are refused and telemetry rejected until it can be read`);
    if (made.value.added.length === 0) return;
    const named = made.value.added.map((id) => links.find((member) => member.spacecraftId === id)!.name).join(', ');
    options.log?.(
      `key file ${options.keyFile}: ${made.value.created ? 'created with' : 'added'} keys for ${named} (mode 0600); each flight process reads its own`,
    );
  }

  /** The archive of the first (for a lone spacecraft, the only) spacecraft. */
  get archive(): Archive {
    return this.spacecraft[0]!.archive;
  }

  get apiPort(): number {
    const address = this.http.address();
    return typeof address === 'object' && address !== null ? address.port : this.options.apiPort;
  }

  get tmPort(): number {
    return this.link.downlinkPort;
  }

  /** The status of one spacecraft (default: the only one). */
  status(cell: SpacecraftGround = this.chosen(undefined)): StatusResponse {
    return cell.status({
      downlinkPort: this.link.downlinkPort,
      keyFile: this.options.keyFile,
      stream: { ...this.hub.counters },
      auth: this.auth.counters,
      serverStartedAtMs: this.startedAtMs,
    });
  }

  fleet(): FleetResponse {
    return { spacecraft: this.spacecraft.map((cell) => cell.summary()), framesForNoSpacecraft: this.framesForNoSpacecraft };
  }

  /**
   * Frames from the bus: for each spacecraft a durable consumer of its own
   * (`proc-SCID`, frames of any station), so that the spacecraft of a shard
   * go on where they stopped in whichever process serves them next; a frame
   * is acknowledged once what it carried is on disk (the frames in hand
   * written in one transaction).
   */
  private async followBus(bus: Bus): Promise<void> {
    await ensureStationStreams(bus);
    this.fleetState = await bus.kv('fleet-state');
    for (const cell of this.spacecraft) this.busResponders.push(await serveArchiveQueries(bus, cell.spacecraftId, cell.archive, this.dictionary));
    for (const cell of this.spacecraft) {
      // the frames the consumer has in hand go in one transaction, written once none is left (setImmediate runs after them), then acknowledged
      let writing = false;
      const write = () => {
        writing = false;
        cell.archive.flush();
      };
      this.busConsumers.push(
        await bus.consume(
          FRAMES_STREAM,
          `proc-${cell.spacecraftId}`,
          (message) => {
            cell.takeFrame({ bytes: message.data, receivedAtMs: this.nowMs() });
            cell.archive.whenWritten(() => message.ack());
            if (!writing) {
              writing = true;
              setImmediate(write);
            }
          },
          { filter: `frames.*.${cell.spacecraftId}.>`, maxInFlight: 256, ackWaitS: 10 },
        ),
      );
    }
  }

  /**
   * Each spacecraft's latest state for any process to read (KV `fleet-state`,
   * by name): written when it changed, and at least every
   * FLEET_STATE_REFRESH_MS (its atMs says the shard is alive).
   */
  private publishFleetState(): void {
    const kv = this.fleetState;
    if (!kv) return;
    for (const cell of this.spacecraft) {
      const view = cell.watch.current();
      const uplink = cell.uplink();
      const state = {
        name: cell.name,
        spacecraftId: cell.spacecraftId,
        shard: this.options.bus?.shard ?? null,
        mode: view.mode,
        socPct: view.socPct,
        lastHeardS: view.lastHeardS,
        inView: uplink.inView,
        nextPass: uplink.nextPass,
        holdReason: view.holdReason,
        acceleratorFailed: view.acceleratorFailed,
        alarms: cell.alarms(),
      };
      const json = JSON.stringify(state);
      const nowMs = this.nowMs();
      const written = this.fleetStateWritten.get(cell.name);
      if (written && written.json === json && nowMs - written.atMs < FLEET_STATE_REFRESH_MS) continue;
      this.fleetStateWritten.set(cell.name, { json, atMs: nowMs });
      // the same JSON with the time it was written added as the last member (stringified once)
      kv.put(cell.name, new TextEncoder().encode(`${json.slice(0, -1)},"atMs":${nowMs}}`)).catch(() => this.busSendErrors++);
    }
  }

  /** Stops the API, the stream, the link and the retransmissions; writes what is queued to the archives. */
  async close(): Promise<void> {
    this.ticks.unsubscribe();
    await Promise.all(this.busConsumers.map((consumer) => consumer.stop()));
    await Promise.all(this.busResponders.map((responder) => responder.stop()));
    this.fleetJobs.close();
    for (const cell of this.spacecraft) cell.close();
    this.hub.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    await this.link.close();
    this.groundEvents.complete();
    this.flows.unsubscribe();
    for (const cell of this.spacecraft) cell.archive.close();
    this.fleetJobFile.close();
  }

  /**
   * The spacecraft a request names with ?sc=NAME; none named: the only one.
   * Throws the API's answer when it names none of the fleet, or none when
   * there are several.
   */
  private chosen(name: string | undefined): SpacecraftGround {
    const names = () => this.spacecraft.map((cell) => cell.name).join(', ');
    if (name === undefined) {
      if (this.spacecraft.length === 1) return this.spacecraft[0]!;
      throw new QueryError(`this ground serves ${this.spacecraft.length} spacecraft (${names()}): name one (?sc=NAME; the CLI's --sc NAME)`);
    }
    if (name === '*' || name.includes(','))
      throw new QueryError(`?sc=${name} names several spacecraft: only the archive queries (${ROUTES.archive.path}) take several`);
    const cell = this.byName.get(name);
    if (cell) return cell;
    const peer = this.options.bus?.peers?.find((one) => one.name === name);
    const message = peer
      ? `spacecraft ${name} is served by shard ${peer.shard} (its own ground serve --shard ${peer.shard}); archive queries about it work from any shard`
      : `spacecraft ${name} not found: this ground serves ${names()}`;
    throw new QueryError(`no spacecraft ${name} here`, apiFailure(404, 'not-found', message));
  }

  /**
   * What an archive query reads: ?sc=NAME (one; of this process or, on the
   * bus, of another shard), ?sc=A,B (those, merged by time) or ?sc=* (the
   * whole fleet, every shard's); none named: the only spacecraft. `several`
   * says the rows are to be merged and tagged with their spacecraft.
   */
  private archiveSources(name: string | undefined): { readonly sources: readonly ArchiveRowSource[]; readonly several: boolean } {
    const local = (cell: SpacecraftGround): ArchiveRowSource => ({
      name: cell.name,
      rows: async (kind, selection) => ({ ok: true, value: localRows(cell.archive, kind, selection) }),
    });
    const bus = this.options.bus;
    const peers = bus?.peers ?? [];
    const remote = (peer: ShardPeer) => remoteSource(bus!.bus, peer.name, peer.spacecraftId, peer.shard);
    const everyone = [
      ...this.spacecraft.map((cell) => ({ id: cell.spacecraftId, source: local(cell) })),
      ...peers.map((peer) => ({ id: peer.spacecraftId, source: remote(peer) })),
    ];
    everyone.sort((a, b) => a.id - b.id);
    if (name === '*') return { sources: everyone.map((one) => one.source), several: true };
    const names = name?.split(',') ?? [];
    if (names.length <= 1) {
      const peer = peers.find((one) => one.name === name);
      return peer ? { sources: [remote(peer)], several: true } : { sources: [local(this.chosen(name))], several: false };
    }
    const repeated = names.find((one, i) => names.indexOf(one) !== i);
    if (repeated !== undefined) throw new QueryError(`?sc=${name} names ${repeated} twice`);
    const sources = names.map((one) => {
      const found = everyone.find((entry) => entry.source.name === one);
      if (!found)
        throw new QueryError(
          `no spacecraft ${one} here`,
          apiFailure(404, 'not-found', `spacecraft ${one} not found: the fleet is ${everyone.map((entry) => entry.source.name).join(', ')}`),
        );
      return found.source;
    });
    return { sources, several: true };
  }

  /** A spacecraft's link keys, read (or created, mode 0600) on first use; a failure is said once and retried at the next use. */
  private keys(spacecraftId: number): Outcome<KeyFile> {
    const known = this.keyFiles.get(spacecraftId);
    if (known?.ok) return known;
    const loaded = readOrCreateKeyFile(this.options.keyFile, this.options.makeFolders === true, spacecraftId);
    const news = loaded.ok ? keyFileNews(loaded.value) : null;
    if (news) this.options.log?.(news);
    if (!loaded.ok && known?.error !== loaded.error) this.options.log?.(`${loaded.error}: commands are refused and telemetry rejected until it can be read`);
    this.keyFiles.set(spacecraftId, loaded);
    return loaded;
  }

  /** An event the ground raised: archived with every spacecraft (each archive tells the whole story of who could command it), streamed once. */
  private groundEvent(name: GroundEventName, args: Readonly<Record<string, string | number>>): void {
    const def = GROUND_EVENTS[name];
    let archived: EventRecord | undefined;
    for (const cell of this.spacecraft) {
      const event = cell.archive.telemetry.addGroundEvent({
        name,
        severity: def.severity,
        message: eventMessage({ message: def.message, args: {} }, args),
        args,
        timeS: cell.lastTelemetryTimeS,
        receivedAtMs: this.nowMs(),
      });
      archived ??= event;
    }
    this.groundEvents.next(archived!);
  }

  /** The live stream: the same Host, Origin and user checks as every request, then the WebSocket handshake. */
  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: number, text: string, error: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n${JSON.stringify({ error })}\n`);
    };
    const crossSite = crossSiteRefusal(request, { allowedHosts: () => this.hosts });
    if (crossSite) return refuse(crossSite.status, crossSite.status === 421 ? 'Misdirected Request' : 'Forbidden', crossSite.error.error);
    const stream = ROUTES.stream.path;
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== stream) return refuse(404, 'Not Found', `the only WebSocket is ${stream}`);
    const who = this.auth.authenticate({ authorization: request.headers.authorization, cookie: request.headers.cookie });
    if (!who.ok) {
      if (who.reason !== 'missing') this.auth.failedFrom(request.socket.remoteAddress ?? 'unknown', who.reason);
      return refuse(401, 'Unauthorized', who.error);
    }
    const name = url.searchParams.get('sc') || undefined;
    let only: SpacecraftGround | undefined;
    if (name !== undefined) {
      only = this.byName.get(name);
      if (!only) return refuse(404, 'Not Found', `spacecraft ${name} not found: this ground serves ${this.spacecraft.map((cell) => cell.name).join(', ')}`);
    }
    const watched = only ? [only] : this.spacecraft;
    this.hub.connect(
      request,
      socket,
      head,
      (): StreamMessage[] => watched.map((cell) => ({ type: 'status', status: this.status(cell), sc: cell.name })),
      only ? (message) => message.sc === undefined || message.sc === only.name : () => true,
    );
  }

  /**
   * The data flow. Datagrams (TM frames) -> the spacecraft their header
   * names (its own flow: spacecraft-ground.ts) or, naming none, counted and
   * dropped. Every spacecraft's messages and the ground's own events ->
   * the live stream. Every UPLINK_CHECK_INTERVAL_MS, each spacecraft with
   * commands held or due sends them if it is in view, and the fleet job
   * service takes a step.
   */
  private flow(): Subscription {
    const flows = new Subscription();
    flows.add(
      this.hub.follow(
        merge(...this.spacecraft.map((cell) => cell.messages), this.groundEvents.pipe(map((event): StreamMessage => ({ type: 'event', event })))),
      ),
    );
    flows.add(
      this.link.datagrams.subscribe((datagram) => {
        // A lone spacecraft's intake takes every frame (and counts one of another spacecraft as wrong-spacecraft).
        const cell = this.options.fleet ? this.byId.get(tmFrameSpacecraftId(datagram.bytes) ?? -1) : this.spacecraft[0];
        if (cell) cell.takeFrame(datagram);
        else this.framesForNoSpacecraft++;
      }),
    );
    const holding = this.spacecraft.filter((cell) => cell.holdsCommands);
    const scheduler: SchedulerLike | undefined = this.options.scheduler;
    this.ticks.add(
      interval(UPLINK_CHECK_INTERVAL_MS, scheduler).subscribe(() => {
        for (const cell of holding) cell.uplinkWhenInView();
        this.fleetJobs.tick();
        this.publishFleetState();
      }),
    );
    return flows;
  }
}
