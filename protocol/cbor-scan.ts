/**
 * A bounded, allocation-free pass over CBOR bytes that runs before the decoder
 * builds anything. It accepts exactly the subset this protocol uses and checks
 * every limit, so the decoder that follows never sees a length it would
 * allocate for, a nesting it would recurse into, or an item it does not expect.
 *
 * Accepted: unsigned and negative integers up to 2^53 - 1 in magnitude, byte
 * strings, UTF-8 text strings, arrays, maps with text-string keys, false,
 * true, null, and half, single and double floats; all with definite lengths.
 * Refused: tags, indefinite lengths, undefined and other simple values,
 * reserved additional-information values.
 */

import { PROTOCOL_LIMITS } from './limits.js';
import { reject, type Rejection } from './result.js';

export interface CborLimits {
  readonly depthMax: number;
  readonly itemsMax: number;
  readonly textBytesMax: number;
}

/** What a successful scan found: the decoder's output is checked against it. */
export interface CborScan {
  readonly ok: true;
  /** Pairs declared by all maps, to detect duplicate keys after decoding. */
  readonly mapPairs: number;
  /** Arrays and maps, the top-level map included. */
  readonly containers: number;
}

export const DEFAULT_CBOR_LIMITS: CborLimits = {
  depthMax: PROTOCOL_LIMITS.cborDepthMax,
  itemsMax: PROTOCOL_LIMITS.cborItemsMax,
  textBytesMax: PROTOCOL_LIMITS.cborTextBytesMax,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });
// Scratch stacks, reused: the scan is synchronous and never re-entered.
let remainingStack = new Float64Array(DEFAULT_CBOR_LIMITS.depthMax + 1);
let isMapStack = new Uint8Array(DEFAULT_CBOR_LIMITS.depthMax + 1);
const TWO_POW_32 = 4294967296;

/**
 * Scans one CBOR data item filling bytes[start, end) exactly, whose top level
 * must be a map. Per item, in order: item count, map key type, argument
 * bytes present, integer range, declared length against the bytes left,
 * text length limit, UTF-8, nesting depth. Returns the first rejection, or
 * what the decoder's output must match.
 */
