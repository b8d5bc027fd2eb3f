/**
 * The power manager's parameters (validated ranges, persisted with the
 * table); power-settings.ts reads them once per table version.
 */
import type { RailName } from '../hal/frames.js';
import type { ParamDef } from '../storage/parameters.js';

/** Rails the latch-up protection watches (avionics: the hardware's own limiter resets the computer). */
export const PROTECTED_RAILS = ['comms', 'heaters', 'payload', 'accelerator'] as const satisfies readonly RailName[];
export type ProtectedRail = (typeof PROTECTED_RAILS)[number];

const LATCHUP_THRESHOLD_DEFAULTS_A: Readonly<Record<ProtectedRail, number>> = { comms: 2.5, heaters: 2, payload: 1.5, accelerator: 2 };

const num = (name: string, def: number, min: number, max: number, unit: string, description: string): ParamDef => ({
  name: `power.${name}`,
  type: 'number',
  default: def,
  min,
  max,
  unit,
  description,
});

export const POWER_PARAMS: readonly ParamDef[] = [
  num('socFloorPct', 60, 20, 95, '%', 'State of charge the budget keeps above; the accelerator is shed below it'),
  num('socMarginPct', 3, 0, 20, '%', 'The budget plans to end an eclipse this far above the floor'),
  num('socHardFloorPct', 20, 5, 95, '%', 'Below it the power manager requests SAFE'),
  num('shedHeatersPct', 45, 5, 95, '%', 'Below it the heaters rail is shed'),
  num('shedPayloadPct', 35, 5, 95, '%', 'Below it the payload rail is shed'),
  num('shedHysteresisPct', 5, 1, 20, '%', 'A shed level is restored this far above its threshold'),
  num('batteryCapacityAh', 10, 0.1, 10000, 'Ah', 'Usable battery capacity at 25 C when new'),
  { name: 'power.batterySeriesCells', type: 'integer', default: 8, min: 1, max: 400, description: 'Cells in series in the battery' },
  num('batteryCellResistanceOhm', 0.05, 0.0001, 1, 'ohm', 'Series resistance of one cell at 25 C'),
  num('batteryChargeEfficiency', 0.95, 0.5, 1, '', 'Fraction of a charging current the battery stores (coulombic efficiency)'),
  num('socRestCurrentA', 0.6, 0, 10, 'A', 'Battery current below which the battery counts as at rest'),
  num('socRestS', 30, 1, 3600, 's', 'Time at rest before the open-circuit voltage corrects the estimate'),
  num('socRestTimeConstantS', 60, 1, 3600, 's', 'Time constant of the correction towards the open-circuit estimate'),
  num('socRecordMaxAgeS', 600, 1, 86400, 's', 'Oldest persisted estimate used at boot (older: start from the voltage)'),
  num('persistPeriodS', 10, 1, 3600, 's', 'Period of the power record write'),
  num('orbitPeriodS', 5739, 600, 86400, 's', 'Orbit period until one is observed (550 km: 95.65 min)'),
  num('eclipseDurationS', 2137, 0, 43200, 's', 'Eclipse duration until one is observed (550 km, beta 0: 35.61 min)'),
  num('eclipseMarginS', 120, 0, 3600, 's', 'Added to the predicted eclipse duration'),
  num('eclipseLeftMinS', 300, 10, 3600, 's', 'Least eclipse time left the budget assumes while in eclipse'),
  num('eclipseArrayThresholdA', 0.5, 0, 100, 'A', 'Array available current below which the spacecraft is in eclipse'),
  num('chargeStoreEfficiency', 0.88, 0.3, 1, '', 'Fraction of bus charging energy stored as chemical energy (planning)'),
  num('dischargeEfficiency', 0.9, 0.3, 1, '', 'Fraction of chemical energy delivered to the bus (planning)'),
  num('baseLoadTimeConstantS', 30, 0.1, 3600, 's', 'Time constant of the falling base-load filter'),
  num('acceleratorMaxW', 200, 1, 5000, 'W', 'Most the accelerator can draw'),
  num('acceleratorIdleW', 40, 0, 5000, 'W', 'Accelerator power when on and not computing (datasheet): the budget plans the eclipse draw with it'),
  num(
    'acceleratorPowerExponent',
    2.2,
    1.1,
    4,
    '',
    'Exponent of the accelerator dynamic power in its clock (datasheet): the budget splits sunlit and eclipse draw with it',
  ),
  num('acceleratorMinW', 45, 0, 5000, 'W', 'Least budget worth powering the accelerator for (idle power and the lowest clock)'),
  num('acceleratorOnMarginW', 15, 0, 1000, 'W', 'Budget above acceleratorMinW before the accelerator rail goes on again'),
  num('acceleratorSwitchDelayS', 10, 0, 3600, 's', 'Time the budget must stay below (above) the minimum before the accelerator rail goes off (on)'),
  num('chargeMaxA', 5, 0, 1000, 'A', 'Charge current limit away from full'),
  num('chargeTaperStartPct', 85, 50, 99.9, '%', 'State of charge where the charge limit starts to taper'),
  num('chargeTerminationA', 0.5, 0, 1000, 'A', 'Smallest tapered charge limit (the regulator terminates at full)'),
  num('chargeMinC', 0, -40, 60, 'C', 'No charging below this battery temperature'),
  num('chargeMaxC', 45, -40, 80, 'C', 'No charging above this battery temperature'),
  num('chargeBlindA', 1, 0, 1000, 'A', 'Charge limit while no battery temperature sensor is believable'),
  num('chargeVoltageMaxV', 33.6, 1, 1000, 'V', 'Pack charge voltage (constant-voltage phase): 4.2 V a cell'),
  ...PROTECTED_RAILS.map((rail) =>
    num(
      `latchupThresholdA.${rail}`,
      LATCHUP_THRESHOLD_DEFAULTS_A[rail],
      0.1,
      50,
      'A',
      `Latch-up threshold of the ${rail} rail${rail === 'accelerator' ? ' (beyond the current its reported power explains)' : ''}`,
    ),
  ),
  num('latchupTripS', 0.3, 0, 60, 's', 'Time over the threshold before a rail is switched off'),
  num('latchupOffS', 2, 0.1, 600, 's', 'Time a tripped rail is held off'),
  num('latchupWindowS', 600, 1, 86400, 's', 'Window of the repeated latch-up count'),
  {
    name: 'power.budgetEnabled',
    type: 'boolean',
    default: true,
    description:
      'Cap the accelerator by the energy budget; false lets it draw its maximum, held back only by shedding and the hard floor (the naive comparison of bench/yield)',
  },
  {
    name: 'power.latchupDisableCount',
    type: 'integer',
    default: 3,
    min: 1,
    max: 10,
    description: 'Latch-ups within the window that disable a non-essential rail',
  },
];

/** The shed thresholds must stand in order: hard floor < payload < heaters < floor. */
export function checkShedOrder(floorPct: number, heatersPct: number, payloadPct: number, hardFloorPct: number): string | null {
  if (hardFloorPct < payloadPct && payloadPct < heatersPct && heatersPct < floorPct) return null;
  return `thresholds must stand in order hard floor ${hardFloorPct} < payload ${payloadPct} < heaters ${heatersPct} < floor ${floorPct} %`;
}
