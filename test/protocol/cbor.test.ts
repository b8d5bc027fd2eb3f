import { fc, test } from '@fast-check/vitest';
import * as cborg from 'cborg';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_LIMITS, decodeCbor, encodeCbor } from '../../protocol/index.js';

const hex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

/** A map nesting `depth` levels: {"a": {"a": ... {} }}. */
function nestedMaps(depth: number): Uint8Array {
  const parts: number[] = [];
  for (let level = 1; level < depth; level++) parts.push(0xa1, 0x61, 0x61);
  parts.push(0xa0);
  return new Uint8Array(parts);
}

describe('CBOR codec: interoperability', () => {
  const sample = {
    text: 'héllo',
    count: 42,
    negative: -17,
    ratio: 0.25,
    flag: true,
    none: null,
    list: [1, 2, 3],
    raw: new Uint8Array([0, 1, 255]),
    nested: { a: 1 },
  };

  it('encodes plain maps, untagged byte strings and no records, as an independent decoder (cborg) reads them', () => {
    const encoded = encodeCbor(sample);
    expect(cborg.decode(encoded)).toEqual(sample);
    expect(encoded.includes(0xd8)).toBe(false); // no one-byte tags (0xd8 starts tag 24..255, e.g. 64 for typed arrays)
  });

  it('decodes what an independent encoder (cborg) writes', () => {
    const decoded = decodeCbor(cborg.encode(sample));
    expect(decoded.ok && decoded.value).toEqual(sample);
  });

  // Negative zero travels as the integer 0 (docs/protocol.md section 7), so the generator leaves it out.
  const finite = fc.double({ noNaN: true }).map((value) => (Object.is(value, -0) ? 0 : value));
  test.prop([
    fc.dictionary(
      fc.string({ maxLength: 8 }),
      fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 20 }), fc.uint8Array({ maxLength: 20 }), fc.constant(null), finite),
      { maxKeys: 20 },
    ),
  ])('round-trips arbitrary flat maps, and cborg agrees', (value) => {
    const encoded = encodeCbor(value);
    const decoded = decodeCbor(encoded);
    expect(decoded.ok).toBe(true);
    if (decoded.ok) {
      expect(decoded.value).toEqual(value);
      expect(cborg.decode(encoded, { useMaps: false })).toEqual(value);
    }
  });
});

