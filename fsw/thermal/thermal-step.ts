/**
 * One step of the thermal controller, in order:
 *   1. vote every zone (exclusions and readmissions as events);
 *   2. limits of every voted zone (a crossing into a worse level as an event);
 *   3. the accelerator cap from the die temperature and its trend; at the
 *      red limit cap 0 and the accelerator rail inhibited (the module's fast
 *      part, requestCap, asks the cap every tick);
 *   4. per heater: stuck-on detection (heaters rail inhibit), then the
 *      thermostat (survival set points when the mode asks for them).
 * Published: thermal.acceleratorC, thermal.acceleratorCapW,
 * thermal.inhibitRail.accelerator, thermal.inhibitRail.heaters. Never throws
 * on a sensor value: missing, NaN and dead readings are out of range.
 */
import { HEATER_ZONES, THERMAL_ZONES } from '../../protocol/index.js';
import { MODE_RULES } from '../executive/modes.js';
import type { ModuleContext } from '../executive/module.js';
import type { HeaterName, ZoneName } from '../hal/frames.js';
import { stepDieCap } from './die-cap.js';
import { askDuty, stepStuckDetector } from './heater-stuck.js';
import { createVoters, type ThermalControllerState } from './thermal-record.js';
import { readThermalSettings, type ThermalSettings } from './thermal-settings.js';
import { stepThermostat } from './thermostat.js';
import { voteZoneInto } from './voter.js';
import { nextLevel, severity, zoneLimits } from './zone-limits.js';

export type ThermalContext = ModuleContext<'thermal'>;

/** The voted temperature of a zone this tick, or null when it has no admitted sensor. */
function zoneNow(state: ThermalControllerState, zone: ZoneName): number | null {
  return state.unvoted[zone] || Number.isNaN(state.votedC[zone]) ? null : state.votedC[zone];
}

const NO_READINGS: readonly number[] = [];
const LIMITS = Object.fromEntries(THERMAL_ZONES.map((zone) => [zone, zoneLimits(zone)])) as Record<ZoneName, ReturnType<typeof zoneLimits>>;

