import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  batteryCapacityAh,
  batteryChemicalEnergyJ,
  batteryOcvV,
  batteryResistanceOhm,
  checkBatteryParams,
  createBatteryState,
  DEFAULT_BATTERY_PARAMS,
  fadeBattery,
  stepBattery,
} from '../../../sim-hw/power/battery.js';
import { DEFAULT_OCV_TABLE_V, ocvCellV, ocvIntegralV } from '../../../sim-hw/power/ocv.js';

const P = DEFAULT_BATTERY_PARAMS;

describe('open-circuit voltage', () => {
  it('table endpoints match REFERENCE.md (3.0 V empty, 4.18 V full per cell)', () => {
    expect(ocvCellV(DEFAULT_OCV_TABLE_V, 0)).toBe(3.0);
    expect(ocvCellV(DEFAULT_OCV_TABLE_V, 1)).toBe(4.18);
    expect(batteryOcvV({ socFraction: 0, capacityFadeFraction: 0 }, P)).toBeCloseTo(24.0, 12);
    expect(batteryOcvV({ socFraction: 1, capacityFadeFraction: 0 }, P)).toBeCloseTo(33.44, 12);
  });

  it('the table is valid, strictly increasing, and interpolated linearly', () => {
    expect(checkBatteryParams(P)).toEqual([]);
    expect(ocvCellV(DEFAULT_OCV_TABLE_V, 0.5)).toBe(3.72);
    expect(ocvCellV(DEFAULT_OCV_TABLE_V, 0.525)).toBeCloseTo((3.72 + 3.755) / 2, 12);
    expect(checkBatteryParams({ ...P, ocvTableV: [3, 3.5, 3.4, 4.2] })).toEqual(['battery OCV table is not strictly increasing at point 2']);
  });

  test.prop([fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })])('OCV is monotone in the state of charge', (a, b) => {
    expect(ocvCellV(DEFAULT_OCV_TABLE_V, Math.max(a, b))).toBeGreaterThanOrEqual(ocvCellV(DEFAULT_OCV_TABLE_V, Math.min(a, b)));
  });

  it('chemical energy is the integral of OCV over charge', () => {
    // Midpoint rule on 100,000 slices as the independent oracle.
    const slices = 100_000;
    let integral = 0;
    for (let i = 0; i < slices; i++) integral += ocvCellV(DEFAULT_OCV_TABLE_V, (i + 0.5) / slices) / slices;
    expect(ocvIntegralV(DEFAULT_OCV_TABLE_V, 1)).toBeCloseTo(integral, 8);
    // 8 cells x 10 Ah x 3600 s x ~3.73 V mean OCV ~ 1.07 MJ (298 Wh).
    expect(batteryChemicalEnergyJ(P, 1, 10)).toBeCloseTo(8 * 10 * 3600 * integral, 2);
    expect(batteryChemicalEnergyJ(P, 1, 10) / 3600).toBeGreaterThan(290);
    expect(batteryChemicalEnergyJ(P, 1, 10) / 3600).toBeLessThan(305);
    expect(batteryChemicalEnergyJ(P, 0, 10)).toBe(0);
  });

  test.prop([fc.double({ min: 0.001, max: 0.998, noNaN: true })])('dE/dQ equals the pack OCV', (soc) => {
    const dSoc = 1e-6;
    const capacityAh = 10;
    const dEdQ = (batteryChemicalEnergyJ(P, soc + dSoc, capacityAh) - batteryChemicalEnergyJ(P, soc, capacityAh)) / (dSoc * capacityAh * 3600);
    expect(dEdQ).toBeCloseTo(8 * ocvCellV(DEFAULT_OCV_TABLE_V, soc + dSoc / 2), 4);
  });
});

describe('battery', () => {
  it('resistance rises and capacity falls in the cold', () => {
    expect(batteryResistanceOhm(P, 25)).toBeCloseTo(0.4, 12); // 8 x 0.05 ohm (REFERENCE.md)
    expect(batteryResistanceOhm(P, 40)).toBeCloseTo(0.4, 12);
    expect(batteryResistanceOhm(P, 0)).toBeCloseTo(0.4 * Math.exp(0.025 * 25), 12);
    expect(batteryResistanceOhm(P, -20)).toBeGreaterThan(batteryResistanceOhm(P, 0));
    const state = createBatteryState(P);
    expect(batteryCapacityAh(state, P, 25)).toBe(10);
    expect(batteryCapacityAh(state, P, 0)).toBeCloseTo(8.75, 12);
    expect(batteryCapacityAh(state, P, -150)).toBe(5);
  });

  it('stores 95 % of the charging current and all of a discharge (coulombic efficiency)', () => {
    const state = createBatteryState({ ...P, initialSocFraction: 0.5 });
    for (let i = 0; i < 36_000; i++) stepBattery(state, 1, P, 0.1, 30, 0.4, 10); // 1 A for an hour
    expect(state.socFraction).toBeCloseTo(0.5 + 0.095, 9);
    for (let i = 0; i < 36_000; i++) stepBattery(state, -1, P, 0.1, 30, 0.4, 10);
    expect(state.socFraction).toBeCloseTo(0.495, 9);
    const out = stepBattery(state, 2, P, 0.1, 30, 0.4, 10);
    expect(out.resistiveLossW).toBeCloseTo(4 * 0.4, 12);
    expect(out.coulombicLossW).toBeCloseTo(2 * 0.05 * 30, 12);
    expect(() => stepBattery(state, -1e6, P, 0.1, 30, 0.4, 10)).toThrow(/out of 0..1/);
  });

  it('capacity fade only grows and shrinks the usable capacity', () => {
    const state = createBatteryState(P);
    fadeBattery(state, 0.3);
    fadeBattery(state, 0.1);
    expect(state.capacityFadeFraction).toBe(0.3);
    expect(batteryCapacityAh(state, P, 25)).toBeCloseTo(7, 12);
  });

  it('checks every parameter range', () => {
    const bad = checkBatteryParams({
      ...P,
      seriesCells: 2.5,
      capacityAh: 0,
      cellResistanceOhm: 5,
      chargeEfficiency: 1.2,
      initialSocFraction: 2,
      capacityFadeFraction: 1,
      ocvTableV: [3],
    });
    expect(bad).toHaveLength(7);
  });
});
