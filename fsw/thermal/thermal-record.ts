/**
 * The thermal controller's whole state, explicit so that a step is a
 * function of it, the SensorFrame, the parameters and the mode. Nothing
 * here is persisted (thermal keeps no record): exclusions, overrides and
 * stuck marks are learned or commanded again after a reset (an override
 * returning to "auto" is the safe side).
 */
import { HEATER_ZONES, THERMAL_ZONES } from '../../protocol/index.js';
import type { HeaterName, ZoneName } from '../hal/frames.js';
import { createDieCapState, type DieCapState } from './die-cap.js';
import { createStuckState, type StuckState } from './heater-stuck.js';
import type { LimitLevel } from './zone-limits.js';
import type { HeaterOverride, ThermostatState } from './thermostat.js';
import { createVoteResult, createZoneVoter, SENSORS_PER_ZONE_MAX, type VoteResult, type ZoneVoter } from './voter.js';

export interface ThermalControllerState {
  /** Created at boot from the number of sensors each zone reports. */
  voters: Record<ZoneName, ZoneVoter> | null;
  /** Last voted temperature per zone (held while a zone has no admitted sensor; NaN before any). */
  readonly votedC: Record<ZoneName, number>;
  readonly unvoted: Record<ZoneName, boolean>;
  readonly limits: Record<ZoneName, LimitLevel>;
  readonly thermostats: Record<HeaterName, ThermostatState>;
  readonly overrides: Record<HeaterName, HeaterOverride>;
  readonly dutyPct: Record<HeaterName, number>;
  readonly stuck: Record<HeaterName, StuckState>;
  readonly die: DieCapState;
  /** Reused by every zone's vote: its outcome is read at once. */
  readonly vote: VoteResult;
}

function perZone<T>(make: (zone: ZoneName) => T): Record<ZoneName, T> {
  return Object.fromEntries(THERMAL_ZONES.map((zone) => [zone, make(zone)])) as Record<ZoneName, T>;
}

function perHeater<T>(make: (heater: HeaterName) => T): Record<HeaterName, T> {
  return Object.fromEntries(HEATER_ZONES.map((heater) => [heater, make(heater)])) as Record<HeaterName, T>;
}

export function createControllerState(acceleratorMaxW: number): ThermalControllerState {
  return {
    voters: null,
    votedC: perZone(() => Number.NaN),
    unvoted: perZone(() => false),
    limits: perZone(() => 'nominal'),
    thermostats: perHeater(() => ({ heating: false })),
    overrides: perHeater(() => 'auto'),
    dutyPct: perHeater(() => 0),
    stuck: perHeater(() => createStuckState()),
    die: createDieCapState(acceleratorMaxW),
    vote: createVoteResult(),
  };
}

/** One voter per zone, sized by the readings the zone reports (1..SENSORS_PER_ZONE_MAX). */
export function createVoters(sensorsC: Readonly<Partial<Record<ZoneName, readonly number[]>>>): Record<ZoneName, ZoneVoter> {
  return perZone((zone) => {
    const count = Array.isArray(sensorsC[zone]) ? sensorsC[zone]!.length : 0;
    return createZoneVoter(Math.min(SENSORS_PER_ZONE_MAX, Math.max(1, count)));
  });
}
