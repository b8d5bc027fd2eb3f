/**
 * The CCSDS idle packet (133.0-B-2 section 4.1.3.3.4.4): APID 0x7FF, no
 * secondary header, unsegmented, count 0, its data field filled with 0x55. It
 * fills what is left of a TM frame's data field; receivers discard it.
 */
import { APID_MAX, PRIMARY_HEADER_BYTES, SEQUENCE_FLAGS_UNSEGMENTED } from '../space-packet.js';

export const IDLE_APID = APID_MAX;
export const IDLE_PACKET_BYTES_MIN = PRIMARY_HEADER_BYTES + 1;
export const IDLE_FILL = 0x55;

/** An idle packet of `length` octets (at least 7). */
export function idlePacket(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < IDLE_PACKET_BYTES_MIN || length > 0xffff + PRIMARY_HEADER_BYTES + 1) {
    throw new RangeError(`idle packet of ${length} octets is not ${IDLE_PACKET_BYTES_MIN}..65542`);
  }
  const bytes = new Uint8Array(length).fill(IDLE_FILL);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, IDLE_APID);
  view.setUint16(2, SEQUENCE_FLAGS_UNSEGMENTED << 14);
  view.setUint16(4, length - PRIMARY_HEADER_BYTES - 1);
  return bytes;
}

/** True when the packet header at data[at] (6 octets there) names the idle APID. */
export function isIdleAt(data: Uint8Array, at: number): boolean {
  return (((data[at]! << 8) | data[at + 1]!) & APID_MAX) === IDLE_APID;
}
