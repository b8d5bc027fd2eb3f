/**
 * CRC-32 (IEEE 802.3, the zlib and PNG one): reflected polynomial 0xEDB88320,
 * initial value 0xFFFFFFFF, final XOR 0xFFFFFFFF. Check value 0xCBF43926 for
 * the ASCII bytes "123456789".
 *
 * Node's zlib.crc32 (Node 20.15 and later) is used when present; the table
 * implementation below is the fallback and is tested against it.
 */

import * as zlib from 'node:zlib';

type Crc32Function = (bytes: Uint8Array, previous?: number) => number;

const TABLE: Uint32Array = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
    table[byte] = crc >>> 0;
  }
  return table;
}

/** The table implementation, one byte at a time, going on from the CRC of the bytes before (0: none). Unsigned 32-bit result. */
export function crc32Table(bytes: Uint8Array, previous = 0): number {
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// The typings declare crc32 unconditionally; an older runtime may still lack it.
const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** True when the CRC comes from node:zlib rather than the table. */
export const CRC32_IS_NATIVE: boolean = typeof native === 'function';

/** CRC-32 of all of bytes; with `previous`, of the bytes before them followed by these (zlib's running CRC). Unsigned 32-bit result. */
export const crc32: Crc32Function = typeof native === 'function' ? (bytes, previous = 0) => native(bytes, previous) >>> 0 : crc32Table;
