/**
 * The CBOR user data codec. cbor-x is configured per instance, never through
 * its module globals, for interoperability: plain maps with text keys, byte
 * strings without tags, no records, no shared structures, no packing. Any
 * RFC 8949 decoder reads what this encodes.
 */

import { Decoder, Encoder, type Options } from 'cbor-x';
import { DEFAULT_CBOR_LIMITS, scanCbor, type CborLimits } from './cbor-scan.js';
import { accept, reject, type Result } from './result.js';

/** Options cbor-x reads but its typings omit. */
interface FullOptions extends Options {
  useTag259ForMaps?: boolean;
  int64AsNumber?: boolean;
}

const encoderOptions: FullOptions = {
  useRecords: false,
  structuredClone: false,
  pack: false,
  tagUint8Array: false,
  useTag259ForMaps: false,
  variableMapSize: true,
};

const decoderOptions: FullOptions = {
  useRecords: false,
  structuredClone: false,
  mapsAsObjects: true,
  int64AsNumber: true,
  // Decoded byte strings outlive the datagram they came in.
  copyBuffers: true,
};

/**
 * cbor-x's RESET_BUFFER_MODE (node_modules/cbor-x/encode.js; not re-exported by its index, nor typed):
 * every encode starts at the front of the encoder's one buffer. Without it each encode appends after
 * the last, and a byte string that does not fit the rest grows the buffer by 4 KiB for good, so over a
 * mission the buffer (and the copy made of it whenever it fills) grew without bound: 0.5 MB after
 * one orbit of the busy stack, 1 MB after five. Now it stays at 4 times the largest value encoded.
 */
const RESET_BUFFER_MODE = 1024;
const encoder = new Encoder(encoderOptions) as Encoder & { encode(value: unknown, mode: number): Uint8Array };
const decoder = new Decoder(decoderOptions);

/**
 * Encodes a plain object as one CBOR map. The returned bytes are overwritten by the next call: copy them.
 * They come as a plain Uint8Array view, never a Buffer, so that slice() copies (Buffer's slice is a view).
 */
export function encodeCbor(value: Readonly<Record<string, unknown>>): Uint8Array {
  const encoded = encoder.encode(value, RESET_BUFFER_MODE);
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}

/**
 * Decodes bytes[start, end) as one CBOR map after checking every limit.
 * Never throws.
 */
export function decodeCbor(bytes: Uint8Array, start = 0, end = bytes.length, limits: CborLimits = DEFAULT_CBOR_LIMITS): Result<Record<string, unknown>> {
  const scan = scanCbor(bytes, start, end, limits);
  if (!scan.ok) return scan;
  let value: Record<string, unknown>;
  try {
    // A plain Uint8Array view (never a Buffer) makes byte strings decode as plain Uint8Arrays.
    value = decoder.decode(new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start)) as Record<string, unknown>;
  } catch (error) {
    // The scan admits only what the decoder handles; this is a defence in depth.
    return reject('cbor-invalid', `CBOR decoder: ${(error as Error).message}`);
  }
  // Fewer keys decoded than pairs declared: some map repeats a key (RFC 8949 section 5.6).
  const keys = scan.containers === 1 ? Object.keys(value).length : countKeys(value);
  if (keys !== scan.mapPairs) return reject('cbor-invalid', 'a map repeats a key');
  return accept(value);
}

function countKeys(value: unknown): number {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += countKeys(item);
    return count;
  }
  for (const key in value) count += 1 + countKeys((value as Record<string, unknown>)[key]);
  return count;
}
