/**
 * The store-and-forward downlink queue: one bounded queue per class, drained
 * in priority order (reports and events, then housekeeping, then bulk) only
 * while in contact and only as fast as the link's rate allows. Packets wait
 * across outages; when a class overflows, its oldest packets are dropped and
 * counted.
 *
 * The link carries fixed-length TM frames: each class has its own virtual
 * channel (protocol/frames/link-config.ts), and the queue builds a channel's
 * next frame when the link's credit pays for a whole frame. A frame takes
 * packets from its class until its data field is full (the last one may
 * continue in the channel's next frame); when the class runs dry the rest is
 * idle fill, so that a packet never waits for a frame to fill up.
 */
import type { LinkSensors } from '../hal/frames.js';
import { tmVcOf, type BuiltFrame, type TelemetryClass, type TmFramer } from '../../protocol/index.js';
import { BoundedQueue } from '../common/bounded-queue.js';
import type { OutgoingPacket } from './packets.js';

export const DOWNLINK_CLASSES: readonly TelemetryClass[] = ['report', 'housekeeping', 'bulk'];

export interface DownlinkCapacity {
  readonly report: number;
  readonly housekeeping: number;
  readonly bulk: number;
}

/** Most link credit carried over, in seconds of the link rate (no bursts beyond it). */
const CREDIT_S_MAX = 1;

export class DownlinkQueue {
  private readonly queues: Record<TelemetryClass, BoundedQueue<OutgoingPacket>>;
  private creditBytes = 0;
  sentPackets = 0;
  sentBytes = 0;
  sentFrames = 0;
  /** Drops and sends per class, since boot. */
  readonly sentByClass: Record<TelemetryClass, number> = { report: 0, housekeeping: 0, bulk: 0 };
  /** Each class's next packet for the framer, counted as sent (made once, not each tick). */
  private readonly nextOf: Record<TelemetryClass, () => Uint8Array | undefined>;

  /** The framer builds the frames of every class's virtual channel and keeps their counts. */
  constructor(
    capacity: DownlinkCapacity,
    readonly framer: TmFramer,
  ) {
    this.queues = {
      report: new BoundedQueue(capacity.report),
      housekeeping: new BoundedQueue(capacity.housekeeping),
      bulk: new BoundedQueue(capacity.bulk),
    };
    const next = (cls: TelemetryClass) => (): Uint8Array | undefined => {
      const packet = this.queues[cls].shift();
      if (packet === undefined) return undefined;
      this.sentPackets++;
      this.sentBytes += packet.bytes.length;
      this.sentByClass[cls]++;
      return packet.bytes;
    };
    this.nextOf = { report: next('report'), housekeeping: next('housekeeping'), bulk: next('bulk') };
  }

  enqueue(packet: OutgoingPacket): void {
    this.queues[packet.cls].push(packet);
  }

  queued(cls: TelemetryClass): number {
    return this.queues[cls].length;
  }

  dropped(cls: TelemetryClass): number {
    return this.queues[cls].dropped;
  }

  /** Packets waiting in every class, a packet half sent in a frame included (its rest waits in the framer). */
  get queuedTotal(): number {
    return DOWNLINK_CLASSES.reduce((total, cls) => total + this.queues[cls].length + (this.framer.midPacket(tmVcOf(cls)) ? 1 : 0), 0);
  }

  /**
   * Builds the frames the link allows this tick from the queues, the packets
   * in them counted as sent, for the caller to hand to the radio (after it
   * has recorded what left); out of contact the credit is lost. At least one
   * frame of credit is carried, so that a slow link still sends frames.
   */
  take(link: LinkSensors, dtS: number): BuiltFrame[] {
    const framer = this.framer;
    const taken: BuiltFrame[] = [];
    if (!link.inContact || link.downlinkBps <= 0) {
      this.creditBytes = 0;
      return taken;
    }
    const bytesPerS = link.downlinkBps / 8;
    const frameBytes = framer.frameBytes;
    this.creditBytes = Math.min(this.creditBytes + bytesPerS * dtS, Math.max(bytesPerS * CREDIT_S_MAX, frameBytes));
    for (const cls of DOWNLINK_CLASSES) {
      const queue = this.queues[cls];
      const vcid = tmVcOf(cls);
      const next = this.nextOf[cls];
      while (frameBytes <= this.creditBytes && (queue.length > 0 || framer.midPacket(vcid))) {
        taken.push(framer.frame(vcid, next));
        this.creditBytes -= frameBytes;
        this.sentFrames++;
      }
      // A higher class still waiting keeps the link: lower classes wait their turn.
      if (queue.length > 0 || framer.midPacket(vcid)) return taken;
    }
    return taken;
  }
}
