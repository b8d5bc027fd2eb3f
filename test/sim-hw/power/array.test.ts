import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { arrayAvailableW, checkArrayParams, createArrayState, DEFAULT_ARRAY_PARAMS, degradeArray } from '../../../sim-hw/power/array.js';

// REFERENCE.md Power: S = 1361 W/m^2 (P), eta 0.29-0.30 BOL (P), P = S * eta * A * cos(incidence), 0 in eclipse (P: Basilisk).
const FULL_W = 1361 * 0.295 * 0.8;

describe('solar array', () => {
  it('gives S * eta * A * cos(incidence) * (1 - degradation) in sunlight and nothing in shadow', () => {
    const state = createArrayState(DEFAULT_ARRAY_PARAMS);
    expect(arrayAvailableW(state, { sunlit: true, incidenceCos: 1 }, DEFAULT_ARRAY_PARAMS)).toBeCloseTo(FULL_W, 9);
    expect(FULL_W).toBeCloseTo(321.196, 3);
    expect(arrayAvailableW(state, { sunlit: true, incidenceCos: 0.5 }, DEFAULT_ARRAY_PARAMS)).toBeCloseTo(FULL_W / 2, 9);
    expect(arrayAvailableW(state, { sunlit: false, incidenceCos: 1 }, DEFAULT_ARRAY_PARAMS)).toBe(0);
    expect(arrayAvailableW(state, { sunlit: true, incidenceCos: -0.3 }, DEFAULT_ARRAY_PARAMS)).toBe(0);
    degradeArray(state, 0.2);
    expect(arrayAvailableW(state, { sunlit: true, incidenceCos: 1 }, DEFAULT_ARRAY_PARAMS)).toBeCloseTo(FULL_W * 0.8, 9);
  });

  it('a degradation fault only ever raises the degradation', () => {
    const state = createArrayState({ ...DEFAULT_ARRAY_PARAMS, degradationFraction: 0.1 });
    degradeArray(state, 0.05);
    expect(state.degradationFraction).toBe(0.1);
    degradeArray(state, 0.3);
    expect(state.degradationFraction).toBe(0.3);
    expect(() => degradeArray(state, 1.5)).toThrow();
  });

  it('checks every parameter range', () => {
    expect(checkArrayParams(DEFAULT_ARRAY_PARAMS)).toEqual([]);
    const bad = checkArrayParams({ areaM2: 0, efficiency: 0.9, degradationFraction: -1, solarConstantWM2: 100 });
    expect(bad).toHaveLength(4);
    expect(bad.join('\n')).toMatch(/areaM2.*\n.*efficiency.*\n.*degradationFraction.*\n.*solarConstantWM2/);
  });

  test.prop([fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })])(
    'power is within 0..S*eta*A and does not fall as the incidence improves',
    (cosA, cosB, degradation) => {
      const state = createArrayState({ ...DEFAULT_ARRAY_PARAMS, degradationFraction: degradation });
      const a = arrayAvailableW(state, { sunlit: true, incidenceCos: Math.min(cosA, cosB) }, DEFAULT_ARRAY_PARAMS);
      const b = arrayAvailableW(state, { sunlit: true, incidenceCos: Math.max(cosA, cosB) }, DEFAULT_ARRAY_PARAMS);
      expect(a).toBeGreaterThanOrEqual(0);
      expect(b).toBeGreaterThanOrEqual(a);
      expect(b).toBeLessThanOrEqual(FULL_W * (1 + 1e-12));
    },
  );
});