describe('CBOR codec: limits, checked before allocating', () => {
  it(`accepts nesting to ${PROTOCOL_LIMITS.cborDepthMax} levels and refuses one more as too-deep`, () => {
    expect(decodeCbor(nestedMaps(PROTOCOL_LIMITS.cborDepthMax)).ok).toBe(true);
    const deeper = decodeCbor(nestedMaps(PROTOCOL_LIMITS.cborDepthMax + 1));
    expect(deeper.ok || deeper.reason).toBe('too-deep');
  });

  it('refuses 100,000 levels of nesting without touching the stack', () => {
    const bytes = new Uint8Array(100_000 * 3 + 1);
    for (let i = 0; i < 100_000; i++) bytes.set([0xa1, 0x61, 0x61], i * 3);
    bytes[bytes.length - 1] = 0xa0;
    const result = decodeCbor(bytes);
    expect(result.ok || result.reason).toBe('too-deep');
  });

  it(`refuses more than ${PROTOCOL_LIMITS.cborItemsMax} items as too-large`, () => {
    const items = PROTOCOL_LIMITS.cborItemsMax;
    // The map, its key and the array are three items; the elements make up the rest.
    const result = decodeCbor(encodeCbor({ a: Array.from({ length: items - 2 }, () => 0) }));
    expect(result.ok || result.reason).toBe('too-large');
    expect(decodeCbor(encodeCbor({ a: Array.from({ length: items - 3 }, () => 0) })).ok).toBe(true);
  });

  it('refuses a map key "__proto__" at any depth, which would set a decoded object\'s prototype', () => {
    for (const value of [{ ['__proto__']: 0 }, { a: { ['__proto__']: { polluted: true } } }, { list: [{ ['__proto__']: [] }] }]) {
      // Computed keys make own properties named __proto__, as a hostile sender would encode them.
      const bytes = cborg.encode(value);
      const decoded = decodeCbor(bytes);
      expect(decoded).toMatchObject({ ok: false, reason: 'cbor-invalid', detail: expect.stringMatching(/map key "__proto__" at byte \d+ is not allowed/) });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a declared length larger than the bytes that follow, for strings, arrays and maps', () => {
    for (const bytes of [
      hex('a1 6161 5a ffffffff'), // byte string of 4 GiB
      hex('a1 6161 7a 00010000 61'), // text of 64 KiB
      hex('a1 6161 9b 001fffffffffffff'), // array of 2^53-1
      hex('a1 6161 ba ffffffff'), // map of 4 G pairs
      hex('bb 001fffffffffffff'), // top-level map of 2^53-1 pairs
    ]) {
      const result = decodeCbor(bytes);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(['cbor-invalid', 'too-large']).toContain(result.reason);
    }
  });

  it('refuses text strings longer than the limit as too-large', () => {
    const result = decodeCbor(encodeCbor({ a: 'x'.repeat(PROTOCOL_LIMITS.cborTextBytesMax + 1) }));
    expect(result.ok || result.reason).toBe('too-large');
  });

  it.each([
    ['a tag', 'a1 6161 c1 00'],
    ['indefinite-length map', 'bf 6161 01 ff'],
    ['indefinite-length byte string', 'a1 6161 5f 4101 ff'],
    ['undefined', 'a1 6161 f7'],
    ['an unassigned simple value', 'a1 6161 f8 20'],
    ['a break outside indefinite items', 'a1 6161 ff'],
    ['reserved additional information', 'a1 6161 1c'],
    ['an integer key', 'a1 01 01'],
    ['a top-level array', '81 01'],
    ['trailing bytes', 'a0 00'],
    ['a truncated float', 'a1 6161 fb 3ff0'],
    ['invalid UTF-8', 'a1 6161 62 c328'],
    ['an integer beyond 2^53', 'a1 6161 1b 0020000000000000'],
    ['the negative integer -(2^53)', 'a1 6161 3b 001fffffffffffff'],
    ['a repeated key', 'a2 6161 01 6161 02'],
    ['a repeated key in a nested map', 'a1 6161 81 a2 6162 01 6162 02'],
    ['nothing at all', ''],
  ])('refuses %s as cbor-invalid', (_, text) => {
    const result = decodeCbor(hex(text));
    expect(result.ok || result.reason).toBe('cbor-invalid');
  });

  test.prop([fc.uint8Array({ maxLength: 200 })])('never throws on arbitrary bytes', (bytes) => {
    const result = decodeCbor(bytes);
    expect(typeof result.ok).toBe('boolean');
  });

  it('accepts integers of magnitude 2^53 - 1, both signs', () => {
    const decoded = decodeCbor(hex('a2 6161 1b 001fffffffffffff 6162 3b 001ffffffffffffe'));
    expect(decoded.ok && decoded.value).toEqual({ a: 2 ** 53 - 1, b: -(2 ** 53 - 1) });
  });

  it('sends negative zero as the integer 0', () => {
    const decoded = decodeCbor(encodeCbor({ a: -0 }));
    expect(decoded.ok && Object.is(decoded.value.a, 0)).toBe(true);
  });

  it('decodes byte strings as copies, not views of the input', () => {
    const encoded = encodeCbor({ raw: new Uint8Array([1, 2, 3]) });
    const input = new Uint8Array(encoded);
    const decoded = decodeCbor(input);
    input.fill(0);
    expect(decoded.ok && [...(decoded.value.raw as Uint8Array)]).toEqual([1, 2, 3]);
  });
});

describe('CBOR codec: one bounded encode buffer', () => {
  it('encodes every value at the front of one buffer, which stays bounded however many values go through it', () => {
    // Byte strings that do not fit the rest of cbor-x's buffer used to grow it by 4 KiB for good, each time.
    const chunk = new Uint8Array(6000).fill(7);
    const first = encodeCbor({ chunk, n: 0 });
    for (let n = 1; n < 2000; n++) {
      const encoded = encodeCbor({ chunk, n });
      expect(encoded.byteOffset).toBe(0);
      expect(encoded.buffer).toBe(first.buffer);
    }
    expect(first.buffer.byteLength).toBeLessThanOrEqual(4 * 6100 + 8192);
  });

  it('overwrites the bytes it returned at the next call, so callers copy them', () => {
    const held = encodeCbor({ a: 1 });
    const copy = held.slice();
    encodeCbor({ b: 2 });
    expect([...held]).not.toEqual([...copy]);
    const decoded = decodeCbor(copy);
    expect(decoded.ok && decoded.value).toEqual({ a: 1 });
  });
});
