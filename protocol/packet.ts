/**
 * Packet layout shared by telemetry (TM) and telecommands (TC), big-endian:
 *
 *   offset  size  field
 *   0       6     CCSDS primary header (space-packet.ts)
 *   6       6     secondary header: mission time, CUC 4+2 (time-code.ts)
 *   12      2     secondary header: message id (TC opcode, TM packet or event id)
 *   TC only:
 *   14      2     security header: uplink key id
 *   16      8     security header: anti-replay sequence number (unsigned 64-bit)
 *   14|24   n     user data: one CBOR map (cbor-codec.ts)
 *   TC only:
 *   ..      16    security trailer: HMAC-SHA256 truncated, over offsets 0 .. end of user data
 *   ..      2     packet error control: CRC-16/CCITT-FALSE over every octet before it
 *
 * A TM packet is authenticated by the TM frame that carries it (one MAC per
 * frame, protocol/frames/tm-frame.ts), so it has neither key id nor MAC of its
 * own (ICD version 3). It carries no anti-replay number either: the receiver
 * knows a repeat by its APID, sequence count and time
 * (ground/link/telemetry-intake.ts).
 */

import { MAC_BYTES, computeMac } from './auth.js';
import { crc16 } from './crc16.js';
import { encodeCbor } from './cbor-codec.js';
import { PROTOCOL_LIMITS } from './limits.js';
import { SEQ_MAX } from './replay-window.js';
import { PRIMARY_HEADER_BYTES, writePrimaryHeader, type PacketType } from './space-packet.js';
import { CUC_BYTES, writeCuc } from './time-code.js';

export const MESSAGE_ID_OFFSET = PRIMARY_HEADER_BYTES + CUC_BYTES; // 12
export const KEY_ID_OFFSET = MESSAGE_ID_OFFSET + 2; // 14
export const TM_DATA_OFFSET = MESSAGE_ID_OFFSET + 2; // 14
export const SEQ_OFFSET = KEY_ID_OFFSET + 2; // 16
export const TC_DATA_OFFSET = SEQ_OFFSET + 8; // 24
export const CRC_BYTES = 2;
/** Octets after the user data of a TC: the MAC and the CRC. */
export const TRAILER_BYTES = MAC_BYTES + CRC_BYTES; // 18
/** Octets after the user data of a TM: the CRC. */
export const TM_TRAILER_BYTES = CRC_BYTES;
/** Smallest well-formed packets: an empty CBOR map (one octet) as user data. */
export const TM_BYTES_MIN = TM_DATA_OFFSET + 1 + TM_TRAILER_BYTES; // 17
export const TC_BYTES_MIN = TC_DATA_OFFSET + 1 + TRAILER_BYTES; // 43

export interface PacketHeaderFields {
  readonly apid: number;
  /** 14-bit count per APID, kept by the sender. */
  readonly sequenceCount: number;
  /** Mission time, seconds since the mission epoch. */
  readonly timeS: number;
}

export interface TelemetryPacket extends PacketHeaderFields {
  /** Telemetry packet or event id from the dictionary. */
  readonly id: number;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface TelecommandPacket extends PacketHeaderFields {
  readonly opcode: number;
  readonly keyId: number;
  /** Anti-replay sequence number, 1 .. 2^64 - 1. */
  readonly seq: bigint;
  readonly args: Readonly<Record<string, unknown>>;
}

function frame(
  type: PacketType,
  header: PacketHeaderFields,
  messageId: number,
  dataOffset: number,
  trailerBytes: number,
  data: Readonly<Record<string, unknown>>,
) {
  const cbor = encodeCbor(data);
  const total = dataOffset + cbor.length + trailerBytes;
  if (total > PROTOCOL_LIMITS.packetBytesMax) {
    throw new RangeError(`packet of ${total} bytes exceeds the mission maximum of ${PROTOCOL_LIMITS.packetBytesMax}`);
  }
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  writePrimaryHeader(view, type, header.apid, header.sequenceCount, total);
  writeCuc(view, PRIMARY_HEADER_BYTES, header.timeS);
  view.setUint16(MESSAGE_ID_OFFSET, messageId);
  bytes.set(cbor, dataOffset);
  return { bytes, view, dataEnd: dataOffset + cbor.length };
}

function checkKeyId(keyId: number): void {
  if (!Number.isInteger(keyId) || keyId < 0 || keyId > 0xffff) throw new RangeError(`key id ${keyId} is not 0..65535`);
}

/** Signs (MAC) and protects (CRC) a framed packet whose user data ends at dataEnd. */
function seal(bytes: Uint8Array, view: DataView, dataEnd: number, key: Uint8Array): Uint8Array {
  bytes.set(computeMac(key, bytes, 0, dataEnd), dataEnd);
  const crcAt = dataEnd + MAC_BYTES;
  view.setUint16(crcAt, crc16(bytes, 0, crcAt));
  return bytes;
}

/** Lays out and protects (CRC) one telemetry packet; its TM frame authenticates it. Throws RangeError when it would exceed the mission maximum: producers chunk. */
export function encodeTelemetry(packet: TelemetryPacket): Uint8Array {
  const { bytes, view, dataEnd } = frame('tm', packet, packet.id, TM_DATA_OFFSET, TM_TRAILER_BYTES, packet.data);
  view.setUint16(dataEnd, crc16(bytes, 0, dataEnd));
  return bytes;
}

/** Frames, signs and protects one telecommand. Arguments are not validated here (see build-telecommand.ts). */
export function encodeTelecommand(packet: TelecommandPacket, key: Uint8Array): Uint8Array {
  checkKeyId(packet.keyId);
  if (packet.seq < 1n || packet.seq > SEQ_MAX) throw new RangeError(`sequence number ${packet.seq} is not 1..2^64-1`);
  const { bytes, view, dataEnd } = frame('tc', packet, packet.opcode, TC_DATA_OFFSET, TRAILER_BYTES, packet.args);
  view.setUint16(KEY_ID_OFFSET, packet.keyId);
  view.setBigUint64(SEQ_OFFSET, packet.seq);
  return seal(bytes, view, dataEnd, key);
}
