/**
 * The TC Transfer Frame (CCSDS 232.0-B-4), big-endian, in bypass mode (type-B
 * "BD" frames: no COP-1; the commands' own verification and retransmission are
 * the reliability layer):
 *
 *   octet 0-1  bits 0-1 version 00, bit 2 bypass flag 1, bit 3 control command flag 0,
 *              bits 4-5 spare 00, bits 6-15 spacecraft id (10 bits)
 *   octet 2-3  bits 0-5 virtual channel id (6 bits), bits 6-15 frame length: total octets - 1
 *   octet 4    frame sequence number N(S), modulo 256, per virtual channel
 *   octet 5    segment header (CCSDS 232.0-B-4 annex: MAP): bits 0-1 sequence flags
 *              (11 whole packets, 01 first segment, 00 continuing, 10 last), bits 2-7 MAP id 0
 *   octet 6..  frame data: whole TC space packets (flags 11), or one segment of one packet
 *   last 2     frame error control field: CRC-16/CCITT-FALSE over every octet before it
 *
 * A frame is at most 1024 octets; a packet longer than a frame's data field
 * (1016 octets) travels in segments, one frame each.
 */
import { crc16 } from '../crc16.js';
import { checkSpacecraftId, TC_VCID_MAX } from './link-config.js';
import { refuseFrame, type FrameResult } from './frame-result.js';

export const TC_PRIMARY_HEADER_BYTES = 5;
export const TC_SEGMENT_HEADER_BYTES = 1;
export const TC_FECF_BYTES = 2;
export const TC_FRAME_BYTES_MAX = 1024;
/** Octets around the data of every TC frame: primary header, segment header, FECF. */
export const TC_FRAME_OVERHEAD_BYTES = TC_PRIMARY_HEADER_BYTES + TC_SEGMENT_HEADER_BYTES + TC_FECF_BYTES; // 8
export const TC_FRAME_DATA_MAX = TC_FRAME_BYTES_MAX - TC_FRAME_OVERHEAD_BYTES; // 1016
export const TC_FRAME_BYTES_MIN = TC_FRAME_OVERHEAD_BYTES + 1;

/** Segment header sequence flags. */
export const TC_SEGMENT = { continuing: 0b00, first: 0b01, last: 0b10, whole: 0b11 } as const;
export type TcSegmentFlags = (typeof TC_SEGMENT)[keyof typeof TC_SEGMENT];

export interface TcFrame {
  readonly spacecraftId: number;
  readonly vcid: number;
  /** N(S), 0..255. */
  readonly sequenceNumber: number;
  readonly segmentFlags: TcSegmentFlags;
  /** MAP id of the segment header, 0..63 (this mission uses 0). */
  readonly mapId: number;
  /** Whole packets (flags 11) or one segment. */
  readonly data: Uint8Array;
}

export function encodeTcFrame(frame: TcFrame): Uint8Array {
  checkSpacecraftId(frame.spacecraftId);
  if (!Number.isInteger(frame.vcid) || frame.vcid < 0 || frame.vcid > TC_VCID_MAX)
    throw new RangeError(`TC virtual channel ${frame.vcid} is not 0..${TC_VCID_MAX}`);
  if (!Number.isInteger(frame.sequenceNumber) || frame.sequenceNumber < 0 || frame.sequenceNumber > 0xff) {
    throw new RangeError(`frame sequence number ${frame.sequenceNumber} is not 0..255`);
  }
  if (!Number.isInteger(frame.mapId) || frame.mapId < 0 || frame.mapId > 0x3f) throw new RangeError(`MAP id ${frame.mapId} is not 0..63`);
  if (frame.data.length < 1 || frame.data.length > TC_FRAME_DATA_MAX)
    throw new RangeError(`TC frame data of ${frame.data.length} octets is not 1..${TC_FRAME_DATA_MAX}`);
  const total = TC_FRAME_OVERHEAD_BYTES + frame.data.length;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, (1 << 13) | frame.spacecraftId);
  view.setUint16(2, (frame.vcid << 10) | (total - 1));
  bytes[4] = frame.sequenceNumber;
  bytes[5] = (frame.segmentFlags << 6) | frame.mapId;
  bytes.set(frame.data, TC_PRIMARY_HEADER_BYTES + TC_SEGMENT_HEADER_BYTES);
  view.setUint16(total - TC_FECF_BYTES, crc16(bytes, 0, total - TC_FECF_BYTES));
  return bytes;
}

export interface TcFrameExpectation {
  readonly spacecraftId: number;
  /** Virtual channels the receiver serves. */
  readonly vcids: readonly number[];
}

const hex = (value: number, digits: number) => `0x${value.toString(16).padStart(digits, '0')}`;

/** Checks one received TC frame, cheapest first: size, header, length, FECF, spacecraft, virtual channel, segment header. Never throws. */
export function decodeTcFrame(bytes: Uint8Array, expect: TcFrameExpectation): FrameResult<TcFrame> {
  if (bytes.length > TC_FRAME_BYTES_MAX) return refuseFrame('bad-length', `${bytes.length} octets, a TC frame is at most ${TC_FRAME_BYTES_MAX}`);
  if (bytes.length < TC_FRAME_BYTES_MIN) return refuseFrame('truncated', `${bytes.length} octets, the smallest TC frame is ${TC_FRAME_BYTES_MIN}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word0 = view.getUint16(0);
  const word1 = view.getUint16(2);
  const version = word0 >>> 14;
  if (version !== 0) return refuseFrame('bad-header', `transfer frame version ${version}, expected 0`);
  if (((word0 >>> 13) & 1) !== 1) return refuseFrame('bad-header', 'bypass flag 0 (a type-A frame): this link takes BD frames only, there is no COP-1');
  if (((word0 >>> 12) & 1) !== 0) return refuseFrame('bad-header', 'control command flag 1: this link carries no COP-1 control commands');
  if (((word0 >>> 10) & 0b11) !== 0) return refuseFrame('bad-header', 'spare bits are not 00');
  const total = (word1 & 0x3ff) + 1;
  if (bytes.length < total) return refuseFrame('truncated', `frame length field says ${total} octets, ${bytes.length} arrived`);
  if (bytes.length > total) return refuseFrame('bad-length', `frame length field says ${total} octets, ${bytes.length} arrived`);
  const crcSent = view.getUint16(total - TC_FECF_BYTES);
  const crcComputed = crc16(bytes, 0, total - TC_FECF_BYTES);
  if (crcSent !== crcComputed) return refuseFrame('bad-crc', `FECF ${hex(crcSent, 4)} in frame, ${hex(crcComputed, 4)} computed`);
  const spacecraftId = word0 & 0x3ff;
  if (spacecraftId !== expect.spacecraftId) {
    return refuseFrame('wrong-spacecraft', `spacecraft id ${hex(spacecraftId, 3)}, this is ${hex(expect.spacecraftId, 3)}`);
  }
  const vcid = word1 >>> 10;
  if (!expect.vcids.includes(vcid)) return refuseFrame('unknown-vc', `virtual channel ${vcid} is not served (${expect.vcids.join(', ')})`);
  const segment = bytes[5]!;
  return {
    ok: true,
    value: {
      spacecraftId,
      vcid,
      sequenceNumber: bytes[4]!,
      segmentFlags: (segment >>> 6) as TcSegmentFlags,
      mapId: segment & 0x3f,
      data: bytes.subarray(TC_PRIMARY_HEADER_BYTES + TC_SEGMENT_HEADER_BYTES, total - TC_FECF_BYTES),
    },
  };
}
