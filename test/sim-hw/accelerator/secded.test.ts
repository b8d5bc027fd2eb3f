import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Random } from '../../../sim-hw/random.js';
import { classifyError, secdedColumn, secdedDecode, secdedEncode, secdedSyndrome } from '../../../sim-hw/accelerator/secded.js';

function weight(value: number): number {
  let count = 0;
  for (let v = value; v !== 0; v &= v - 1) count++;
  return count;
}

/** Fixed patterns plus seeded random words: 16 data words. */
function sampleWords(): Array<[number, number]> {
  const words: Array<[number, number]> = [
    [0, 0],
    [0xffffffff, 0xffffffff],
    [0xaaaaaaaa, 0x55555555],
    [1, 0],
    [0, 0x80000000],
    [0x12345678, 0x9abcdef0],
  ];
  const rng = Random.fromSeed(72).split('secded-words');
  while (words.length < 16) words.push([rng.nextUint32(), rng.nextUint32()]);
  return words;
}

/** A codeword (lo, hi, check) with codeword bit `bit` flipped. */
function flip(word: [number, number, number], bit: number): [number, number, number] {
  const [lo, hi, check] = word;
  if (bit < 32) return [(lo ^ (1 << bit)) >>> 0, hi, check];
  if (bit < 64) return [lo, (hi ^ (1 << (bit - 32))) >>> 0, check];
  return [lo, hi, check ^ (1 << (bit - 64))];
}

function maskOf(bits: readonly number[]): [number, number, number] {
  let mask: [number, number, number] = [0, 0, 0];
  for (const bit of bits) mask = flip(mask, bit);
  return mask;
}

describe('Hsiao (72,64) H matrix', () => {
  it('has 72 distinct odd-weight columns: 8 unit, 56 of weight 3, 8 of weight 5, rows balanced', () => {
    const columns = Array.from({ length: 72 }, (_, bit) => secdedColumn(bit));
    expect(new Set(columns).size).toBe(72);
    const weights = columns.map(weight);
    expect(weights.filter((w) => w === 1)).toHaveLength(8);
    expect(weights.filter((w) => w === 3)).toHaveLength(56);
    expect(weights.filter((w) => w === 5)).toHaveLength(8);
    expect(columns.slice(64)).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
    for (let row = 0; row < 8; row++) {
      expect(columns.slice(0, 64).filter((column) => (column >>> row) & 1).length).toBe(26);
    }
  });

  test.prop([fc.nat(0xffffffff), fc.nat(0xffffffff)])('a freshly encoded word has syndrome 0', (lo, hi) => {
    expect(secdedSyndrome(lo, hi, secdedEncode(lo, hi))).toBe(0);
  });

  test.prop([fc.nat(0xffffffff), fc.nat(0xffffffff), fc.nat(0xffffffff), fc.nat(0xffffffff)])(
    'the code is linear: encode(a ^ b) = encode(a) ^ encode(b)',
    (aLo, aHi, bLo, bHi) => {
      expect(secdedEncode((aLo ^ bLo) >>> 0, (aHi ^ bHi) >>> 0)).toBe(secdedEncode(aLo, aHi) ^ secdedEncode(bLo, bHi));
    },
  );
});

describe('SECDED decoding of 16 sample words', () => {
  const words = sampleWords();
  const out = new Uint32Array(3);

  it('corrects every one of the 72 single flips to the original', () => {
    let corrected = 0;
    for (const [lo, hi] of words) {
      const stored: [number, number, number] = [lo, hi, secdedEncode(lo, hi)];
      for (let bit = 0; bit < 72; bit++) {
        const [cLo, cHi, cCheck] = flip(stored, bit);
        expect(secdedDecode(cLo, cHi, cCheck, out)).toBe('corrected');
        expect([out[0], out[1], out[2]]).toEqual(stored);
        const [mLo, mHi, mCheck] = maskOf([bit]);
        expect(classifyError(mLo, mHi, mCheck)).toEqual({ kind: 'corrected', bit });
        corrected++;
      }
    }
    expect(corrected).toBe(16 * 72);
  });

  it('detects every one of the 2556 double flips as uncorrectable, never miscorrects', () => {
    let detected = 0;
    for (const [lo, hi] of words) {
      const stored: [number, number, number] = [lo, hi, secdedEncode(lo, hi)];
      let pairs = 0;
      for (let a = 0; a < 72; a++) {
        for (let b = a + 1; b < 72; b++) {
          const [cLo, cHi, cCheck] = flip(flip(stored, a), b);
          const status = secdedDecode(cLo, cHi, cCheck, out);
          const untouched = out[0] === cLo && out[1] === cHi && out[2] === cCheck;
          const [mLo, mHi, mCheck] = maskOf([a, b]);
          if (status === 'uncorrectable' && untouched && classifyError(mLo, mHi, mCheck).kind === 'uncorrectable') detected++;
          pairs++;
        }
      }
      expect(pairs).toBe(2556);
    }
    expect(detected).toBe(16 * 2556);
  });

  it('triple flips: 33568 of 59640 (56.3 %) miscorrected, 26072 (43.7 %) detected, none silent', () => {
    let miscorrected = 0;
    let detected = 0;
    let other = 0;
    for (let a = 0; a < 72; a++) {
      for (let b = a + 1; b < 72; b++) {
        for (let c = b + 1; c < 72; c++) {
          const [mLo, mHi, mCheck] = maskOf([a, b, c]);
          const kind = classifyError(mLo, mHi, mCheck).kind;
          if (kind === 'miscorrected') miscorrected++;
          else if (kind === 'uncorrectable') detected++;
          else other++;
        }
      }
    }
    // the decoder's verdict on real data agrees with the mask classification
    const [lo, hi] = words[5]!;
    const stored: [number, number, number] = [lo, hi, secdedEncode(lo, hi)];
    const [cLo, cHi, cCheck] = flip(flip(flip(stored, 0), 1), 2);
    const verdict = classifyError(...maskOf([0, 1, 2])).kind;
    expect(secdedDecode(cLo, cHi, cCheck, out)).toBe(verdict === 'miscorrected' ? 'corrected' : 'uncorrectable');
    expect(miscorrected + detected).toBe(59640);
    expect(other).toBe(0);
    expect(miscorrected).toBe(33568);
    expect(miscorrected / 59640).toBeCloseTo(0.5628, 4);
  });

  it('classifies an empty mask as none and an even codeword-aliasing mask as silent', () => {
    expect(classifyError(0, 0, 0)).toEqual({ kind: 'none' });
    // data bit 0's column plus the check bits of that column: a valid non-zero codeword
    const column = secdedColumn(0);
    expect(classifyError(1, 0, column)).toEqual({ kind: 'silent' });
  });

  it('a multi-bit mask that aliases a column is miscorrected with the decoder bit', () => {
    // check bits 0 and 1 plus data bit whose column is 0b111 give syndrome 0b100: check bit 2
    const bit7 = Array.from({ length: 64 }, (_, bit) => bit).find((bit) => secdedColumn(bit) === 0b111)!;
    const [mLo, mHi] = maskOf([bit7]);
    expect(classifyError(mLo, mHi, 0b011)).toEqual({ kind: 'miscorrected', bit: 66 });
  });
});
