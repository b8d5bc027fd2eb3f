import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SPACECRAFT_ID,
  FHP_NO_PACKET_START,
  ReplayWindow,
  TM_FRAME_BYTES,
  decodeTmFrame,
  encodeTmFrame,
  tmDataFieldBytes,
  toHex,
} from '../../../protocol/index.js';
import { TEST_TM_KEYS, TEST_TM_SIGNING } from '../../helpers/packets.js';
import { flipBit } from './arbitraries.js';

const FRAME_BYTES = 120;
const header = { spacecraftId: DEFAULT_SPACECRAFT_ID, vcid: 1, masterCount: 9, virtualCount: 4, firstHeaderPointer: 0, sequence: 77n };
const data = new Uint8Array(tmDataFieldBytes(FRAME_BYTES)).map((_, i) => i);
const expectation = () => ({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: FRAME_BYTES, keys: TEST_TM_KEYS, replay: new ReplayWindow() });

describe('TM Transfer Frame (CCSDS 132.0-B-3) with the SDLS header and trailer', () => {
  it('lays out the primary header, the security header, the MAC and the FECF', () => {
    const bytes = encodeTmFrame(
      { ...header, spacecraftId: 0x3ff, vcid: 7, masterCount: 0xfe, virtualCount: 0x01, firstHeaderPointer: 0x7fe, sequence: 0x0102n },
      data,
      TEST_TM_SIGNING,
    );
    // version 00, SCID 0x3ff, VCID 7, OCF 0 | MC 0xfe | VC 0x01 | 000 11 0x7fe | SPI 2 | sequence 0x0102
    expect(toHex(bytes.subarray(0, 16))).toBe('3ffefe011ffe00020000000000000102');
    expect(bytes.length).toBe(FRAME_BYTES);
    expect(TM_FRAME_BYTES).toBe(1115);
  });

  test.prop([
    fc.integer({ min: 0, max: 0x3ff }),
    fc.constantFrom(0, 1, 2, 7),
    fc.nat(0xff),
    fc.nat(0xff),
    fc.oneof(fc.integer({ min: 0, max: tmDataFieldBytes(FRAME_BYTES) - 1 }), fc.constantFrom(0x7fe, 0x7ff)),
    fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
  ])('round-trips every field', (spacecraftId, vcid, masterCount, virtualCount, firstHeaderPointer, sequence) => {
    const fields = { spacecraftId, vcid, masterCount, virtualCount, firstHeaderPointer, sequence };
    const decoded = decodeTmFrame(encodeTmFrame(fields, data, TEST_TM_SIGNING), { ...expectation(), spacecraftId });
    expect(decoded.ok && { ...decoded.value, data: toHex(decoded.value.data) }).toEqual({ ...fields, keyId: TEST_TM_SIGNING.keyId, data: toHex(data) });
  });

  it('refuses every single-bit flip of a valid frame', () => {
    const bytes = encodeTmFrame(header, data, TEST_TM_SIGNING);
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      if (decodeTmFrame(flipBit(bytes, bit), expectation()).ok) throw new Error(`bit ${bit} flipped was accepted`);
    }
  });

  it('refuses a forged MAC (CRC made good), an unknown key, another spacecraft and a replay, each with its reason', () => {
    const forged = encodeTmFrame(header, data, { keyId: TEST_TM_SIGNING.keyId, key: new Uint8Array(32) });
    expect(decodeTmFrame(forged, expectation())).toMatchObject({ ok: false, reason: 'bad-mac' });
    expect(decodeTmFrame(encodeTmFrame(header, data, { keyId: 9, key: new Uint8Array(32) }), expectation())).toMatchObject({
      ok: false,
      reason: 'unknown-key',
    });
    expect(decodeTmFrame(encodeTmFrame({ ...header, spacecraftId: 0x100 }, data, TEST_TM_SIGNING), expectation())).toMatchObject({
      ok: false,
      reason: 'wrong-spacecraft',
    });
    const receiver = expectation();
    const bytes = encodeTmFrame(header, data, TEST_TM_SIGNING);
    expect(decodeTmFrame(bytes, receiver).ok).toBe(true);
    expect(decodeTmFrame(bytes, receiver)).toMatchObject({ ok: false, reason: 'replay', detail: 'frame sequence number 77 under key 2 is duplicate' });
    const older = encodeTmFrame({ ...header, sequence: 10n }, data, TEST_TM_SIGNING);
    expect(decodeTmFrame(older, receiver)).toMatchObject({ ok: false, reason: 'replay' });
  });

  it('refuses a first header pointer past the data field', () => {
    const bytes = encodeTmFrame({ ...header, firstHeaderPointer: tmDataFieldBytes(FRAME_BYTES) }, data, TEST_TM_SIGNING);
    expect(decodeTmFrame(bytes, expectation())).toMatchObject({ ok: false, reason: 'bad-pointer' });
    expect(decodeTmFrame(encodeTmFrame({ ...header, firstHeaderPointer: FHP_NO_PACKET_START }, data, TEST_TM_SIGNING), expectation()).ok).toBe(true);
  });

  test.prop([fc.uint8Array({ minLength: FRAME_BYTES - 2, maxLength: FRAME_BYTES + 2 })])('random bytes never throw and are refused', (bytes) => {
    expect(decodeTmFrame(bytes, expectation()).ok).toBe(false);
  });

  test.prop([fc.nat()])('every truncation is refused', (cut) => {
    const bytes = encodeTmFrame(header, data, TEST_TM_SIGNING);
    expect(decodeTmFrame(bytes.subarray(0, cut % bytes.length), expectation())).toMatchObject({ ok: false, reason: 'truncated' });
  });
});
