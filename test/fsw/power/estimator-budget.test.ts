import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BATTERY_DATASHEET, cellOcvV, chemicalEnergyJ, socFromCellOcvPct, type BatteryModel } from '../../../fsw/power/battery-model.js';
import { eclipseDrawRatio, powerBudget, type BudgetSettings } from '../../../fsw/power/budget.js';
import { createEclipseHistory, observeSun, predictEclipse, type EclipseSettings } from '../../../fsw/power/eclipse.js';
import { createSocEstimate, stepSocEstimate, type SocSettings } from '../../../fsw/power/soc-estimator.js';

const battery: BatteryModel = { ...BATTERY_DATASHEET, seriesCells: 8, capacityAh: 10, cellResistanceOhm: 0.05, chargeEfficiency: 0.95 };
const socSettings: SocSettings = { battery, socRestCurrentA: 0.6, socRestS: 30, socRestTimeConstantS: 60 };
const budgetSettings: BudgetSettings = {
  battery,
  socFloorPct: 60,
  socMarginPct: 3,
  chargeStoreEfficiency: 0.88,
  dischargeEfficiency: 0.9,
  acceleratorMaxW: 200,
};
const eclipseSettings: EclipseSettings = { orbitPeriodS: 5739, eclipseDurationS: 2137, eclipseMarginS: 120, eclipseLeftMinS: 300, eclipseArrayThresholdA: 0.5 };

describe('state-of-charge estimator (unit)', () => {
  it('inverts the OCV curve', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 100, noNaN: true }), (socPct) => Math.abs(socFromCellOcvPct(cellOcvV(socPct)) - socPct) < 1e-9));
  });

  it('counts coulombs: a current held for a time moves the estimate by I t / Q (charging times the efficiency)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 20, max: 80, noNaN: true }),
        fc.double({ min: -10, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 3000 }),
        (startPct, currentA, ticks) => {
          fc.pre(Math.abs(currentA) >= 0.6); // not at rest: no voltage correction
          const estimate = createSocEstimate(startPct);
          for (let i = 0; i < ticks; i++) stepSocEstimate(estimate, { batteryCurrentA: currentA, batteryVoltageV: 30, temperatureC: 25 }, socSettings, 0.1);
          const storedA = currentA > 0 ? currentA * 0.95 : currentA;
          const expected = Math.min(100, Math.max(0, startPct + (storedA * ticks * 0.1 * 100) / (10 * 3600)));
          return Math.abs(estimate.socPct - expected) < 1e-6;
        },
      ),
    );
  });

  it('converges to the open-circuit state of charge at rest, and ignores readings that are not numbers', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 1, max: 99, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        (startPct, truePct, currentA) => {
          const estimate = createSocEstimate(startPct);
          const voltageV = 8 * cellOcvV(truePct) + currentA * 0.4; // 25 C: 0.4 ohm
          stepSocEstimate(estimate, { batteryCurrentA: Number.NaN, batteryVoltageV: voltageV, temperatureC: 25 }, socSettings, 0.1);
          if (estimate.socPct !== Math.min(100, Math.max(0, startPct))) return false;
          // Fifteen minutes at rest: the coulomb count moves at most 0.5 A * 900 s = 1.25 points.
          for (let i = 0; i < 9000; i++)
            stepSocEstimate(estimate, { batteryCurrentA: currentA, batteryVoltageV: voltageV, temperatureC: 25 }, socSettings, 0.1);
          return Math.abs(estimate.socPct - truePct) < 1.5;
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('power budget (unit)', () => {
  it('an eclipse ridden through at the budget ends at the floor plus margin, never below', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 55, max: 100, noNaN: true }),
        fc.double({ min: 20, max: 120, noNaN: true }),
        fc.double({ min: 600, max: 2400, noNaN: true }),
        (socPct, baseW, leftS) => {
          const budget = powerBudget(
            {
              socPct,
              batteryTemperatureC: 20,
              arrayAvailableW: 0,
              baseLoadW: baseW,
              chargePowerMaxW: 0,
              eclipse: { inEclipse: true, eclipseInS: 0, eclipseLeftS: leftS, eclipseDurationS: 2257 },
            },
            budgetSettings,
          );
          expect(budget.acceleratorCapW).toBeGreaterThanOrEqual(0);
          expect(budget.acceleratorCapW).toBeLessThanOrEqual(200);
          // Chemical energy drawn over the rest of the eclipse at the planned bus power, with the planning efficiency.
          const drawnJ = ((baseW + budget.acceleratorCapW) * leftS) / 0.9;
          const capacityAh = 10 * (1 - 0.005 * 5);
          const availableJ = chemicalEnergyJ(battery, capacityAh, 63, socPct);
          return budget.acceleratorCapW === 0 || drawnJ <= availableJ + 1e-6;
        },
      ),
    );
  });

  it('in sunlight, gives the accelerator at least what the battery cannot take and never more than the device maximum', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 160, noNaN: true }),
        fc.double({ min: 0, max: 3600, noNaN: true }),
        (socPct, arrayW, chargeW, inS) => {
          const budget = powerBudget(
            {
              socPct,
              batteryTemperatureC: 25,
              arrayAvailableW: arrayW,
              baseLoadW: 60,
              chargePowerMaxW: chargeW,
              eclipse: { inEclipse: false, eclipseInS: inS, eclipseLeftS: 0, eclipseDurationS: 2257 },
            },
            budgetSettings,
          );
          const spillW = arrayW - 60 - chargeW;
          return budget.acceleratorCapW >= Math.min(200, Math.max(0, spillW)) - 1e-9 && budget.acceleratorCapW <= 200;
        },
      ),
    );
  });

  it('never plans on a reading that is not a number', () => {
    const budget = powerBudget(
      {
        socPct: Number.NaN,
        batteryTemperatureC: Number.NaN,
        arrayAvailableW: Number.NaN,
        baseLoadW: Number.NaN,
        chargePowerMaxW: Number.NaN,
        eclipse: { inEclipse: true, eclipseInS: 0, eclipseLeftS: 600, eclipseDurationS: 2257 },
      },
      budgetSettings,
    );
    expect(budget.acceleratorCapW).toBe(0);
  });
});

