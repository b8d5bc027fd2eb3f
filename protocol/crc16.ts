/**
 * CRC-16/CCITT-FALSE, the CCSDS packet error control: polynomial 0x1021,
 * initial value 0xFFFF, no reflection, no final XOR. Check value 0x29B1 for
 * the ASCII bytes "123456789".
 *
 * Computed eight bytes at a time ("slicing by 8"): TABLES[k][i] is the
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
  for (let k = 1; k < 8; k++) {
    const previous = tables[k - 1]!;
    const next = new Uint16Array(256);
    for (let byte = 0; byte < 256; byte++) next[byte] = ((previous[byte]! << 8) & 0xffff) ^ t0[previous[byte]! >>> 8]!;
    tables.push(next);
  }
  return tables;
}

const [T0, T1, T2, T3, T4, T5, T6, T7] = TABLES as [Uint16Array, Uint16Array, Uint16Array, Uint16Array, Uint16Array, Uint16Array, Uint16Array, Uint16Array];

/** CRC of bytes[start, end). */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  let i = start;
  for (const stop = end - 7; i < stop; i += 8) {
    const x = crc ^ ((bytes[i]! << 8) | bytes[i + 1]!);
    crc =
      T7[x >>> 8]! ^
      T6[x & 0xff]! ^
      T5[bytes[i + 2]!]! ^
      T4[bytes[i + 3]!]! ^
      T3[bytes[i + 4]!]! ^
      T2[bytes[i + 5]!]! ^
      T1[bytes[i + 6]!]! ^
      T0[bytes[i + 7]!]!;
  }
  for (; i < end; i++) crc = ((crc << 8) & 0xff00) ^ T0[((crc >>> 8) ^ bytes[i]!) & 0xff]!;
  return crc;
}
