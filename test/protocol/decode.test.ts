import { describe, expect, it } from 'vitest';
import {
  PROTOCOL_LIMITS,
  REJECTION_REASONS,
  ReplayWindow,
  TC_DATA_OFFSET,
  computeMac,
  crc16,
  decodePacket,
  encodeCbor,
  encodeTelecommand,
  encodeTelemetry,
  type DecodeOptions,
  type PacketResult,
  type RejectionReason,
} from '../../protocol/index.js';
import { OTHER_KEY, TEST_KEY, TEST_KEYS, dictionary, sampleTcBytes, sampleTelecommand, sampleTelemetry, sampleTmBytes } from '../helpers/packets.js';

const withKeys: DecodeOptions = { dictionary, keys: TEST_KEYS };
const reasonOf = (result: PacketResult) => (result.ok ? 'ok' : result.reason);

/** Rewrites the CRC (and optionally the MAC with `key`) after a deliberate edit, so a later check is the one that fires. */
function reseal(bytes: Uint8Array, macKey?: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (macKey) {
    const macAt = bytes.length - 18;
    bytes.set(computeMac(macKey, bytes, 0, macAt), macAt);
  }
  view.setUint16(bytes.length - 2, crc16(bytes, 0, bytes.length - 2));
  return bytes;
}

describe('decodePacket: valid packets', () => {
  it('decodes a telemetry packet with every header field', () => {
    const result = decodePacket(sampleTmBytes(), { dictionary });
    expect(result.ok).toBe(true);
    if (!result.ok || result.value.type !== 'tm') return;
    expect(result.value.header).toMatchObject({ version: 0, type: 'tm', apid: 0x020, sequenceCount: 42 });
    expect(result.value.timeS).toBe(5400.25);
    expect(result.value.entry.def.name).toBe('power_hk');
    expect(result.value.data).toEqual(sampleTelemetry().data);
  });

  it('decodes and authenticates a telecommand', () => {
    const result = decodePacket(sampleTcBytes(), withKeys);
    expect(result.ok).toBe(true);
    if (!result.ok || result.value.type !== 'tc') return;
    expect(result.value).toMatchObject({ keyId: 1, seq: 7n, opcode: 0x0101, authenticated: true, args: { mode: 'SAFE' } });
  });

  it('decodes a telecommand without keys as unauthenticated, for inspection', () => {
    const result = decodePacket(sampleTcBytes(), { dictionary });
    expect(result.ok && result.value.type === 'tc' && result.value.authenticated).toBe(false);
  });

  it('lays a telemetry packet out with no key id and no MAC: its TM frame authenticates it (ICD 3)', () => {
    const bytes = sampleTmBytes();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Primary header (6), time (6), message id (2), then the CBOR map at once; the CRC last.
    expect(bytes[14]! & 0xe0).toBe(0xa0);
    expect(view.getUint16(bytes.length - 2)).toBe(crc16(bytes, 0, bytes.length - 2));
  });
});

