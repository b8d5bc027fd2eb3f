import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { readCuc, readPrimaryHeader, writeCuc, writePrimaryHeader, CUC_TIME_S_MAX } from '../../protocol/index.js';

describe('CCSDS primary header', () => {
  it('lays out the fields as CCSDS 133.0-B-2 does', () => {
    const view = new DataView(new ArrayBuffer(6));
    writePrimaryHeader(view, 'tc', 0x010, 1, 43);
    // 000 1 1 00000010000 | 11 00000000000001 | 43 - 7 = 36
    expect([...new Uint8Array(view.buffer)]).toEqual([0x18, 0x10, 0xc0, 0x01, 0x00, 0x24]);
  });

  test.prop([
    fc.constantFrom('tm' as const, 'tc' as const),
    fc.integer({ min: 0, max: 0x7ff }),
    fc.integer({ min: 0, max: 0x3fff }),
    fc.integer({ min: 7, max: 65542 }),
  ])('round-trips every field', (type, apid, count, total) => {
    const view = new DataView(new ArrayBuffer(6));
    writePrimaryHeader(view, type, apid, count, total);
    expect(readPrimaryHeader(view)).toEqual({ version: 0, type, secondaryHeader: true, apid, sequenceFlags: 3, sequenceCount: count, dataLength: total - 7 });
  });

  it('refuses values its fields cannot hold', () => {
    const view = new DataView(new ArrayBuffer(6));
    expect(() => writePrimaryHeader(view, 'tm', 0x800, 0, 20)).toThrow(RangeError);
    expect(() => writePrimaryHeader(view, 'tm', 1, 0x4000, 20)).toThrow(RangeError);
    expect(() => writePrimaryHeader(view, 'tm', 1, 0, 65543)).toThrow(RangeError);
  });
});

describe('CUC time code (4 coarse + 2 fine octets)', () => {
  it('encodes 12.5 s as 0000000C 8000', () => {
    const view = new DataView(new ArrayBuffer(6));
    writeCuc(view, 0, 12.5);
    expect(Buffer.from(view.buffer).toString('hex')).toBe('0000000c8000');
  });

  test.prop([fc.double({ min: 0, max: CUC_TIME_S_MAX, noNaN: true })])('round-trips within half a fine step', (timeS) => {
    const view = new DataView(new ArrayBuffer(6));
    writeCuc(view, 0, timeS);
    expect(Math.abs(readCuc(view, 0) - timeS)).toBeLessThanOrEqual(0.5 / 65536 + 1e-9);
  });

  it('refuses negative and out-of-range times', () => {
    const view = new DataView(new ArrayBuffer(6));
    expect(() => writeCuc(view, 0, -1)).toThrow(RangeError);
    expect(() => writeCuc(view, 0, 2 ** 32)).toThrow(RangeError);
    expect(() => writeCuc(view, 0, Number.NaN)).toThrow(RangeError);
  });
});
