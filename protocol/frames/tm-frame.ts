/**
 * The TM Transfer Frame (CCSDS 132.0-B-3), fixed length, big-endian, with an
 * SDLS-like security header and trailer (CCSDS 355.0-B-2, authentication
 * only) around its data field:
 *
 *   octet 0-1   bits 0-1 version 00, bits 2-11 spacecraft id (10 bits),
 *               bits 12-14 virtual channel id (3 bits), bit 15 OCF flag 0
 *   octet 2     master channel frame count (all virtual channels), modulo 256
 *   octet 3     virtual channel frame count, modulo 256
 *   octet 4-5   data field status: bit 0 secondary header flag 0, bit 1 synchronisation
 *               flag 0, bit 2 packet order flag 0, bits 3-4 segment length id 11,
 *               bits 5-15 first header pointer (0x7FF: no packet starts here, 0x7FE: only idle data)
 *   octet 6-7   security header: security parameter index = downlink key id
 *   octet 8-15  security header: sequence number, unsigned 64-bit, one per frame (anti-replay)
 *   octet 16..  data field: space packets, which may span frames
 *   last 18     security trailer: MAC, HMAC-SHA256/128 over every octet before it (16),
 *               then the frame error control field: CRC-16/CCITT-FALSE over every octet before it (2)
 */
import { computeMac, MAC_BYTES, macMatches, type KeyRing, type SigningKey } from '../auth.js';
import { crc16 } from '../crc16.js';
import type { ReplayWindow } from '../replay-window.js';
import { checkSpacecraftId, SPACECRAFT_ID_MAX, TM_VC, TM_VCID_MAX } from './link-config.js';
import { refuseFrame, type FrameResult } from './frame-result.js';

export const TM_PRIMARY_HEADER_BYTES = 6;
export const TM_SECURITY_HEADER_BYTES = 10;
export const TM_FECF_BYTES = 2;
export const TM_FRAME_DATA_OFFSET = TM_PRIMARY_HEADER_BYTES + TM_SECURITY_HEADER_BYTES; // 16
/** Octets of every TM frame outside its data field. */
export const TM_FRAME_OVERHEAD_BYTES = TM_FRAME_DATA_OFFSET + MAC_BYTES + TM_FECF_BYTES; // 34
export const TM_FRAME_BYTES_MIN = TM_FRAME_OVERHEAD_BYTES + 7;
export const TM_FRAME_BYTES_MAX = 2048;

export const FHP_NO_PACKET_START = 0x7ff;
export const FHP_ONLY_IDLE = 0x7fe;
/** The octet that fills the data field of an only-idle-data frame. */
export const OID_FILL = 0x55;

export const SDLS_SEQUENCE_MAX = (1n << 64n) - 1n;

export interface TmFrameHeader {
  readonly spacecraftId: number;
  readonly vcid: number;
  readonly masterCount: number;
  readonly virtualCount: number;
  readonly firstHeaderPointer: number;
  /** SDLS: the downlink key id and this frame's sequence number under it. */
  readonly keyId: number;
  readonly sequence: bigint;
}

export interface TmFrame extends TmFrameHeader {
  /** The data field: frameBytes - 34 octets (a view into the received frame). */
  readonly data: Uint8Array;
}

/** Data field octets of a frame of frameBytes. */
export function tmDataFieldBytes(frameBytes: number): number {
  return frameBytes - TM_FRAME_OVERHEAD_BYTES;
}