export function scanCbor(bytes: Uint8Array, start: number, end: number, limits: CborLimits = DEFAULT_CBOR_LIMITS): Rejection | CborScan {
  // remaining[d]: items still expected in the container at depth d;
  // isMap[d]: whether that container is a map (keys at even positions).
  if (remainingStack.length < limits.depthMax + 1) {
    remainingStack = new Float64Array(limits.depthMax + 1);
    isMapStack = new Uint8Array(limits.depthMax + 1);
  }
  const remaining = remainingStack;
  const isMap = isMapStack;
  remaining[0] = 1;
  isMap[0] = 0;
  let depth = 0;
  let pos = start;
  let items = 0;
  let mapPairs = 0;
  let containers = 0;

  while (depth >= 0) {
    const left = remaining[depth]!;
    if (left === 0) {
      depth--;
      continue;
    }
    remaining[depth] = left - 1;
    const isKey = isMap[depth] === 1 && left % 2 === 0;

    if (pos >= end) return reject('cbor-invalid', `CBOR ends early at byte ${pos - start}: ${depth === 0 ? 'no data item' : 'a container is missing items'}`);
    const initial = bytes[pos]!;
    const major = initial >>> 5;
    const info = initial & 0x1f;
    const itemAt = pos - start;
    pos++;

    if (++items > limits.itemsMax) return reject('too-large', `CBOR holds more than ${limits.itemsMax} data items`);
    if (depth === 0 && major !== 5) return reject('cbor-invalid', 'user data must be one CBOR map');
    if (isKey && major !== 3) return reject('cbor-invalid', `map key at byte ${itemAt} is not a text string (major type ${major})`);

    // The argument: the value for ints, the length for strings and containers.
    let argument: number;
    if (info < 24) {
      argument = info;
    } else if (info <= 27) {
      const width = 1 << (info - 24);
      if (end - pos < width) return reject('cbor-invalid', `CBOR ends inside the item at byte ${itemAt}`);
      if (info === 24) argument = bytes[pos]!;
      else if (info === 25) argument = (bytes[pos]! << 8) | bytes[pos + 1]!;
      else if (info === 26) argument = readUint32(bytes, pos);
      else {
        const high = readUint32(bytes, pos);
        // Floats (major 7) use all 64 bits; integers and lengths must stay below 2^53.
        if (major !== 7 && high >= 0x200000) return reject('cbor-invalid', `integer or length at byte ${itemAt} exceeds 2^53 - 1 in magnitude`);
        argument = high * TWO_POW_32 + readUint32(bytes, pos + 4);
        // A negative integer is -1 - argument: -(2^53) is one beyond the limit.
        if (major === 1 && argument === 2 ** 53 - 1) return reject('cbor-invalid', `integer at byte ${itemAt} exceeds 2^53 - 1 in magnitude`);
      }
      pos += width;
    } else if (info === 31) {
      return reject('cbor-invalid', `indefinite-length item at byte ${itemAt}: this protocol requires definite lengths`);
    } else {
      return reject('cbor-invalid', `reserved additional information ${info} at byte ${itemAt}`);
    }

    switch (major) {
      case 0:
      case 1:
        break;
      case 2:
      case 3: {
        if (argument > end - pos) return reject('cbor-invalid', `string at byte ${itemAt} declares ${argument} bytes, ${end - pos} remain`);
        if (major === 3) {
          if (isKey && isProtoKey(bytes, pos, argument))
            return reject('cbor-invalid', `map key "__proto__" at byte ${itemAt} is not allowed (decoded, it would set an object's prototype)`);
          if (argument > limits.textBytesMax) return reject('too-large', `text string at byte ${itemAt} is ${argument} bytes, limit ${limits.textBytesMax}`);
          if (!isAscii(bytes, pos, pos + argument)) {
            try {
              utf8.decode(bytes.subarray(pos, pos + argument));
            } catch {
              return reject('cbor-invalid', `text string at byte ${itemAt} is not valid UTF-8`);
            }
          }
        }
        pos += argument;
        break;
      }
      case 4:
      case 5: {
        const count = major === 5 ? argument * 2 : argument;
        // Every item takes at least one byte: a count beyond the bytes left is a lie.
        if (count > end - pos)
          return reject('cbor-invalid', `${major === 5 ? 'map' : 'array'} at byte ${itemAt} declares ${argument} entries, ${end - pos} bytes remain`);
        if (depth + 1 > limits.depthMax) return reject('too-deep', `CBOR nests deeper than ${limits.depthMax} levels at byte ${itemAt}`);
        depth++;
        remaining[depth] = count;
        isMap[depth] = major === 5 ? 1 : 0;
        containers++;
        if (major === 5) mapPairs += argument;
        break;
      }
      case 6:
        return reject('cbor-invalid', `CBOR tag ${argument} at byte ${itemAt}: this protocol uses no tags`);
      default: // major 7
        if (info < 20 || info === 23 || info === 24) {
          return reject('cbor-invalid', `simple value ${info === 24 ? argument : info} at byte ${itemAt} is not used by this protocol`);
        }
        break;
    }
  }
  if (pos !== end) return reject('cbor-invalid', `${end - pos} bytes follow the CBOR map`);
  return { ok: true, mapPairs, containers };
}

function readUint32(bytes: Uint8Array, pos: number): number {
  return ((bytes[pos]! << 24) | (bytes[pos + 1]! << 16) | (bytes[pos + 2]! << 8) | bytes[pos + 3]!) >>> 0;
}

function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

const PROTO_KEY = [0x5f, 0x5f, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x5f, 0x5f]; // "__proto__"

function isProtoKey(bytes: Uint8Array, pos: number, length: number): boolean {
  if (length !== PROTO_KEY.length) return false;
  for (let i = 0; i < length; i++) if (bytes[pos + i] !== PROTO_KEY[i]) return false;
  return true;
}
