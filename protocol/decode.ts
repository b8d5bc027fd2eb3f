/**
 * The one decode boundary: bytes from outside the process in, a typed result
 * out. It never throws. Checks run cheapest first and nothing is allocated on
 * the strength of an unchecked length:
 *
 *   size -> primary header -> length -> CRC
 *   TM: APID (its TM frame was authenticated before it: protocol/frames/)
 *   TC: APID -> key id -> MAC -> anti-replay
 *   -> message id -> CBOR limits and decode -> schema (one pass, by the
 *      decoder generated for the packet type; see decode-fields.ts)
 *
 * Telemetry is authenticated by its frame before anything in it is believed;
 * telecommands keep the order of ICD version 1.
 */

import { MAC_BYTES, macMatches, type KeyRing } from './auth.js';
import { crc16 } from './crc16.js';
import { decodeFields } from './decode-fields.js';
import type { CommandEntry, Dictionary, DownlinkEntry } from './dictionary/index.js';
import { PROTOCOL_LIMITS } from './limits.js';
import { CRC_BYTES, KEY_ID_OFFSET, MESSAGE_ID_OFFSET, SEQ_OFFSET, TC_BYTES_MIN, TC_DATA_OFFSET, TM_BYTES_MIN, TM_DATA_OFFSET } from './packet.js';
import type { ReplayWindow } from './replay-window.js';
import { reject, type RejectionReason } from './result.js';
import { PRIMARY_HEADER_BYTES, SEQUENCE_FLAGS_UNSEGMENTED, readPrimaryHeader, type PrimaryHeader } from './space-packet.js';
import { readCuc } from './time-code.js';

export interface DecodedTelemetry {
  readonly type: 'tm';
  readonly header: PrimaryHeader;
  readonly timeS: number;
  readonly id: number;
  readonly entry: DownlinkEntry;
  readonly data: Record<string, unknown>;
}

export interface DecodedTelecommand {
  readonly type: 'tc';
  readonly header: PrimaryHeader;
  readonly timeS: number;
  readonly opcode: number;
  readonly keyId: number;
  readonly seq: bigint;
  readonly entry: CommandEntry;
  readonly args: Record<string, unknown>;
  /** False only when decoded without keys (inspection tools): the MAC was not checked. */
  readonly authenticated: boolean;
}

export type DecodedPacket = DecodedTelemetry | DecodedTelecommand;

export interface PacketRejection {
  readonly ok: false;
  readonly reason: RejectionReason;
  readonly detail: string;
  /** What could be read before the rejection, for the operator. */
  readonly header?: PrimaryHeader;
  readonly keyId?: number;
  readonly seq?: bigint;
  /** The opcode field of a telecommand that passed the CRC. */
  readonly messageId?: number;
}

export type PacketResult<T extends DecodedPacket = DecodedPacket> = { readonly ok: true; readonly value: T } | PacketRejection;

export interface DecodeOptions {
  readonly dictionary: Dictionary;
  /** Accept only this packet type. */
  readonly expect?: 'tm' | 'tc';
  /**
   * Telecommand authentication (the uplink keys). Without it a telecommand
   * is decoded with authenticated: false (inspection only; flight code
   * always passes keys).
   */
  readonly keys?: KeyRing;
  /** Checked, not updated: the caller accepts the number once the command is taken. */
  readonly replay?: ReplayWindow;
}

function refuse(reason: RejectionReason, detail: string, context: Omit<PacketRejection, 'ok' | 'reason' | 'detail'> = {}): PacketRejection {
  return { ...reject(reason, detail), ...context };
}

const hex4 = (value: number) => `0x${value.toString(16).padStart(4, '0')}`;