describe('eclipse prediction (unit)', () => {
  it('learns period and duration from the sun history and predicts the next entry; unknowns are conservative', () => {
    const history = createEclipseHistory();
    const sample = (timeS: number, dark: boolean) => observeSun(history, dark ? 0 : 9, timeS, eclipseSettings);
    sample(0, false);
    // Nothing seen yet: the eclipse may start now.
    expect(predictEclipse(history, 0, eclipseSettings).eclipseInS).toBe(0);
    sample(1000, true);
    // In an eclipse: left = default duration + margin from the entry.
    expect(predictEclipse(history, 1500, eclipseSettings).eclipseLeftS).toBeCloseTo(2137 + 120 - 500, 6);
    sample(3000, false); // 2000 s eclipse
    sample(6700, true); // period 5700 s
    sample(8700, false);
    const p = predictEclipse(history, 9000, eclipseSettings);
    expect(p.inEclipse).toBe(false);
    expect(p.eclipseDurationS).toBe(2000 + 120);
    expect(p.eclipseInS).toBeCloseTo(6700 + 5700 - 120 - 9000, 6);
    // Overdue by less than the margin: still the next one, now.
    expect(predictEclipse(history, 12450, eclipseSettings).eclipseInS).toBe(0);
    observeSun(history, Number.NaN, 12500, eclipseSettings);
    expect(history.inEclipse).toBe(false);
  });
});

describe('power budget: the eclipse draw (unit)', () => {
  it('plans the eclipse draw above idle below the sunlit one by the battery round trip, and the eclipse then ends at the target', () => {
    const settings: BudgetSettings = { ...budgetSettings, acceleratorIdleW: 40, acceleratorPowerExponent: 2.2 };
    const rho = eclipseDrawRatio(settings);
    expect(rho).toBeCloseTo((0.88 * 0.9) ** (2.2 / 1.2), 12);
    expect(eclipseDrawRatio(budgetSettings)).toBe(1);
    const eclipse = { inEclipse: false, eclipseInS: 1800, eclipseLeftS: 0, eclipseDurationS: 2257 };
    const sun = powerBudget({ socPct: 80, batteryTemperatureC: 25, arrayAvailableW: 321, baseLoadW: 63, chargePowerMaxW: 160, eclipse }, settings);
    const eclipseW = 40 + rho * (sun.acceleratorCapW - 40);
    // the battery at the eclipse entry, from the sunlit plan, then ridden through at the eclipse draw, ends at the floor plus margin
    const aboveJ = chemicalEnergyJ(battery, 10, 63, 80);
    const entryJ = aboveJ + 0.88 * (321 - 63 - sun.acceleratorCapW) * 1800;
    expect(entryJ - ((63 + eclipseW) * 2257) / 0.9).toBeCloseTo(0, 3);
    expect(eclipseW).toBeLessThan(sun.acceleratorCapW);
  });
});
