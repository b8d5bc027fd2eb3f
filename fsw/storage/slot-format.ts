/**
 * The bytes of one record slot (see README.md, "On-NVM format"). All integers
 * big-endian.
 *
 *   offset      size  field
 *   0           4     magic "ORB1" (0x4F 0x52 0x42 0x31)
 *   4           2     record tag: low 16 bits of the CRC-32 of the record id (UTF-8)
 *   6           4     version, u32, 1 for the first write, +1 on every write
 *   10          4     payload length n, u32
 *   14          n     payload
 *   14 + n      4     CRC-32 over bytes [0, 14 + n)
 *   18 + n      -     unused to the end of the slot (left as it was)
 */

import { crc32 } from './crc32.js';

export const SLOT_MAGIC: Uint8Array = new Uint8Array([0x4f, 0x52, 0x42, 0x31]); // "ORB1"
export const SLOT_HEADER_BYTES = 14;
export const SLOT_CRC_BYTES = 4;
/** Header and CRC: a slot of slotBytes holds at most slotBytes - SLOT_OVERHEAD_BYTES payload bytes. */
export const SLOT_OVERHEAD_BYTES = SLOT_HEADER_BYTES + SLOT_CRC_BYTES;
export const SLOT_VERSION_MAX = 0xffffffff;

const utf8 = new TextEncoder();

/** The 16-bit tag of a record id, stored in every slot of the record. */
export function recordTag(id: string): number {
  return crc32(utf8.encode(id)) & 0xffff;
}

/** The header of a slot holding payloadBytes (the first SLOT_HEADER_BYTES of its image). */
export function encodeSlotHeader(tag: number, version: number, payloadBytes: number): Uint8Array {
  const header = new Uint8Array(SLOT_HEADER_BYTES);
  const view = new DataView(header.buffer);
  header.set(SLOT_MAGIC, 0);
  view.setUint16(4, tag);
  view.setUint32(6, version);
  view.setUint32(10, payloadBytes);
  return header;
}

/** The CRC field that follows header and payload: the CRC-32 over both, big-endian. */
export function encodeSlotCrc(header: Uint8Array, payload: Uint8Array): Uint8Array {
  const field = new Uint8Array(SLOT_CRC_BYTES);
  new DataView(field.buffer).setUint32(0, crc32(payload, crc32(header)));
  return field;
}

/** The complete slot image: header, payload, CRC. */
export function encodeSlot(tag: number, version: number, payload: Uint8Array): Uint8Array {
  const image = new Uint8Array(SLOT_OVERHEAD_BYTES + payload.length);
  const view = new DataView(image.buffer);
  image.set(SLOT_MAGIC, 0);
  view.setUint16(4, tag);
  view.setUint32(6, version);
  view.setUint32(10, payload.length);
  image.set(payload, SLOT_HEADER_BYTES);
  view.setUint32(SLOT_HEADER_BYTES + payload.length, crc32(image.subarray(0, SLOT_HEADER_BYTES + payload.length)));
  return image;
}

/** What a slot holds. "empty": never written or erased (magic all 0x00 or all 0xFF). */
export type SlotState =
  | { readonly state: 'empty' }
  | { readonly state: 'valid'; readonly version: number; readonly payloadBytes: number }
  | { readonly state: 'corrupt'; readonly reason: string };

export interface SlotHeader {
  readonly version: number;
  readonly payloadBytes: number;
}

/**
 * Judges the first SLOT_HEADER_BYTES of a slot: the payload length it
 * declares, or why the slot cannot hold a record with this tag.
 */
export function checkSlotHeader(header: Uint8Array, tag: number, payloadBytesMax: number): SlotHeader | SlotState {
  if (isBlank(header.subarray(0, SLOT_MAGIC.length))) return { state: 'empty' };
  for (let i = 0; i < SLOT_MAGIC.length; i++) {
    if (header[i] !== SLOT_MAGIC[i]) return { state: 'corrupt', reason: 'bad magic (an interrupted write or damage)' };
  }
  const view = new DataView(header.buffer, header.byteOffset, header.length);
  const storedTag = view.getUint16(4);
  const payloadBytes = view.getUint32(10);
  if (payloadBytes > payloadBytesMax) return { state: 'corrupt', reason: `declares ${payloadBytes} payload bytes, the slot holds ${payloadBytesMax}` };
  if (storedTag !== tag) return { state: 'corrupt', reason: `record tag 0x${hex4(storedTag)} is not this record's 0x${hex4(tag)} (the layout changed?)` };
  return { version: view.getUint32(6), payloadBytes };
}

/** True when bytes [0, SLOT_HEADER_BYTES + payloadBytes) of image match the CRC after them. */
export function slotCrcMatches(image: Uint8Array, payloadBytes: number): boolean {
  const covered = SLOT_HEADER_BYTES + payloadBytes;
  const stored = new DataView(image.buffer, image.byteOffset, image.length).getUint32(covered);
  return crc32(image.subarray(0, covered)) === stored;
}

function isBlank(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0x00) || bytes.every((b) => b === 0xff);
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}