export function decodePacket(bytes: Uint8Array, options: DecodeOptions): PacketResult {
  if (bytes.length > PROTOCOL_LIMITS.packetBytesMax) {
    return refuse('too-large', `${bytes.length} bytes exceeds the mission maximum of ${PROTOCOL_LIMITS.packetBytesMax}`);
  }
  if (bytes.length < PRIMARY_HEADER_BYTES) return refuse('truncated', `${bytes.length} bytes, the primary header alone is ${PRIMARY_HEADER_BYTES}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = readPrimaryHeader(view);
  if (header.version !== 0) return refuse('bad-header', `packet version ${header.version}, expected 0`, { header });
  if (!header.secondaryHeader) return refuse('bad-header', 'secondary header flag is 0, this mission always sets it', { header });
  if (header.sequenceFlags !== SEQUENCE_FLAGS_UNSEGMENTED) {
    return refuse('bad-header', `sequence flags ${header.sequenceFlags.toString(2).padStart(2, '0')}, only unsegmented (11) is used`, { header });
  }
  if (options.expect && header.type !== options.expect) {
    return refuse('bad-header', `a ${header.type.toUpperCase()} packet where ${options.expect.toUpperCase()} was expected`, { header });
  }
  const total = header.dataLength + PRIMARY_HEADER_BYTES + 1;
  if (bytes.length < total) return refuse('truncated', `length field says ${total} bytes, ${bytes.length} arrived`, { header });
  if (bytes.length > total) return refuse('bad-length', `length field says ${total} bytes, ${bytes.length} arrived`, { header });
  const minimum = header.type === 'tc' ? TC_BYTES_MIN : TM_BYTES_MIN;
  if (total < minimum) return refuse('bad-length', `${total} bytes is shorter than the smallest ${header.type.toUpperCase()} packet (${minimum})`, { header });

  const crcAt = total - CRC_BYTES;
  const crcSent = view.getUint16(crcAt);
  const crcComputed = crc16(bytes, 0, crcAt);
  if (crcSent !== crcComputed) return refuse('bad-crc', `CRC ${hex4(crcSent)} in packet, ${hex4(crcComputed)} computed`, { header });

  const timeS = readCuc(view, PRIMARY_HEADER_BYTES);
  const messageId = view.getUint16(MESSAGE_ID_OFFSET);

  if (header.type === 'tm') {
    const context = { header };
    const subsystem = options.dictionary.subsystemByApid(header.apid);
    if (!subsystem) return refuse('unknown-apid', `APID ${hex4(header.apid)} is not in the dictionary`, context);
    const entry = options.dictionary.downlinkById(messageId);
    if (!entry) return refuse('unknown-packet', `telemetry id ${hex4(messageId)} is not in the dictionary`, context);
    if (entry.subsystem !== subsystem) {
      return refuse(
        'unknown-packet',
        `${entry.def.name} (${hex4(messageId)}) belongs to ${entry.subsystem.name}, not to APID ${hex4(header.apid)} (${subsystem.name})`,
        context,
      );
    }
    const decoded = decodeFields(options.dictionary, entry, bytes, view, TM_DATA_OFFSET, crcAt, 'fields');
    if (!decoded.ok) return refuse(decoded.reason, decoded.detail, context);
    return { ok: true, value: { type: 'tm', header, timeS, id: messageId, entry, data: decoded.value } };
  }

  const keyId = view.getUint16(KEY_ID_OFFSET);
  const macAt = crcAt - MAC_BYTES;

  const subsystem = options.dictionary.subsystemByApid(header.apid);
  if (!subsystem) return refuse('unknown-apid', `APID ${hex4(header.apid)} is not in the dictionary`, { header });
  const seq = view.getBigUint64(SEQ_OFFSET);
  const context = { header, keyId, seq, messageId };
  const unauthentic = authenticate(options.keys, 'uplink', bytes, keyId, macAt, context);
  if (unauthentic) return unauthentic;
  if (options.replay) {
    const verdict = options.replay.check(keyId, seq);
    if (verdict !== 'new') {
      const highest = options.replay.highest(keyId);
      return refuse(
        'replay',
        `sequence number ${seq} is ${verdict === 'duplicate' ? 'already used' : 'older than the window'} (highest accepted ${highest}) for key ${keyId}`,
        context,
      );
    }
  }
  const entry = options.dictionary.commandByOpcode(messageId);
  if (!entry) return refuse('unknown-opcode', `opcode ${hex4(messageId)} is not in the dictionary`, context);
  if (entry.subsystem !== subsystem) {
    return refuse(
      'unknown-opcode',
      `${entry.def.name} (${hex4(messageId)}) belongs to ${entry.subsystem.name}, not to APID ${hex4(header.apid)} (${subsystem.name})`,
      context,
    );
  }
  const decoded = decodeFields(options.dictionary, entry, bytes, view, TC_DATA_OFFSET, macAt, 'args');
  if (!decoded.ok) return refuse(decoded.reason, decoded.detail, context);
  return {
    ok: true,
    value: { type: 'tc', header, timeS, opcode: messageId, keyId, seq, entry, args: decoded.value, authenticated: options.keys !== undefined },
  };
}

/** unknown-key or bad-mac when keys are given and the packet's MAC is not theirs; null when authentic or not checked. */
function authenticate(
  keys: KeyRing | undefined,
  direction: 'uplink',
  bytes: Uint8Array,
  keyId: number,
  macAt: number,
  context: Omit<PacketRejection, 'ok' | 'reason' | 'detail'>,
): PacketRejection | null {
  if (!keys) return null;
  const key = keys.get(keyId);
  if (!key) return refuse('unknown-key', `${direction} key id ${keyId} is not in the key store`, context);
  if (!macMatches(key, bytes, 0, macAt)) return refuse('bad-mac', `MAC does not authenticate the packet with ${direction} key ${keyId}`, context);
  return null;
}

/** decodePacket for telecommands only (a telemetry packet is refused as bad-header). */
export function decodeTelecommand(bytes: Uint8Array, options: Omit<DecodeOptions, 'expect'>): PacketResult<DecodedTelecommand> {
  return decodePacket(bytes, { ...options, expect: 'tc' }) as PacketResult<DecodedTelecommand>;
}

export interface TelemetryDecodeOptions {
  readonly dictionary: Dictionary;
}

/** decodePacket for telemetry only (a telecommand is refused as bad-header). Its frame has been authenticated. */
export function decodeTelemetry(bytes: Uint8Array, options: TelemetryDecodeOptions): PacketResult<DecodedTelemetry> {
  return decodePacket(bytes, { dictionary: options.dictionary, expect: 'tm' }) as PacketResult<DecodedTelemetry>;
}
