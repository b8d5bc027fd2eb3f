/**
 * The store-and-forward downlink queue: one bounded queue per class, drained
 * in priority order (reports and events, then housekeeping, then bulk) only
 * while in contact and only as fast as the link's rate allows. Packets wait
 * across outages; when a class overflows, its oldest packets are dropped and
 * counted.
 */
import type { LinkSensors } from '../hal/frames.js';
import type { TelemetryClass } from '../../protocol/index.js';
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
  /** Drops and sends per class, since boot. */
  readonly sentByClass: Record<TelemetryClass, number> = { report: 0, housekeeping: 0, bulk: 0 };

  constructor(capacity: DownlinkCapacity) {
    this.queues = {
      report: new BoundedQueue(capacity.report),
      housekeeping: new BoundedQueue(capacity.housekeeping),
      bulk: new BoundedQueue(capacity.bulk),
    };
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

  /** Packets waiting in every class. */
  get queuedTotal(): number {
    return DOWNLINK_CLASSES.reduce((total, cls) => total + this.queues[cls].length, 0);
  }

  /**
   * Takes off the queues what the link allows this tick, counted as sent, for
   * the caller to hand to the radio (after it has recorded what left); out of
   * contact the credit is lost.
   */
  take(link: LinkSensors, dtS: number): OutgoingPacket[] {
    const taken: OutgoingPacket[] = [];
    if (!link.inContact || link.downlinkBps <= 0) {
      this.creditBytes = 0;
      return taken;
    }
    const bytesPerS = link.downlinkBps / 8;
    this.creditBytes = Math.min(this.creditBytes + bytesPerS * dtS, bytesPerS * CREDIT_S_MAX);
    for (const cls of DOWNLINK_CLASSES) {
      const queue = this.queues[cls];
      for (let packet = queue.peek(); packet !== undefined && packet.bytes.length <= this.creditBytes; packet = queue.peek()) {
        queue.shift();
        this.creditBytes -= packet.bytes.length;
        taken.push(packet);
        this.sentPackets++;
        this.sentBytes += packet.bytes.length;
        this.sentByClass[cls]++;
      }
      // A higher class still waiting keeps the link: lower classes wait their turn.
      if (queue.length > 0) return taken;
    }
    return taken;
  }
}
