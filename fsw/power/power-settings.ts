/**
 * The power manager's settings, read from the parameter table in one go
 * (once per table version, through fsw/storage's cachedSettings), with the
 * load-shedding table they imply.
 */
import type { ParameterTable } from '../storage/parameters.js';
import { BATTERY_DATASHEET } from './battery-model.js';
import type { BudgetSettings } from './budget.js';
import type { ChargeSettings } from './charge-control.js';
import type { EclipseSettings } from './eclipse.js';
import type { LatchupSettings } from './latchup.js';
import { PROTECTED_RAILS, type ProtectedRail } from './power-params.js';
import { shedTable, type ShedEntry } from './shedding.js';
import type { SocSettings } from './soc-estimator.js';

/** Every setting of the power manager; each part's own settings are declared where they are used. */
export interface PowerSettings extends SocSettings, BudgetSettings, EclipseSettings, ChargeSettings, LatchupSettings {
  readonly budgetEnabled: boolean;
  readonly socHardFloorPct: number;
  readonly shedHeatersPct: number;
  readonly shedPayloadPct: number;
  readonly shedHysteresisPct: number;
  readonly socRecordMaxAgeS: number;
  readonly persistPeriodS: number;
  readonly baseLoadTimeConstantS: number;
  readonly acceleratorMinW: number;
  readonly acceleratorOnMarginW: number;
  readonly acceleratorSwitchDelayS: number;
  readonly latchupThresholdA: Readonly<Record<ProtectedRail, number>>;
  /** The load-shedding table of these thresholds. */
  readonly shedTable: readonly ShedEntry[];
}

export function readPowerSettings(params: ParameterTable): PowerSettings {
  const n = (name: string) => params.getNumber(`power.${name}`);
  const settings: Omit<PowerSettings, 'shedTable'> = {
    battery: {
      ...BATTERY_DATASHEET,
      seriesCells: n('batterySeriesCells'),
      capacityAh: n('batteryCapacityAh'),
      cellResistanceOhm: n('batteryCellResistanceOhm'),
      chargeEfficiency: n('batteryChargeEfficiency'),
    },
    socFloorPct: n('socFloorPct'),
    socMarginPct: n('socMarginPct'),
    budgetEnabled: params.getBoolean('power.budgetEnabled'),
    socHardFloorPct: n('socHardFloorPct'),
    shedHeatersPct: n('shedHeatersPct'),
    shedPayloadPct: n('shedPayloadPct'),
    shedHysteresisPct: n('shedHysteresisPct'),
    socRestCurrentA: n('socRestCurrentA'),
    socRestS: n('socRestS'),
    socRestTimeConstantS: n('socRestTimeConstantS'),
    socRecordMaxAgeS: n('socRecordMaxAgeS'),
    persistPeriodS: n('persistPeriodS'),
    orbitPeriodS: n('orbitPeriodS'),
    eclipseDurationS: n('eclipseDurationS'),
    eclipseMarginS: n('eclipseMarginS'),
    eclipseLeftMinS: n('eclipseLeftMinS'),
    eclipseArrayThresholdA: n('eclipseArrayThresholdA'),
    chargeStoreEfficiency: n('chargeStoreEfficiency'),
    dischargeEfficiency: n('dischargeEfficiency'),
    baseLoadTimeConstantS: n('baseLoadTimeConstantS'),
    acceleratorMaxW: n('acceleratorMaxW'),
    acceleratorIdleW: n('acceleratorIdleW'),
    acceleratorPowerExponent: n('acceleratorPowerExponent'),
    acceleratorMinW: n('acceleratorMinW'),
    acceleratorOnMarginW: n('acceleratorOnMarginW'),
    acceleratorSwitchDelayS: n('acceleratorSwitchDelayS'),
    chargeMaxA: n('chargeMaxA'),
    chargeTaperStartPct: n('chargeTaperStartPct'),
    chargeTerminationA: n('chargeTerminationA'),
    chargeMinC: n('chargeMinC'),
    chargeMaxC: n('chargeMaxC'),
    chargeBlindA: n('chargeBlindA'),
    chargeVoltageMaxV: n('chargeVoltageMaxV'),
    latchupThresholdA: Object.fromEntries(PROTECTED_RAILS.map((rail) => [rail, n(`latchupThresholdA.${rail}`)])) as Record<ProtectedRail, number>,
    latchupTripS: n('latchupTripS'),
    latchupOffS: n('latchupOffS'),
    latchupWindowS: n('latchupWindowS'),
    latchupDisableCount: n('latchupDisableCount'),
  };
  return { ...settings, shedTable: shedTable(settings) };
}