function checkRange(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${name} ${value} is not 0..${max}`);
}

/** Builds, signs and protects one frame; data must fill the data field exactly. */
export function encodeTmFrame(header: Omit<TmFrameHeader, 'keyId'>, data: Uint8Array, signing: SigningKey): Uint8Array {
  checkSpacecraftId(header.spacecraftId);
  checkRange('TM virtual channel', header.vcid, TM_VCID_MAX);
  checkRange('master channel frame count', header.masterCount, 0xff);
  checkRange('virtual channel frame count', header.virtualCount, 0xff);
  checkRange('first header pointer', header.firstHeaderPointer, 0x7ff);
  checkRange('key id', signing.keyId, 0xffff);
  if (header.sequence < 1n || header.sequence > SDLS_SEQUENCE_MAX) throw new RangeError(`frame sequence number ${header.sequence} is not 1..2^64-1`);
  const total = data.length + TM_FRAME_OVERHEAD_BYTES;
  if (total < TM_FRAME_BYTES_MIN || total > TM_FRAME_BYTES_MAX)
    throw new RangeError(`TM frame of ${total} octets is not ${TM_FRAME_BYTES_MIN}..${TM_FRAME_BYTES_MAX}`);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, (header.spacecraftId << 4) | (header.vcid << 1));
  bytes[2] = header.masterCount;
  bytes[3] = header.virtualCount;
  view.setUint16(4, (0b11 << 11) | header.firstHeaderPointer);
  view.setUint16(6, signing.keyId);
  view.setBigUint64(8, header.sequence);
  bytes.set(data, TM_FRAME_DATA_OFFSET);
  const macAt = TM_FRAME_DATA_OFFSET + data.length;
  bytes.set(computeMac(signing.key, bytes, 0, macAt), macAt);
  view.setUint16(total - TM_FECF_BYTES, crc16(bytes, 0, total - TM_FECF_BYTES));
  return bytes;
}

export interface TmFrameExpectation {
  readonly spacecraftId: number;
  readonly frameBytes: number;
  /** The downlink keys; without them the MAC is not checked (inspection tools only). */
  readonly keys?: KeyRing;
  /** Checked, and the sequence number accepted into it when the frame is accepted. */
  readonly replay?: ReplayWindow;
}

const VCIDS: readonly number[] = Object.values(TM_VC);
const hex = (value: number, digits: number) => `0x${value.toString(16).padStart(digits, '0')}`;

/**
 * Checks one received TM frame, cheapest first: length, header, FECF,
 * spacecraft, virtual channel, key, MAC, sequence number, first header
 * pointer. Never throws.
 */
export function decodeTmFrame(bytes: Uint8Array, expect: TmFrameExpectation): FrameResult<TmFrame> {
  if (bytes.length < expect.frameBytes) return refuseFrame('truncated', `${bytes.length} octets, TM frames are ${expect.frameBytes}`);
  if (bytes.length > expect.frameBytes) return refuseFrame('bad-length', `${bytes.length} octets, TM frames are ${expect.frameBytes}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word0 = view.getUint16(0);
  const status = view.getUint16(4);
  if (word0 >>> 14 !== 0) return refuseFrame('bad-header', `transfer frame version ${word0 >>> 14}, expected 0`);
  if ((word0 & 1) !== 0) return refuseFrame('bad-header', 'OCF flag 1: this link carries no operational control field');
  if (status >>> 11 !== 0b00011) {
    return refuseFrame(
      'bad-header',
      `data field status ${(status >>> 11).toString(2).padStart(5, '0')}: expected no secondary header, packets in order (00011)`,
    );
  }
  const fecfAt = bytes.length - TM_FECF_BYTES;
  const crcSent = view.getUint16(fecfAt);
  const crcComputed = crc16(bytes, 0, fecfAt);
  if (crcSent !== crcComputed) return refuseFrame('bad-crc', `FECF ${hex(crcSent, 4)} in frame, ${hex(crcComputed, 4)} computed`);
  const spacecraftId = word0 >>> 4;
  if (spacecraftId !== expect.spacecraftId)
    return refuseFrame('wrong-spacecraft', `spacecraft id ${hex(spacecraftId, 3)}, expected ${hex(expect.spacecraftId, 3)}`);
  const vcid = (word0 >>> 1) & 0b111;
  if (!VCIDS.includes(vcid)) return refuseFrame('unknown-vc', `virtual channel ${vcid} is not used (${VCIDS.join(', ')})`);
  const keyId = view.getUint16(6);
  const sequence = view.getBigUint64(8);
  const macAt = fecfAt - MAC_BYTES;
  if (expect.keys) {
    const key = expect.keys.get(keyId);
    if (!key) return refuseFrame('unknown-key', `downlink key id ${keyId} is not known`);
    if (!macMatches(key, bytes, 0, macAt)) return refuseFrame('bad-mac', `MAC does not authenticate the frame under downlink key ${keyId}`);
  }
  if (sequence === 0n) return refuseFrame('replay', 'frame sequence number 0 is never valid');
  if (expect.replay) {
    const verdict = expect.replay.check(keyId, sequence);
    if (verdict !== 'new') return refuseFrame('replay', `frame sequence number ${sequence} under key ${keyId} is ${verdict}`);
  }
  const dataLength = macAt - TM_FRAME_DATA_OFFSET;
  const firstHeaderPointer = status & 0x7ff;
  if (firstHeaderPointer < FHP_ONLY_IDLE && firstHeaderPointer >= dataLength) {
    return refuseFrame('bad-pointer', `first header pointer ${firstHeaderPointer} is past the data field (${dataLength} octets)`);
  }
  expect.replay?.accept(keyId, sequence);
  return {
    ok: true,
    value: {
      spacecraftId,
      vcid,
      masterCount: bytes[2]!,
      virtualCount: bytes[3]!,
      firstHeaderPointer,
      keyId,
      sequence,
      data: bytes.subarray(TM_FRAME_DATA_OFFSET, macAt),
    },
  };
}

/**
 * The spacecraft id a TM frame's header names, read before anything is
 * checked (a ground of a fleet hands each frame to that spacecraft's
 * intake, which checks it); null for fewer than two octets.
 */
export function tmFrameSpacecraftId(bytes: Uint8Array): number | null {
  return bytes.length < 2 ? null : (((bytes[0]! << 8) | bytes[1]!) >>> 4) & SPACECRAFT_ID_MAX;
}
