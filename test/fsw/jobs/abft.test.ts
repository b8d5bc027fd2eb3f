import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { augmentColumns, augmentRows, checkProduct, exactMatmul, stripChecksums } from '../../../fsw/jobs/abft.js';
import { float32ToBytes } from '../../../fsw/jobs/float32-bytes.js';
import { generatedInputs } from '../../../fsw/jobs/inputs.js';
import { matmulRows } from '../../../sim-hw/accelerator/kernel-math.js';

/** The device's float32 product of the augmented inputs, as result bytes. */
function deviceProduct(a: Float32Array, b: Float32Array, m: number, k: number, p: number): Uint8Array {
  const aa = augmentRows(a, m, k);
  const bb = augmentColumns(b, k, p);
  const c = new Float32Array((m + 1) * (p + 1));
  matmulRows(aa, bb, c, k, p + 1, 0, m + 1);
  return float32ToBytes(c);
}

const dims = fc.record({ m: fc.integer({ min: 1, max: 9 }), k: fc.integer({ min: 1, max: 9 }), p: fc.integer({ min: 1, max: 9 }) });
const problem = dims.chain(({ m, k, p }) =>
  fc.record({
    m: fc.constant(m),
    k: fc.constant(k),
    p: fc.constant(p),
    a: fc.array(fc.integer({ min: -50, max: 50 }), { minLength: m * k, maxLength: m * k }),
    b: fc.array(fc.integer({ min: -50, max: 50 }), { minLength: k * p, maxLength: k * p }),
  }),
);

/** A different float32 bit pattern for element `index` of the bytes (any bits: exponent, sign, NaN, -0). */
function corrupt(bytes: Uint8Array, index: number, xorMask: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(index * 4, (view.getUint32(index * 4, true) ^ xorMask) >>> 0, true);
}

const mask = fc.integer({ min: 1, max: 0xffffffff });

describe('Huang-Abraham checksums on matrix products', () => {
  it('accepts the exact product of integer inputs and strips the checksums to C', () => {
    const [a, b] = generatedInputs('matmul', 5, 42);
    const bytes = deviceProduct(a!, b!, 5, 5, 5);
    expect(checkProduct(bytes, 5, 5)).toEqual({ kind: 'ok' });
    const c = new Float32Array(25);
    matmulRows(a!, b!, c, 5, 5, 0, 5);
    expect(stripChecksums(bytes, 5, 5)).toEqual(float32ToBytes(c));
  });

  test.prop([problem, fc.nat(), mask])('locates and corrects any single wrong element, checksums included', ({ m, k, p, a, b }, at, xor) => {
    const bytes = deviceProduct(Float32Array.from(a), Float32Array.from(b), m, k, p);
    const pristine = bytes.slice();
    const index = at % ((m + 1) * (p + 1));
    corrupt(bytes, index, xor);
    const outcome = checkProduct(bytes, m, p);
    expect(outcome).toMatchObject({ kind: 'corrected', row: Math.floor(index / (p + 1)), col: index % (p + 1) });
    expect(bytes).toEqual(pristine);
  });

  test.prop([problem, fc.nat(), fc.nat(), mask, mask])(
    'detects any two wrong elements and does not claim a correction',
    ({ m, k, p, a, b }, at1, at2, xor1, xor2) => {
      const cells = (m + 1) * (p + 1);
      fc.pre(cells >= 2 && at1 % cells !== at2 % cells);
      const bytes = deviceProduct(Float32Array.from(a), Float32Array.from(b), m, k, p);
      corrupt(bytes, at1 % cells, xor1);
      corrupt(bytes, at2 % cells, xor2);
      expect(checkProduct(bytes, m, p).kind).toBe('detected');
    },
  );

  it('calls a product exact only when every input is an integer and the partial sums stay below 2^24', () => {
    const ones = new Float32Array(4).fill(1);
    expect(exactMatmul(ones, ones, 2, 2, 2)).toBe(true);
    expect(exactMatmul(Float32Array.from([0.5, 1, 1, 1]), ones, 2, 2, 2)).toBe(false);
    const big = new Float32Array(4).fill(4096);
    expect(exactMatmul(big, big, 2, 2, 2)).toBe(false);
  });
});
