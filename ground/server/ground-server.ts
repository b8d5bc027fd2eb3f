/**
 * The ground server: the space link (UDP), the archive (SQLite), the
 * commander and the operator API (HTTP + WebSocket), wired together. Every
 * telemetry datagram is decoded and checked, archived, folded into the
 * latest values, jobs and command verification, and streamed live.
 */
import { createServer, type Server } from 'node:http';
import { decodeTelemetry, missionDictionary, readOrCreateKeyFile, type Dictionary, type KeyFile, type Outcome } from '../../protocol/index.js';
import { LINK_QUIET_AFTER_S, type StatusResponse, type StreamMessage } from '../api/contract.js';
import { Archive } from '../archive/archive.js';
import { TelemetryIntake } from '../link/telemetry-intake.js';
import { UdpLink, type Datagram, type Endpoint } from '../link/udp-link.js';
import { Commander } from './commander.js';
import { apiHandler } from './http-api.js';
import { filePacket } from './file-packet.js';
import { LatestTelemetry } from './latest-telemetry.js';
import { SequenceAllocator } from './sequence.js';
import { DEFAULT_STREAM_OPTIONS, StreamHub, type StreamHubOptions } from './stream-hub.js';

export interface GroundServerOptions {
  /** Address the API and the telemetry port bind to. */
  readonly host: string;
  readonly tmPort: number;
  readonly tcTo: Endpoint;
  readonly apiPort: number;
  readonly archivePath: string;
  readonly keyFile: string;
  readonly retransmitAfterS: number;
  readonly retransmitMax: number;
  readonly retentionDays: number;
  readonly stream?: StreamHubOptions;
  readonly dictionary?: Dictionary;
  /** Lines for the operator (stderr in `ground serve`); never a secret. */
  readonly log?: (line: string) => void;
  readonly nowMs?: () => number;
}

export class GroundServer {
  private readonly dictionary: Dictionary;
  private readonly nowMs: () => number;
  private readonly intake: TelemetryIntake;
  private readonly latest: LatestTelemetry;
  private readonly hub: StreamHub;
  private readonly commander: Commander;
  private readonly http: Server;
  private keyFile: Outcome<KeyFile> | null = null;
  private lastTelemetry: { timeS: number; atMs: number } | null = null;
  readonly startedAtMs: number;

  private constructor(
    private readonly options: GroundServerOptions,
    readonly archive: Archive,
    private readonly link: UdpLink,
  ) {
    this.dictionary = options.dictionary ?? missionDictionary();
    this.nowMs = options.nowMs ?? Date.now;
    this.startedAtMs = this.nowMs();
    this.intake = new TelemetryIntake(this.dictionary);
    this.latest = new LatestTelemetry(this.nowMs);
    this.hub = new StreamHub(options.stream ?? DEFAULT_STREAM_OPTIONS);
    this.commander = new Commander({
      dictionary: this.dictionary,
      store: archive.commands,
      sequence: new SequenceAllocator(archive.commands, this.nowMs),
      send: (packet) => link.send(packet),
      keys: () => this.keys(),
      retransmitAfterMs: options.retransmitAfterS * 1000,
      retransmitMax: options.retransmitMax,
      nowMs: this.nowMs,
      missionTimeS: () => this.lastTelemetry?.timeS ?? 0,
      onUpdate: (command) => this.hub.broadcast({ type: 'command', command }),
    });
    this.http = createServer(apiHandler({ status: () => this.status(), submit: (body) => this.commander.submit(body), archive, latest: this.latest }));
    this.http.on('upgrade', (request, socket, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/api/stream') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      this.hub.connect(request, socket, head, (): StreamMessage => ({ type: 'status', status: this.status() }));
    });
    this.restoreLatest();
    link.datagrams.subscribe((datagram) => this.receive(datagram));
  }

  /** Opens the archive, binds the link and the API; a failure says which and why. */
  static async start(options: GroundServerOptions): Promise<Outcome<GroundServer>> {
    const dictionary = options.dictionary ?? missionDictionary();
    let archive: Archive;
    try {
      archive = Archive.open(options.archivePath, { dictionary, retentionDays: options.retentionDays, ...(options.nowMs ? { nowMs: options.nowMs } : {}) });
    } catch (error) {
      return { ok: false, error: `cannot open the archive ${options.archivePath}: ${(error as Error).message}` };
    }
    const link = await UdpLink.open(options.host, options.tmPort, options.tcTo, options.nowMs);
    if (!link.ok) {
      archive.close();
      return link;
    }
    const server = new GroundServer(options, archive, link.value);
    server.keys();
    const listening = await new Promise<Outcome<null>>((resolve) => {
      server.http.once('error', (error) => resolve({ ok: false, error: `cannot listen on http ${options.host}:${options.apiPort}: ${error.message}` }));
      server.http.listen(options.apiPort, options.host, () => resolve({ ok: true, value: null }));
    });
    if (!listening.ok) {
      await server.close();
      return listening;
    }
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
        datagramsSent: this.link.datagramsSent,
      },
      pending: this.archive.commands.after(0, 10_000, true),
      archive: { path: this.archive.path, ...this.archive.telemetry.counts(), commandRows: this.archive.commands.count() },
      stream: { ...this.hub.counters },
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
    this.archive.close();
  }

  /** The signing keys, read (or created, mode 0600) on first use; a failure is retried at the next command. */
  private keys(): Outcome<KeyFile> {
    if (this.keyFile?.ok) return this.keyFile;
    const loaded = readOrCreateKeyFile(this.options.keyFile);
    if (loaded.ok && loaded.value.created) {
      this.options.log?.(`created key file ${this.options.keyFile} (key id ${loaded.value.activeKeyId}, mode 0600); give the spacecraft the same file`);
    }
    if (!loaded.ok) this.options.log?.(`${loaded.error}: commands are refused until it can be read`);
    this.keyFile = loaded;
    return loaded;
  }

  private receive(datagram: Datagram): void {
    const taken = this.intake.take(datagram.bytes);
    if (taken.kind !== 'packet') return;
    const decoded = taken.packet;
    if (this.lastTelemetry === null || decoded.timeS >= this.lastTelemetry.timeS) this.lastTelemetry = { timeS: decoded.timeS, atMs: datagram.receivedAtMs };
    else this.lastTelemetry.atMs = datagram.receivedAtMs;
    const { packet, filed } = filePacket(this.archive, decoded, datagram.bytes, datagram.receivedAtMs);
    if (filed.kind === 'event') {
      this.hub.broadcast({ type: 'event', event: filed.event });
      return;
    }
    this.hub.broadcast({ type: 'telemetry', packet: this.latest.update(filed.id, decoded, packet.receivedAtMs) });
    if (packet.name === 'verification') this.commander.onVerification(decoded.data, packet.timeS, packet.receivedAtMs);
  }

  /** The latest value of each packet, as archived by an earlier run. */
  private restoreLatest(): void {
    for (const stored of this.archive.telemetry.latestRaw()) {
      const decoded = decodeTelemetry(stored.raw, { dictionary: this.dictionary });
      if (decoded.ok && decoded.value.entry.kind === 'telemetry') this.latest.update(stored.id, decoded.value, stored.receivedAtMs);
    }
  }
}
