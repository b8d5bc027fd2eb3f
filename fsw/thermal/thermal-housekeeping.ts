/** The fields of thermal_hk: voted zone temperatures, exclusions, heater duty, the accelerator cap and the limit states. */
import { HEATER_ZONES, THERMAL_ZONES, type TelemetryFields } from '../../protocol/index.js';
import type { ThermalControllerState } from './thermal-record.js';

/** Bit 3 * zone index + sensor for each excluded sensor. */
function excludedBits(state: ThermalControllerState): number {
  let bits = 0;
  THERMAL_ZONES.forEach((zone, z) =>
    state.voters?.[zone].sensors.forEach((track, i) => {
      if (track.excluded !== null && i < 3) bits |= 1 << (3 * z + i);
    }),
  );
  return bits;
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

export function thermalHousekeeping(state: ThermalControllerState): TelemetryFields<'thermal_hk'> {
  const voted = state.votedC;
  return {
    acceleratorC: finiteOr(voted.accelerator, 0),
    boardC: finiteOr(voted.board, 0),
    batteryC: finiteOr(voted.battery, 0),
    radiatorC: finiteOr(voted.radiator, 0),
    structureC: finiteOr(voted.structure, 0),
    boardHeaterDutyPct: state.dutyPct.board,
    batteryHeaterDutyPct: state.dutyPct.battery,
    excludedSensors: excludedBits(state),
    unvotedZones: THERMAL_ZONES.reduce((bits, zone, z) => (state.unvoted[zone] || Number.isNaN(voted[zone]) ? bits | (1 << z) : bits), 0),
    acceleratorCapW: state.die.capW,
    acceleratorTrendCPerMin: finiteOr(state.die.trendCPerS * 60, 0),
    acceleratorLimit: state.limits.accelerator,
    boardLimit: state.limits.board,
    batteryLimit: state.limits.battery,
    radiatorLimit: state.limits.radiator,
    structureLimit: state.limits.structure,
    acceleratorInhibited: state.die.redInhibit,
    heatersInhibited: HEATER_ZONES.some((heater) => state.stuck[heater].inhibit),
    stuckHeaters: HEATER_ZONES.reduce((bits, heater, h) => (state.stuck[heater].stuck ? bits | (1 << h) : bits), 0),
    heaterStuckCount: HEATER_ZONES.reduce((count, heater) => count + state.stuck[heater].detections, 0),
  };
}
