import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ReplayWindow, decodePacket, type DecodeOptions } from '../../protocol/index.js';
import { TEST_KEYS, dictionary, sampleTcBytes, sampleTmBytes } from '../helpers/packets.js';

const options = (): DecodeOptions => ({ dictionary, keys: TEST_KEYS, replay: new ReplayWindow() });
const valid = [sampleTcBytes(), sampleTcBytes({ args: { mode: 'NOMINAL' }, seq: (1n << 64n) - 1n }), sampleTmBytes()];

describe('hostile and damaged input', () => {
  it('refuses every single-bit flip of valid packets (telecommand and telemetry)', () => {
    let flips = 0;
    for (const packet of valid) {
      expect(decodePacket(packet, options()).ok).toBe(true);
      for (let bit = 0; bit < packet.length * 8; bit++) {
        const damaged = new Uint8Array(packet);
        damaged[bit >> 3]! ^= 0x80 >> (bit & 7);
        const result = decodePacket(damaged, options());
        if (result.ok) throw new Error(`bit ${bit} flipped in a ${packet.length}-byte packet was accepted`);
        flips++;
      }
    }
    expect(flips).toBe(valid.reduce((sum, packet) => sum + packet.length * 8, 0));
  });

  test.prop([fc.uint8Array({ maxLength: 5000 })])('random bytes never throw and are refused', (bytes) => {
    const result = decodePacket(bytes, options());
    expect(result.ok).toBe(false);
  });

  test.prop([fc.constantFrom(...valid), fc.nat()])('every truncation is refused without throwing', (packet, cut) => {
    const result = decodePacket(packet.subarray(0, cut % packet.length), options());
    expect(result.ok).toBe(false);
  });

  test.prop([fc.constantFrom(...valid), fc.constantFrom(...valid), fc.nat(), fc.nat()])('splices of two packets never throw', (a, b, i, j) => {
    const spliced = new Uint8Array([...a.subarray(0, i % (a.length + 1)), ...b.subarray(j % (b.length + 1))]);
    const result = decodePacket(spliced, options());
    expect(typeof result.ok).toBe('boolean');
    if (result.ok) expect([...spliced]).toSatisfy((bytes: number[]) => valid.some((v) => v.length === bytes.length && v.every((x, k) => x === bytes[k])));
  });

  test.prop([fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })])(
    'random byte overwrites never throw, and any accepted result is the original packet',
    (packet, edits) => {
      const damaged = new Uint8Array(packet);
      for (const [at, value] of edits) damaged[at % damaged.length] = value;
      const result = decodePacket(damaged, options());
      if (result.ok) expect(damaged).toEqual(packet);
    },
  );

  it('refuses a replay of an accepted telecommand', () => {
    const replay = new ReplayWindow();
    const packet = sampleTcBytes();
    const first = decodePacket(packet, { dictionary, keys: TEST_KEYS, replay });
    expect(first.ok).toBe(true);
    if (first.ok && first.value.type === 'tc') replay.accept(first.value.keyId, first.value.seq);
    const second = decodePacket(packet, { dictionary, keys: TEST_KEYS, replay });
    expect(second.ok || second.reason).toBe('replay');
  });
});
