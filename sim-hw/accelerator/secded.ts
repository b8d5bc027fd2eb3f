/**
 * Hsiao (72,64) SECDED code: 64 data bits (two uint32 halves, lo = bits
 * 0..31, hi = bits 32..63) protected by 8 check bits (bits 64..71 of the
 * codeword). Every column of the parity-check matrix H has odd weight:
 *   data bits  0..55  the 56 weight-3 byte values, in increasing order
 *   data bits 56..63  the 8 rotations of 0b00011111 (weight 5)
 *   check bits 64..71 the unit columns 1 << (bit - 64)
 * Each row of H then holds 21 + 5 data ones (balanced, as Hsiao prescribes).
 * Syndrome = XOR of the columns of the flipped bits (the code is linear), so
 * a single flip gives its own column (corrected), a double flip gives an even,
 * non-zero syndrome that is never a column (detected), and odd numbers of
 * flips may alias a column (miscorrected).
 */

export const SECDED_DATA_BITS = 64;
export const SECDED_CHECK_BITS = 8;
export const SECDED_CODE_BITS = 72;

/** Classification codes of classifyErrorCode (low 3 bits); the decoder's flipped bit sits in bits 3 and up. */
export const ECC_NONE = 0;
export const ECC_CORRECTED = 1;
export const ECC_UNCORRECTABLE = 2;
export const ECC_MISCORRECTED = 3;
export const ECC_SILENT = 4;

export type EccKind = 'none' | 'corrected' | 'uncorrectable' | 'miscorrected' | 'silent';

export interface EccClass {
  readonly kind: EccKind;
  /** The codeword bit (0..71) the decoder flips, for 'corrected' and 'miscorrected'. */
  readonly bit?: number;
}

const ECC_KINDS: readonly EccKind[] = ['none', 'corrected', 'uncorrectable', 'miscorrected', 'silent'];

function popcount8(value: number): number {
  let count = 0;
  for (let v = value; v !== 0; v &= v - 1) count++;
  return count;
}

/** The 72 columns of H, one byte each (immutable lookup table, built once). */
const COLUMNS: Uint8Array = (() => {
  const columns = new Uint8Array(SECDED_CODE_BITS);
  let bit = 0;
  for (let value = 1; value < 256; value++) if (popcount8(value) === 3) columns[bit++] = value;
  for (let rotation = 0; rotation < 8; rotation++) {
    columns[bit++] = ((0x1f << rotation) | (0x1f >>> (8 - rotation))) & 0xff;
  }
  for (let check = 0; check < SECDED_CHECK_BITS; check++) columns[bit++] = 1 << check;
  if (bit !== SECDED_CODE_BITS) throw new Error(`Hsiao H has ${bit} columns, expected 72`);
  return columns;
})();

/** ENCODE[byteIndex * 256 + byteValue] = XOR of the columns of the set bits of that data byte. */
const ENCODE: Uint8Array = (() => {
  const table = new Uint8Array(8 * 256);
  for (let byteIndex = 0; byteIndex < 8; byteIndex++) {
    for (let value = 0; value < 256; value++) {
      let syndrome = 0;
      for (let b = 0; b < 8; b++) if ((value >>> b) & 1) syndrome ^= COLUMNS[byteIndex * 8 + b]!;
      table[byteIndex * 256 + value] = syndrome;
    }
  }
  return table;
})();

/** SYNDROME_BIT[s] = the codeword bit whose column is s, or -1. */
const SYNDROME_BIT: Int8Array = (() => {
  const table = new Int8Array(256).fill(-1);
  for (let bit = 0; bit < SECDED_CODE_BITS; bit++) {
    const column = COLUMNS[bit]!;
    if (table[column] !== -1) throw new Error(`Hsiao H column ${column} repeats`);
    table[column] = bit;
  }
  return table;
})();

/** The H column (a byte) of codeword bit 0..71. */
export function secdedColumn(bit: number): number {
  const column = COLUMNS[bit];
  if (column === undefined || !Number.isInteger(bit)) throw new RangeError(`codeword bit ${bit} is not 0..71`);
  return column;
}

