/**
 * A ground station as a process of its own (`npx ground station`): the
 * space link's ground end for the spacecraft it sees, on the bus. Every
 * TM frame it receives goes, as it came, to the stream FRAMES under
 * `frames.STATION.SCID.VCID` (the spacecraft and virtual channel its
 * header names); a frame too short to name them is counted and dropped.
 * Frames are published in the order received, through a bounded outbox:
 * while the bus cannot take them (lost, restarting) they wait there, and go
 * in order once it can; beyond `outboxMax` the newest are dropped and
 * counted. Commands for a spacecraft it serves come from `tc.SCID` (the
 * stream TC, a work queue: one station sends each) and go out as
 * datagrams to that spacecraft's uplink while `inView` says it has the
 * pass; out of view they are left for the next station (or pass).
 */
import { createHash } from 'node:crypto';
import { tmFrameSpacecraftId } from '../../protocol/index.js';
import type { Bus, BusConsumer } from '../bus/bus.js';
import type { Datagram, Endpoint } from '../link/udp-link.js';

export const FRAMES_STREAM = 'FRAMES';
export const TC_STREAM = 'TC';
/** Frames kept on the bus a day, and 8 GiB at most (the oldest dropped beyond). */
export const FRAMES_MAX_AGE_S = 24 * 3600;
export const FRAMES_MAX_BYTES = 8 * 1024 ** 3;
export const OUTBOX_MAX_DEFAULT = 100_000;
/** Wait before publishing again after the bus refused. */
export const RETRY_AFTER_MS = 500;

export interface StationOptions {
  readonly name: string;
  readonly bus: Bus;
  /** Each spacecraft it sends commands to: its uplink. */
  readonly uplinks: ReadonlyMap<number, Endpoint>;
  readonly send: (bytes: Uint8Array, to: Endpoint) => void;
  /** Whether it has the pass of a spacecraft now (default: always). */
  readonly inView?: (spacecraftId: number) => boolean;
  readonly outboxMax?: number;
  readonly log?: (line: string) => void;
}

export interface StationCounts {
  readonly received: number;
  readonly published: number;
  /** Frames waiting in the outbox now. */
  readonly waiting: number;
  /** Frames published after waiting for the bus. */
  readonly replayed: number;
  /** Frames dropped: the outbox was full. */
  readonly dropped: number;
  readonly malformed: number;
  /** Times the bus refused a publish. */
  readonly busFailures: number;
  readonly commandsSent: number;
}

export async function ensureStationStreams(bus: Bus): Promise<void> {
  await bus.ensureStream({ name: FRAMES_STREAM, subjects: ['frames.>'], retention: 'limits', maxAgeS: FRAMES_MAX_AGE_S, maxBytes: FRAMES_MAX_BYTES });
  await bus.ensureStream({ name: TC_STREAM, subjects: ['tc.>'], retention: 'workqueue' });
}

/** The subject of a TM frame heard by a station, or null when it is too short to name its spacecraft and channel. */
export function frameSubject(station: string, frame: Uint8Array): string | null {
  const spacecraftId = tmFrameSpacecraftId(frame);
  if (spacecraftId === null) return null;
  const vcid = (frame[1]! >>> 1) & 0b111;
  return `frames.${station}.${spacecraftId}.${vcid}`;
}

/** A frame's id: its bytes hashed (every frame differs by its sequence number and MAC). */
const frameId = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 32);

export class GroundStation {
  private readonly outbox: { readonly subject: string; readonly bytes: Uint8Array; waited: boolean }[] = [];
  private pumping = false;
  /** The bus refused the last try: what comes now waits too. */
  private blocked = false;
  private closed = false;
  private readonly consumers: BusConsumer[] = [];
  private counts = { received: 0, published: 0, replayed: 0, dropped: 0, malformed: 0, busFailures: 0, commandsSent: 0 };

  private constructor(private readonly options: StationOptions) {}

  static async start(options: StationOptions): Promise<GroundStation> {
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(options.name)) throw new Error(`station name "${options.name}" is not 1..32 letters, digits, - and _`);
    await ensureStationStreams(options.bus);
    const station = new GroundStation(options);
    for (const [spacecraftId, to] of options.uplinks) {
      station.consumers.push(
        await options.bus.consume(
          TC_STREAM,
          `tc-${spacecraftId}`,
          (message) => {
            if (!(options.inView?.(spacecraftId) ?? true)) return message.nak(1);
            options.send(message.data, to);
            station.counts.commandsSent++;
            message.ack();
          },
          { filter: `tc.${spacecraftId}`, ackWaitS: 5 },
        ),
      );
    }
    return station;
  }

  get totals(): StationCounts {
    return { ...this.counts, waiting: this.outbox.length };
  }

  /** One datagram from the space link. */
  take(datagram: Datagram): void {
    this.counts.received++;
    const subject = frameSubject(this.options.name, datagram.bytes);
    if (subject === null) {
      this.counts.malformed++;
      return;
    }
    if (this.outbox.length >= (this.options.outboxMax ?? OUTBOX_MAX_DEFAULT)) {
      this.counts.dropped++;
      return;
    }
    this.outbox.push({ subject, bytes: datagram.bytes.slice(), waited: this.blocked });
    void this.pump();
  }

  /** Resolves when the outbox is empty, the station closed, or timeoutMs passed; the frames still waiting. */
  async drained(timeoutMs = 5000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.outbox.length > 0 && !this.closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.outbox.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }

  /** Publishes the outbox in order; on a refusal waits and tries the same frame again. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.outbox.length > 0 && !this.closed) {
        const next = this.outbox[0]!;
        try {
          // the frame's own bytes name it: a retry after a lost acknowledgement is stored once
          await this.options.bus.publish(next.subject, next.bytes, { id: `${this.options.name}:${frameId(next.bytes)}` });
        } catch (error) {
          this.counts.busFailures++;
          if (!this.blocked) {
            this.options.log?.(`station ${this.options.name}: the bus refused a frame (${(error as Error).message}); holding frames until it takes them`);
            for (const waiting of this.outbox) waiting.waited = true;
          }
          this.blocked = true;
          await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
          continue;
        }
        if (this.blocked) this.options.log?.(`station ${this.options.name}: the bus takes frames again; ${this.outbox.length} waiting go in order`);
        this.blocked = false;
        this.outbox.shift();
        this.counts.published++;
        if (next.waited) this.counts.replayed++;
      }
    } finally {
      this.pumping = false;
    }
  }
}
