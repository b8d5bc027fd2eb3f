/** The fields of power_hk: the frame's measurements and the power manager's estimates, finite whatever the sensors said. */
import type { TelemetryFields } from '../../protocol/index.js';
import type { SensorFrame } from '../hal/frames.js';
import { PROTECTED_RAILS, type ProtectedRail } from './power-params.js';
import type { PowerState } from './power-record.js';

function finite(x: number, fallback = 0): number {
  return Number.isFinite(x) ? x : fallback;
}

export function powerHousekeeping(state: PowerState, frame: SensorFrame): TelemetryFields<'power_hk'> {
  const p = frame.power;
  let loadW = 0;
  for (const rail of Object.values(p.rails)) loadW += rail.currentA * p.busVoltageV;
  const trips = (rail: ProtectedRail) => state.protection[rail].trips;
  return {
    socPct: finite(state.soc?.socPct ?? Number.NaN),
    busVoltageV: finite(p.busVoltageV),
    batteryCurrentA: finite(p.batteryCurrentA),
    arrayCurrentA: Math.max(0, finite(p.arrayCurrentA)),
    loadPowerW: Math.max(0, finite(loadW)),
    acceleratorCapW: state.capW,
    shedLevel: state.shedLevel,
    latchupCount: trips('comms') + trips('heaters') + trips('payload') + trips('accelerator'),
    batteryTemperatureC: finite(state.temperatureC, -273.15),
    arrayAvailableW: Math.max(0, finite(p.arrayAvailableA * p.busVoltageV)),
    baseLoadW: Math.max(0, finite(state.baseLoadW)),
    batteryAllowanceW: finite(state.budget.batteryAllowanceW),
    budgetW: finite(state.budget.budgetW),
    chargeLimitA: state.chargeLimitA,
    inEclipse: state.prediction.inEclipse,
    eclipseInS: state.prediction.eclipseInS,
    eclipseLeftS: state.prediction.eclipseLeftS,
    eclipseDurationS: state.prediction.eclipseDurationS,
    latchupsComms: trips('comms'),
    latchupsHeaters: trips('heaters'),
    latchupsPayload: trips('payload'),
    latchupsAccelerator: trips('accelerator'),
    railsOff: [...state.railsOff],
    railsDisabled: PROTECTED_RAILS.filter((rail) => state.protection[rail].phase === 'disabled'),
  };
}
