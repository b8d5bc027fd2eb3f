import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { crc16 } from '../../protocol/index.js';

/** Bit-by-bit reference of CRC-16/CCITT-FALSE, independent of the table. */
function crcBitwise(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

describe('CRC-16/CCITT-FALSE', () => {
  it('has the catalogue check value 0x29B1 for "123456789"', () => {
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x29b1);
  });

  it('is 0xFFFF (the initial value) for no bytes', () => {
    expect(crc16(new Uint8Array(0))).toBe(0xffff);
  });

  test.prop([fc.uint8Array({ maxLength: 300 })])('the table form agrees with the bitwise definition', (bytes) => {
    expect(crc16(bytes)).toBe(crcBitwise(bytes));
  });

  test.prop([fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), fc.nat()])('covers exactly the requested range', (bytes, a, b) => {
    const start = a % bytes.length;
    const end = start + (b % (bytes.length - start + 1));
    expect(crc16(bytes, start, end)).toBe(crcBitwise(bytes.subarray(start, end)));
  });
});
