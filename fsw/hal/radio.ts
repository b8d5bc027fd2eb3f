/**
 * The radio as the flight software sees it: TC transfer frames that have
 * arrived, and TM transfer frames to transmit, one frame per datagram (the
 * packets are inside: protocol/frames/). The flight software paces what it
 * sends to the link rate in the SensorFrame; the radio itself only carries.
 */
export interface Radio {
  /** Telecommands received since the last call, oldest first (bounded; overflow is counted in `dropped`). */
  receive(): Uint8Array[];
  send(packet: Uint8Array): void;
  /** Received packets lost because the receive queue was full. */
  readonly dropped: number;
}

/** Receive queue bound of every radio. */
export const RADIO_RECEIVE_MAX = 256;

/** A radio that is a pair of queues, for running in one process: the harness moves the packets. */
export class QueueRadio implements Radio {
  dropped = 0;
  private inbox: Uint8Array[] = [];
  private readonly outbox: Uint8Array[] = [];

  /** The harness delivers an uplinked packet. */
  deliver(packet: Uint8Array): void {
    if (this.inbox.length >= RADIO_RECEIVE_MAX) {
      this.dropped++;
      return;
    }
    this.inbox.push(packet);
  }

  /** The harness collects what the software transmitted. */
  collect(): Uint8Array[] {
    return this.outbox.splice(0);
  }

  receive(): Uint8Array[] {
    const packets = this.inbox;
    this.inbox = [];
    return packets;
  }

  send(packet: Uint8Array): void {
    this.outbox.push(packet);
  }
}
