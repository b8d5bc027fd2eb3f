/**
 * CRC-16/CCITT-FALSE, the CCSDS packet error control: polynomial 0x1021,
 * initial value 0xFFFF, no reflection, no final XOR. Check value 0x29B1 for
 * the ASCII bytes "123456789".
 *
 * Computed four bytes at a time ("slicing by 4"): TABLES[k][i] is the
 * register contribution of byte value i followed by k zero bytes.
 */

const TABLES: readonly Uint16Array[] = buildTables();

function buildTables(): Uint16Array[] {
  const t0 = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    t0[byte] = crc;
  }
  const tables = [t0];
  for (let k = 1; k < 4; k++) {
    const previous = tables[k - 1]!;
    const next = new Uint16Array(256);
    for (let byte = 0; byte < 256; byte++) next[byte] = ((previous[byte]! << 8) & 0xffff) ^ t0[previous[byte]! >>> 8]!;
    tables.push(next);
  }
  return tables;
}

const [T0, T1, T2, T3] = TABLES as [Uint16Array, Uint16Array, Uint16Array, Uint16Array];

/** CRC of bytes[start, end). */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  let i = start;
  for (const stop = end - 3; i < stop; i += 4) {
    const x = crc ^ ((bytes[i]! << 8) | bytes[i + 1]!);
    crc = T3[x >>> 8]! ^ T2[x & 0xff]! ^ T1[bytes[i + 2]!]! ^ T0[bytes[i + 3]!]!;
  }
  for (; i < end; i++) crc = ((crc << 8) & 0xff00) ^ T0[((crc >>> 8) ^ bytes[i]!) & 0xff]!;
  return crc;
}
