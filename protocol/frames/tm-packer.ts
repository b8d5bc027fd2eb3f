/**
 * Space packets into the data fields of one TM virtual channel's frames. A
 * packet that does not fit what is left of a field continues in the next
 * frame of the same channel (the first header pointer of that frame says
 * where the next packet starts). When the channel has nothing more to send,
 * an idle packet fills the field; if fewer than 7 octets are left (the
 * smallest idle packet), the idle packet itself continues in the channel's
 * next frame. Step by step, no clock: the caller decides when a frame is due.
 */
import { FHP_NO_PACKET_START } from './tm-frame.js';
import { IDLE_PACKET_BYTES_MIN, idlePacket } from './idle-packet.js';

export interface PackedField {
  readonly data: Uint8Array;
  readonly firstHeaderPointer: number;
  /** Packets (not idle) whose first octet is in this field. */
  readonly packetsStarted: number;
  /** Packets (not idle) whose last octet is in this field. */
  readonly packetsEnded: number;
}

export class TmChannelPacker {
  /** The rest of a packet begun in an earlier field. */
  private carry: Uint8Array | null = null;
  private carryIsIdle = false;

  constructor(readonly dataFieldBytes: number) {
    if (!Number.isInteger(dataFieldBytes) || dataFieldBytes < IDLE_PACKET_BYTES_MIN)
      throw new RangeError(`data field of ${dataFieldBytes} octets is too short`);
  }

  /** A packet (not idle) is half sent: its rest waits for this channel's next frame. */
  get midPacket(): boolean {
    return this.carry !== null && !this.carryIsIdle;
  }

  /** Fills one data field: the rest of the packet begun before, then packets from next() while it has them, then idle fill. */
  fill(next: () => Uint8Array | undefined): PackedField {
    const data = new Uint8Array(this.dataFieldBytes);
    let at = 0;
    let packetsStarted = 0;
    let packetsEnded = 0;
    let firstHeaderPointer = -1;
    if (this.carry) {
      const take = Math.min(this.carry.length, data.length);
      data.set(this.carry.subarray(0, take), 0);
      at = take;
      if (take < this.carry.length) {
        this.carry = this.carry.subarray(take);
        return { data, firstHeaderPointer: FHP_NO_PACKET_START, packetsStarted, packetsEnded };
      }
      if (!this.carryIsIdle) packetsEnded++;
      this.carry = null;
    }
    while (at < data.length) {
      const room = data.length - at;
      let packet = next();
      let idle = false;
      if (packet === undefined) {
        packet = idlePacket(Math.max(room, IDLE_PACKET_BYTES_MIN));
        idle = true;
      } else {
        packetsStarted++;
      }
      if (firstHeaderPointer < 0) firstHeaderPointer = at;
      const take = Math.min(packet.length, room);
      data.set(packet.subarray(0, take), at);
      at += take;
      if (take < packet.length) {
        this.carry = packet.subarray(take);
        this.carryIsIdle = idle;
      } else if (!idle) {
        packetsEnded++;
      }
    }
    // A packet begun before that ends exactly at the end of this field: no packet starts here.
    return { data, firstHeaderPointer: firstHeaderPointer < 0 ? FHP_NO_PACKET_START : firstHeaderPointer, packetsStarted, packetsEnded };
  }
}
