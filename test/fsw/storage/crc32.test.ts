import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { CRC32_IS_NATIVE, crc32, crc32Table } from '../../../fsw/storage/crc32.js';

const ascii = new TextEncoder();

describe('CRC-32', () => {
  it('gives the IEEE check value for "123456789", native and table alike', () => {
    expect(CRC32_IS_NATIVE).toBe(true); // Node 20.20 has zlib.crc32
    expect(crc32(ascii.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32Table(ascii.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32Table(new Uint8Array(0))).toBe(0);
  });

  test.prop([fc.uint8Array({ maxLength: 300 })])('the table fallback agrees with zlib.crc32', (bytes) => {
    expect(crc32Table(bytes)).toBe(crc32(bytes));
  });
});
