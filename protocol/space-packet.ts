/**
 * The CCSDS Space Packet primary header (CCSDS 133.0-B-2), 6 octets, big-endian:
 *
 *   bits 0-2   packet version number, always 0
 *   bit  3     packet type: 0 telemetry, 1 telecommand
 *   bit  4     secondary header flag, always 1 in this mission
 *   bits 5-15  APID (11 bits)
 *   bits 16-17 sequence flags, always 0b11 (unsegmented)
 *   bits 18-31 packet sequence count (14 bits), per APID
 *   bits 32-47 packet data length: octets after the primary header minus 1
 */

export const PRIMARY_HEADER_BYTES = 6;
export const APID_MAX = 0x7ff;
export const SEQUENCE_COUNT_MODULO = 0x4000;
export const SEQUENCE_FLAGS_UNSEGMENTED = 0b11;

export type PacketType = 'tm' | 'tc';

export interface PrimaryHeader {
  readonly version: number;
  readonly type: PacketType;
  readonly secondaryHeader: boolean;
  readonly apid: number;
  readonly sequenceFlags: number;
  readonly sequenceCount: number;
  /** The length field as transmitted: data field octets minus 1. */
  readonly dataLength: number;
}

/** Writes a primary header for a packet whose total length is totalBytes. */
export function writePrimaryHeader(view: DataView, type: PacketType, apid: number, sequenceCount: number, totalBytes: number): void {
  if (!Number.isInteger(apid) || apid < 0 || apid > APID_MAX) throw new RangeError(`APID ${apid} is not 0..${APID_MAX}`);
  if (!Number.isInteger(sequenceCount) || sequenceCount < 0 || sequenceCount >= SEQUENCE_COUNT_MODULO) {
    throw new RangeError(`sequence count ${sequenceCount} is not 0..${SEQUENCE_COUNT_MODULO - 1}`);
  }
  const dataLength = totalBytes - PRIMARY_HEADER_BYTES - 1;
  if (dataLength < 0 || dataLength > 0xffff) throw new RangeError(`packet of ${totalBytes} bytes cannot be framed`);
  view.setUint16(0, ((type === 'tc' ? 1 : 0) << 12) | (1 << 11) | apid);
  view.setUint16(2, (SEQUENCE_FLAGS_UNSEGMENTED << 14) | sequenceCount);
  view.setUint16(4, dataLength);
}

/** Reads the six header octets; the caller has checked there are six. */
export function readPrimaryHeader(view: DataView): PrimaryHeader {
  const word0 = view.getUint16(0);
  const word1 = view.getUint16(2);
  return {
    version: word0 >>> 13,
    type: (word0 >>> 12) & 1 ? 'tc' : 'tm',
    secondaryHeader: ((word0 >>> 11) & 1) === 1,
    apid: word0 & APID_MAX,
    sequenceFlags: word1 >>> 14,
    sequenceCount: word1 & (SEQUENCE_COUNT_MODULO - 1),
    dataLength: view.getUint16(4),
  };
}