describe('decodePacket: every rejection reason, with its detail', () => {
  const cases: Array<[RejectionReason, () => PacketResult]> = [
    ['truncated', () => decodePacket(sampleTmBytes().subarray(0, 4), { dictionary })],
    ['truncated', () => decodePacket(sampleTmBytes().subarray(0, 20), { dictionary })],
    [
      'bad-header',
      () => {
        const b = sampleTmBytes();
        b[0]! |= 0x20;
        return decodePacket(reseal(b), { dictionary });
      },
    ],
    [
      'bad-header',
      () => {
        const b = sampleTmBytes();
        b[0]! &= ~0x08;
        return decodePacket(reseal(b), { dictionary });
      },
    ],
    [
      'bad-header',
      () => {
        const b = sampleTmBytes();
        b[2]! &= 0x3f;
        return decodePacket(reseal(b), { dictionary });
      },
    ],
    ['bad-header', () => decodePacket(sampleTmBytes(), { dictionary, expect: 'tc' })],
    ['bad-length', () => decodePacket(new Uint8Array([...sampleTmBytes(), 0]), { dictionary })],
    [
      'bad-length',
      () => {
        const b = new Uint8Array(10);
        new DataView(b.buffer).setUint16(0, 0x0810);
        b[2] = 0xc0;
        b[5] = 3;
        return decodePacket(b, { dictionary });
      },
    ],
    [
      'bad-crc',
      () => {
        const b = sampleTmBytes();
        b[b.length - 1]! ^= 1;
        return decodePacket(b, { dictionary });
      },
    ],
    ['unknown-apid', () => decodePacket(encodeTelemetry(sampleTelemetry({ apid: 0x123 })), { dictionary })],
    ['unknown-packet', () => decodePacket(encodeTelemetry(sampleTelemetry({ id: 0x7777 })), { dictionary })],
    ['unknown-packet', () => decodePacket(encodeTelemetry(sampleTelemetry({ apid: 0x030 })), { dictionary })],
    ['fields-invalid', () => decodePacket(encodeTelemetry(sampleTelemetry({ data: { socPct: 'full' } })), { dictionary })],
    ['unknown-key', () => decodePacket(sampleTcBytes({ keyId: 9 }), withKeys)],
    ['bad-mac', () => decodePacket(sampleTcBytes({}, OTHER_KEY), withKeys)],
    [
      'bad-mac',
      () => {
        const b = sampleTcBytes();
        b[TC_DATA_OFFSET + 3]! ^= 1;
        return decodePacket(reseal(b), withKeys);
      },
    ],
    [
      'replay',
      () => {
        const replay = new ReplayWindow();
        replay.accept(1, 7n);
        return decodePacket(sampleTcBytes(), { ...withKeys, replay });
      },
    ],
    [
      'replay',
      () => {
        const replay = new ReplayWindow();
        replay.accept(1, 1000n);
        return decodePacket(sampleTcBytes(), { ...withKeys, replay });
      },
    ],
    ['unknown-opcode', () => decodePacket(encodeTelecommand(sampleTelecommand({ opcode: 0x7777 }), TEST_KEY), withKeys)],
    ['unknown-opcode', () => decodePacket(encodeTelecommand(sampleTelecommand({ apid: 0x020 }), TEST_KEY), withKeys)],
    ['args-invalid', () => decodePacket(encodeTelecommand(sampleTelecommand({ args: { mode: 'BOOT' } }), TEST_KEY), withKeys)],
    ['args-invalid', () => decodePacket(encodeTelecommand(sampleTelecommand({ args: { mode: 'SAFE', extra: 1 } }), TEST_KEY), withKeys)],
    ['too-large', () => decodePacket(new Uint8Array(PROTOCOL_LIMITS.packetBytesMax + 1), { dictionary })],
    ['too-large', () => decodePacket(encodeTelecommand(sampleTelecommand({ args: { mode: Array.from({ length: 1100 }, () => 0) } }), TEST_KEY), withKeys)],
    [
      'cbor-invalid',
      () => {
        const b = sampleTcBytes();
        b[TC_DATA_OFFSET] = 0xc1;
        return decodePacket(reseal(b, TEST_KEY), withKeys);
      },
    ],
    ['too-deep', () => decodePacket(encodeTelecommand(sampleTelecommand({ args: { mode: [[[[[[[[[1]]]]]]]]] } }), TEST_KEY), withKeys)],
  ];

  it.each(cases)('%s', (reason, run) => {
    const result = run();
    expect(reasonOf(result)).toBe(reason);
    if (!result.ok) expect(result.detail.length).toBeGreaterThan(10);
  });

  it('covers every declared reason', () => {
    expect(new Set(cases.map(([reason]) => reason))).toEqual(new Set(REJECTION_REASONS));
  });

  it('checks the MAC before the CBOR: a forged packet is refused as bad-mac, not parsed', () => {
    const forged = encodeTelecommand(sampleTelecommand({ args: { mode: [[[[[[[[[1]]]]]]]]] } }), OTHER_KEY);
    expect(reasonOf(decodePacket(forged, withKeys))).toBe('bad-mac');
  });

  it('names the rejected command’s key id and sequence number', () => {
    const result = decodePacket(sampleTcBytes({}, OTHER_KEY), withKeys);
    expect(result.ok).toBe(false);
    if (!result.ok) expect({ keyId: result.keyId, seq: result.seq }).toEqual({ keyId: 1, seq: 7n });
  });

  it('refuses a telemetry packet as large as the maximum only if its CBOR is bad, not for its size', () => {
    const data = { jobId: 1, chunk: 0, chunks: 1, data: new Uint8Array(3072) };
    const bytes = encodeTelemetry({ apid: 0x050, sequenceCount: 0, timeS: 0, id: 0x0501, data });
    expect(bytes.length).toBeLessThanOrEqual(PROTOCOL_LIMITS.packetBytesMax);
    expect(reasonOf(decodePacket(bytes, { dictionary }))).toBe('ok');
    expect(encodeCbor(data).length).toBeGreaterThan(3072);
  });

  it('refuses to encode a packet beyond the mission maximum', () => {
    expect(() => encodeTelemetry(sampleTelemetry({ data: { blob: new Uint8Array(PROTOCOL_LIMITS.packetBytesMax) } }))).toThrow(RangeError);
  });
});
