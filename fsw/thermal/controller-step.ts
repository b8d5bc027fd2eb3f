/**
 * One step of the thermal controller, in order:
 *   1. vote every zone (exclusions and readmissions as events);
 *   2. limits of every voted zone (a crossing into a worse level as an event);
 *   3. the accelerator cap from the die temperature and its trend; at the
 *      red limit cap 0 and the accelerator rail inhibited;
 *   4. per heater: stuck-on detection (heaters rail inhibit), then the
 *      thermostat (survival set points when the mode asks for them).
 * Published: thermal.acceleratorC, thermal.acceleratorCapW,
 * thermal.inhibitRail.accelerator, thermal.inhibitRail.heaters. Never throws
 * on a sensor value: missing, NaN and dead readings are out of range.
 */
import { HEATER_ZONES, THERMAL_ZONES } from '../../protocol/index.js';
import { MODE_RULES } from '../executive/modes.js';
import type { FlightContext } from '../executive/module.js';
import type { HeaterName, ZoneName } from '../hal/frames.js';
import type { ParameterTable } from '../storage/parameters.js';
import { createVoters, type ThermalControllerState } from './controller-state.js';
import { stepDieCap, type DieCapParams } from './die-cap.js';
import { stepStuckDetector } from './heater-stuck.js';
import { nextLevel, severity, zoneLimits } from './limits.js';
import { heaterSetPoints } from './params.js';
import { stepThermostat } from './thermostat.js';
import { voteZone, type VoterParams } from './voter.js';

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

/** The voted temperature of a zone this tick, or null when it has no admitted sensor. */
function zoneNow(state: ThermalControllerState, zone: ZoneName): number | null {
  return state.unvoted[zone] || Number.isNaN(state.votedC[zone]) ? null : state.votedC[zone];
}

export function voteAll(state: ThermalControllerState, ctx: FlightContext): void {
  const sensorsC = ctx.frame.thermal?.sensorsC ?? ({} as Partial<Record<ZoneName, readonly number[]>>);
  state.voters ??= createVoters(sensorsC);
  const params = voterParams(ctx.params);
  for (const zone of THERMAL_ZONES) {
    const readings = Array.isArray(sensorsC[zone]) ? sensorsC[zone] : [];
    const outcome = voteZone(state.voters[zone], readings, ctx.timeS, params);
    for (const { sensor, why } of outcome.excluded) ctx.event('sensor_excluded', { zone, sensor, why });
    for (const sensor of outcome.readmitted) ctx.event('sensor_readmitted', { zone, sensor });
    if (outcome.votedC === null) {
      if (!state.unvoted[zone]) ctx.event('zone_unvoted', { zone, temperatureC: Number.isFinite(state.votedC[zone]) ? state.votedC[zone] : 0 });
      state.unvoted[zone] = true;
    } else {
      state.unvoted[zone] = false;
      state.votedC[zone] = outcome.votedC;
    }
  }
}

function checkLimits(state: ThermalControllerState, ctx: FlightContext): void {
  const hysteresisC = ctx.params.getNumber('thermal.limitHysteresisC');
  for (const zone of THERMAL_ZONES) {
    const temperatureC = zoneNow(state, zone);
    if (temperatureC === null) continue;
    const before = state.limits[zone];
    const after = nextLevel(before, temperatureC, zoneLimits(zone), hysteresisC);
    state.limits[zone] = after;
    // worse: more severe, or as severe on the other side
    if (after !== before && severity(after) >= severity(before) && severity(after) > 0) ctx.event('temperature_limit', { zone, temperatureC, level: severity(after) === 2 ? 'red' : 'yellow' });
  }
}

function manageDie(state: ThermalControllerState, ctx: FlightContext, dtS: number): void {
  const onDieC = ctx.frame.accelerator?.temperatureC;
  const params = dieCapParams(ctx.params);
  const fallbackOk = typeof onDieC === 'number' && onDieC >= ctx.params.getNumber('thermal.sensorMinC') && onDieC <= ctx.params.getNumber('thermal.sensorMaxC');
  const dieC = zoneNow(state, 'accelerator') ?? (fallbackOk ? onDieC : null);
  const outcome = stepDieCap(state.die, dieC, ctx.timeS, dtS, params);
  if (outcome.redChanged !== null) {
    ctx.event('rail_inhibit', { rail: 'accelerator', inhibit: outcome.redChanged, reason: outcome.redChanged ? `die at ${round1(dieC ?? 0)} C, red limit ${params.redC} C` : `die cooled below ${params.redReleaseC} C` });
  }
  if (dieC !== null) ctx.published.set('thermal.acceleratorC', dieC);
  ctx.published.set('thermal.acceleratorCapW', outcome.capW);
  ctx.published.set('thermal.inhibitRail.accelerator', state.die.redInhibit ? 1 : 0);
  ctx.actuators.acceleratorCap(outcome.capW);
}

function controlHeater(state: ThermalControllerState, ctx: FlightContext, heater: HeaterName, survival: boolean): void {
  const temperatureC = zoneNow(state, heater);
  const setPoints = heaterSetPoints(ctx.params, heater, survival);
  const stuck = state.stuck[heater];
  const reported = ctx.frame.thermal?.heaters?.[heater]?.dutyPct;
  const reportedDutyPct = typeof reported === 'number' && Number.isFinite(reported) ? Math.min(100, Math.max(0, reported)) : 0;
  const change = stepStuckDetector(
    stuck,
    { timeS: ctx.timeS, temperatureC, reportedDutyPct, railOn: ctx.frame.power?.rails?.heaters?.on === true, setPoints },
    { marginC: ctx.params.getNumber('thermal.heaterStuckMarginC'), persistS: ctx.params.getNumber('thermal.heaterStuckS') },
  );
  const zoneText = `${heater} at ${round1(temperatureC ?? 0)} C`;
  if (change === 'detected') {
    ctx.event('heater_stuck', { heater, dutyPct: reportedDutyPct, temperatureC: temperatureC ?? 0 });
    ctx.event('rail_inhibit', { rail: 'heaters', inhibit: true, reason: `${heater} heater stuck on, ${zoneText}` });
  } else if (change === 'inhibit') ctx.event('rail_inhibit', { rail: 'heaters', inhibit: true, reason: `${heater} heater still stuck, ${zoneText}` });
  else if (change === 'release') ctx.event('rail_inhibit', { rail: 'heaters', inhibit: false, reason: `${zoneText}, below ${setPoints.onC} C` });
  else if (change === 'cleared') ctx.event('rail_inhibit', { rail: 'heaters', inhibit: false, reason: `${heater} heater obeys again` });

  const duty = stepThermostat(state.thermostats[heater], {
    temperatureC,
    setPoints,
    enabled: ctx.params.getBoolean(`thermal.${heater}HeaterEnabled`),
    override: state.overrides[heater],
    failSafeDutyPct: ctx.params.getNumber('thermal.heaterFailSafeDutyPct'),
  });
  stuck.requestedDutyPct = duty;
  state.dutyPct[heater] = duty;
  ctx.actuators.heaterDuty(heater, duty);
}

export function stepController(state: ThermalControllerState, ctx: FlightContext, dtS: number): void {
  voteAll(state, ctx);
  checkLimits(state, ctx);
  manageDie(state, ctx, dtS);
  const survival = MODE_RULES[ctx.mode]?.survivalHeaters ?? true;
  for (const heater of HEATER_ZONES) controlHeater(state, ctx, heater, survival);
  ctx.published.set('thermal.inhibitRail.heaters', HEATER_ZONES.some((heater) => state.stuck[heater].inhibit) ? 1 : 0);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
