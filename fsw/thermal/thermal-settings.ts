/**
 * The thermal controller's settings, read from the parameter table in one
 * go (once per table version, through fsw/storage's cachedSettings): sensor
 * voting, the die cap, limit hysteresis, heater stuck-on detection and each
 * heater's set points, enable and fail-safe duty.
 */
import { HEATER_ZONES } from '../../protocol/index.js';
import type { HeaterName } from '../hal/frames.js';
import type { ParameterTable } from '../storage/parameters.js';
import type { DieCapParams } from './die-cap.js';
import type { StuckParams } from './heater-stuck.js';
import type { VoterParams } from './voter.js';

export interface SetPoints {
  readonly onC: number;
  readonly offC: number;
}

/** The thermostat set points of a heater zone: survival ones when the mode asks for them. */
export function heaterSetPoints(params: ParameterTable, heater: HeaterName, survival: boolean): SetPoints {
  const kind = survival ? 'Survival' : 'Heater';
  return { onC: params.getNumber(`thermal.${heater}${kind}OnC`), offC: params.getNumber(`thermal.${heater}${kind}OffC`) };
}

export interface HeaterSettings {
  readonly nominal: SetPoints;
  readonly survival: SetPoints;
  readonly enabled: boolean;
}

export interface ThermalSettings {
  readonly voter: VoterParams;
  readonly die: DieCapParams;
  readonly limitHysteresisC: number;
  readonly stuck: StuckParams;
  readonly heaters: Readonly<Record<HeaterName, HeaterSettings>>;
  readonly failSafeDutyPct: number;
}

export function voterParams(params: ParameterTable): VoterParams {
  return {
    minC: params.getNumber('thermal.sensorMinC'),
    maxC: params.getNumber('thermal.sensorMaxC'),
    stuckS: params.getNumber('thermal.sensorStuckS'),
    disagreeC: params.getNumber('thermal.sensorDisagreeC'),
    disagreeS: params.getNumber('thermal.sensorDisagreeS'),
    readmitS: params.getNumber('thermal.sensorReadmitS'),
  };
}

export function dieCapParams(params: ParameterTable): DieCapParams {
  return {
    throttleC: params.getNumber('thermal.acceleratorThrottleC'),
    limitC: params.getNumber('thermal.acceleratorLimitC'),
    redC: params.getNumber('thermal.acceleratorRedC'),
    redReleaseC: params.getNumber('thermal.acceleratorRedReleaseC'),
    leadS: params.getNumber('thermal.acceleratorLeadS'),
    maxW: params.getNumber('thermal.acceleratorMaxPowerW'),
    minW: params.getNumber('thermal.acceleratorMinCapW'),
  };
}

export function readThermalSettings(params: ParameterTable): ThermalSettings {
  const heater = (name: HeaterName): HeaterSettings => ({
    nominal: heaterSetPoints(params, name, false),
    survival: heaterSetPoints(params, name, true),
    enabled: params.getBoolean(`thermal.${name}HeaterEnabled`),
  });
  return {
    voter: voterParams(params),
    die: dieCapParams(params),
    limitHysteresisC: params.getNumber('thermal.limitHysteresisC'),
    stuck: { marginC: params.getNumber('thermal.heaterStuckMarginC'), persistS: params.getNumber('thermal.heaterStuckS') },
    heaters: Object.fromEntries(HEATER_ZONES.map((name) => [name, heater(name)])) as Record<HeaterName, HeaterSettings>,
    failSafeDutyPct: params.getNumber('thermal.heaterFailSafeDutyPct'),
  };
}