/** The check byte of a 64-bit data word. */
export function secdedEncode(lo: number, hi: number): number {
  return (
    ENCODE[lo & 0xff]! ^
    ENCODE[256 + ((lo >>> 8) & 0xff)]! ^
    ENCODE[512 + ((lo >>> 16) & 0xff)]! ^
    ENCODE[768 + (lo >>> 24)]! ^
    ENCODE[1024 + (hi & 0xff)]! ^
    ENCODE[1280 + ((hi >>> 8) & 0xff)]! ^
    ENCODE[1536 + ((hi >>> 16) & 0xff)]! ^
    ENCODE[1792 + (hi >>> 24)]!
  );
}

/** Syndrome of a stored codeword: 0 when it is a valid codeword. */
export function secdedSyndrome(lo: number, hi: number, check: number): number {
  return secdedEncode(lo, hi) ^ (check & 0xff);
}

/** The codeword bit the decoder flips for a syndrome, or -1 when the syndrome is no column. */
export function syndromeBit(syndrome: number): number {
  return SYNDROME_BIT[syndrome & 0xff]!;
}

export type DecodeStatus = 'clean' | 'corrected' | 'uncorrectable';

/**
 * The decoder as the memory controller runs it: writes the delivered data
 * word into out[0] (lo), out[1] (hi) and the check byte into out[2].
 * 'uncorrectable' delivers the stored word unchanged.
 */
export function secdedDecode(lo: number, hi: number, check: number, out: Uint32Array): DecodeStatus {
  const syndrome = secdedSyndrome(lo, hi, check);
  out[0] = lo;
  out[1] = hi;
  out[2] = check & 0xff;
  if (syndrome === 0) return 'clean';
  const bit = SYNDROME_BIT[syndrome]!;
  if (bit < 0) return 'uncorrectable';
  if (bit < 32) out[0] = (lo ^ (1 << bit)) >>> 0;
  else if (bit < 64) out[1] = (hi ^ (1 << (bit - 32))) >>> 0;
  else out[2] = (check ^ (1 << (bit - 64))) & 0xff;
  return 'corrected';
}

function maskBitCount(maskLo: number, maskHi: number, maskCheck: number): number {
  let count = 0;
  for (let v = maskLo >>> 0; v !== 0; v = (v & (v - 1)) >>> 0) count++;
  for (let v = maskHi >>> 0; v !== 0; v = (v & (v - 1)) >>> 0) count++;
  return count + popcount8(maskCheck & 0xff);
}

function maskHasBit(maskLo: number, maskHi: number, maskCheck: number, bit: number): boolean {
  if (bit < 32) return ((maskLo >>> bit) & 1) === 1;
  if (bit < 64) return ((maskHi >>> (bit - 32)) & 1) === 1;
  return ((maskCheck >>> (bit - 64)) & 1) === 1;
}

/**
 * What the decoder makes of a stored codeword whose flipped bits are the mask
 * (allocation-free): kind in the low 3 bits (ECC_*), the decoder's bit above.
 */
export function classifyErrorCode(maskLo: number, maskHi: number, maskCheck: number): number {
  if ((maskLo | maskHi | (maskCheck & 0xff)) === 0) return ECC_NONE;
  const syndrome = secdedEncode(maskLo, maskHi) ^ (maskCheck & 0xff);
  if (syndrome === 0) return ECC_SILENT;
  const bit = SYNDROME_BIT[syndrome]!;
  if (bit < 0) return ECC_UNCORRECTABLE;
  const only = maskBitCount(maskLo, maskHi, maskCheck) === 1 && maskHasBit(maskLo, maskHi, maskCheck, bit);
  return (bit << 3) | (only ? ECC_CORRECTED : ECC_MISCORRECTED);
}

/** classifyErrorCode as a plain object. */
export function classifyError(maskLo: number, maskHi: number, maskCheck: number): EccClass {
  const code = classifyErrorCode(maskLo, maskHi, maskCheck);
  const kind = ECC_KINDS[code & 7]!;
  return kind === 'corrected' || kind === 'miscorrected' ? { kind, bit: code >>> 3 } : { kind };
}