export function voteAll(state: ThermalControllerState, ctx: ThermalContext, settings: ThermalSettings = readThermalSettings(ctx.params)): void {
  const sensorsC = ctx.frame.thermal?.sensorsC ?? ({} as Partial<Record<ZoneName, readonly number[]>>);
  state.voters ??= createVoters(sensorsC);
  const params = settings.voter;
  for (const zone of THERMAL_ZONES) {
    const zoneReadings = sensorsC[zone];
    const readings = Array.isArray(zoneReadings) ? zoneReadings : NO_READINGS;
    const outcome = voteZoneInto(state.voters[zone], readings, ctx.timeS, params, state.vote);
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

function checkLimits(state: ThermalControllerState, ctx: ThermalContext, settings: ThermalSettings): void {
  const hysteresisC = settings.limitHysteresisC;
  for (const zone of THERMAL_ZONES) {
    const temperatureC = zoneNow(state, zone);
    if (temperatureC === null) continue;
    const before = state.limits[zone];
    const after = nextLevel(before, temperatureC, LIMITS[zone], hysteresisC);
    state.limits[zone] = after;
    // worse: more severe, or as severe on the other side
    if (after !== before && severity(after) >= severity(before) && severity(after) > 0)
      ctx.event('temperature_limit', { zone, temperatureC, level: severity(after) === 2 ? 'red' : 'yellow' });
  }
}

function manageDie(state: ThermalControllerState, ctx: ThermalContext, dtS: number, settings: ThermalSettings): void {
  const onDieC = ctx.frame.accelerator?.temperatureC;
  const params = settings.die;
  const fallbackOk = typeof onDieC === 'number' && onDieC >= settings.voter.minC && onDieC <= settings.voter.maxC;
  const dieC = zoneNow(state, 'accelerator') ?? (fallbackOk ? onDieC : null);
  const outcome = stepDieCap(state.die, dieC, ctx.timeS, dtS, params);
  if (outcome.redChanged !== null) {
    ctx.event('rail_inhibit', {
      rail: 'accelerator',
      inhibit: outcome.redChanged,
      reason: outcome.redChanged ? `die at ${round1(dieC ?? 0)} C, red limit ${params.redC} C` : `die cooled below ${params.redReleaseC} C`,
    });
  }
  if (dieC !== null) ctx.published.write('thermal.acceleratorC', dieC);
  ctx.published.write('thermal.acceleratorCapW', outcome.capW);
  ctx.published.write('thermal.inhibitRail.accelerator', state.die.redInhibit ? 1 : 0);
}

/** The fast part, every tick: the cap of the last step asked again (the frame's lowest cap wins, so a cap not asked is lost for that frame). */
export function requestCap(state: ThermalControllerState, ctx: ThermalContext): void {
  ctx.actuators.acceleratorCap(state.die.capW);
}

function controlHeater(state: ThermalControllerState, ctx: ThermalContext, heater: HeaterName, survival: boolean, settings: ThermalSettings): void {
  const temperatureC = zoneNow(state, heater);
  const heaterSettings = settings.heaters[heater];
  const setPoints = survival ? heaterSettings.survival : heaterSettings.nominal;
  const stuck = state.stuck[heater];
  const reported = ctx.frame.thermal?.heaters?.[heater]?.dutyPct;
  const reportedDutyPct = typeof reported === 'number' && Number.isFinite(reported) ? Math.min(100, Math.max(0, reported)) : 0;
  const change = stepStuckDetector(
    stuck,
    { timeS: ctx.timeS, temperatureC, reportedDutyPct, railOn: ctx.frame.power?.rails?.heaters?.on === true, setPoints },
    settings.stuck,
  );
  if (change !== null) {
    const zoneText = `${heater} at ${round1(temperatureC ?? 0)} C`;
    if (change === 'detected') {
      ctx.event('heater_stuck', { heater, dutyPct: reportedDutyPct, temperatureC: temperatureC ?? 0 });
      ctx.event('rail_inhibit', { rail: 'heaters', inhibit: true, reason: `${heater} heater stuck on, ${zoneText}` });
    } else if (change === 'inhibit') ctx.event('rail_inhibit', { rail: 'heaters', inhibit: true, reason: `${heater} heater still stuck, ${zoneText}` });
    else if (change === 'release') ctx.event('rail_inhibit', { rail: 'heaters', inhibit: false, reason: `${zoneText}, below ${setPoints.onC} C` });
    else if (change === 'cleared') ctx.event('rail_inhibit', { rail: 'heaters', inhibit: false, reason: `${heater} heater obeys again` });
  }

  const duty = stepThermostat(state.thermostats[heater], {
    temperatureC,
    setPoints,
    enabled: heaterSettings.enabled,
    override: state.overrides[heater],
    failSafeDutyPct: settings.failSafeDutyPct,
  });
  askDuty(stuck, duty, ctx.timeS);
  state.dutyPct[heater] = duty;
  ctx.actuators.heaterDuty(heater, duty);
}

export function stepController(
  state: ThermalControllerState,
  ctx: ThermalContext,
  dtS: number,
  settings: ThermalSettings = readThermalSettings(ctx.params),
): void {
  voteAll(state, ctx, settings);
  checkLimits(state, ctx, settings);
  manageDie(state, ctx, dtS, settings);
  const survival = MODE_RULES[ctx.mode]?.survivalHeaters ?? true;
  for (const heater of HEATER_ZONES) controlHeater(state, ctx, heater, survival, settings);
  publishHeatersInhibit(state, ctx);
}

/** The rail inhibits as they stand (at boot: none), so that the power manager, stepping first, reads them from the first tick. */
export function publishInhibits(state: ThermalControllerState, ctx: ThermalContext): void {
  ctx.published.write('thermal.inhibitRail.accelerator', state.die.redInhibit ? 1 : 0);
  publishHeatersInhibit(state, ctx);
}

function publishHeatersInhibit(state: ThermalControllerState, ctx: ThermalContext): void {
  let inhibit = false;
  for (const heater of HEATER_ZONES) if (state.stuck[heater].inhibit) inhibit = true;
  ctx.published.write('thermal.inhibitRail.heaters', inhibit ? 1 : 0);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
