/**
 * One step of the power manager (1 Hz), in order: battery temperature and
 * state of charge (coulombs counted on the mean battery current of the
 * ticks since the last step); eclipse watch and prediction; base load;
 * charge control; the budget; load shedding and the hard floor; the
 * accelerator's budget gate; the rails; the accelerator cap (published).
 * The module writes the record when the step says so.
 *
 * The fast part, every tick (powerEveryTick): the battery current into the
 * mean; latch-up protection (its trip time is 0.3 s), and the rails again
 * in the tick a protection trips or ends its hold-off, an inhibit, the
 * operator's wish or the mode changes (railInputsKey); the accelerator cap
 * asked (the frame's lowest cap wins, so a cap not asked would be lost for
 * that frame).
 */
import { ESSENTIAL_RAILS, MODES, RAILS } from '../../protocol/index.js';
import { MODE_RULES } from '../executive/modes.js';
import type { ModuleContext } from '../executive/module.js';
import type { PowerSensors, RailName } from '../hal/frames.js';
import { packResistanceOhmAt } from './battery-model.js';
import { batteryTemperatureC } from './battery-temperature.js';
import { powerBudget, type Budget } from './budget.js';
import { chargeLimit, type ChargeDecision } from './charge-control.js';
import { observeSun, predictEclipse } from './eclipse.js';
import { protectionHoldsOff, stepRailProtection } from './latchup.js';
import { PROTECTED_RAILS, type ProtectedRail } from './power-params.js';
import type { PowerState } from './power-record.js';
import type { PowerSettings } from './power-settings.js';
import { decideRail, inhibitBits, inhibitedRails } from './rail-decision.js';
import { isShed, stepShedding, type ShedChange } from './shedding.js';
import { createSocEstimate, socFromVoltagePct, stepSocEstimate, type SocInputs } from './soc-estimator.js';

export type PowerContext = ModuleContext<'power'>;

export const ESSENTIAL: ReadonlySet<RailName> = new Set(ESSENTIAL_RAILS);

export interface StepResult {
  /** Something worth writing to the record at once changed. */
  readonly changed: boolean;
}

export function stepPowerManager(ctx: PowerContext, state: PowerState, settings: PowerSettings, dtS: number): StepResult {
  const p = ctx.frame.power;
  const busV = busVoltageOf(p);
  collectCurrent(ctx, state);

  const socPct = estimateCharge(ctx, state, settings, dtS);
  observeSun(state.eclipse, p.arrayAvailableA, ctx.timeS, settings);
  const prediction = predictEclipse(state.eclipse, ctx.timeS, settings);
  state.prediction = prediction;
  trackBaseLoad(state, p, busV, settings, dtS);
  const charge = controlCharge(ctx, state, settings, socPct);
  const budget = powerBudget(
    {
      socPct,
      batteryTemperatureC: state.temperatureC,
      arrayAvailableW: p.arrayAvailableA * busV,
      baseLoadW: state.baseLoadW,
      chargePowerMaxW: charge.limitA * busV,
      eclipse: prediction,
    },
    settings,
  );
  state.budget = budget;
  const shedChanged = shedLoads(ctx, state, settings, socPct);
  gateAccelerator(state, settings, budget, dtS);
  setRailsAndCap(ctx, state, settings);
  ctx.published.write('power.socPct', Number.isFinite(socPct) ? socPct : 0);
  ctx.published.write('power.inEclipse', prediction.inEclipse ? 1 : 0);
  ctx.published.write('power.shedLevel', state.shedLevel);
  ctx.published.write('power.eclipseInS', prediction.eclipseInS);
  return { changed: shedChanged };
}

/**
 * The fast part, every tick after the step when that is due: the battery current into the mean,
 * latch-up protection (the rails again at once when a protection trips or its hold-off ends), the cap
 * asked. Returns whether a protection tripped (the record is written at once).
 */
export function powerEveryTick(ctx: PowerContext, state: PowerState, settings: PowerSettings): StepResult {
  collectCurrent(ctx, state);
  const timeS = ctx.timeS;
  const dtS = Number.isNaN(state.fastLastS) ? 0 : Math.max(0, timeS - state.fastLastS);
  state.fastLastS = timeS;
  const tripped = protectRails(ctx, state, settings, busVoltageOf(ctx.frame.power), dtS);
  if (railInputsKey(ctx, state) !== state.railInputsKey) setRailsAndCap(ctx, state, settings);
  ctx.actuators.acceleratorCap(state.capW);
  return { changed: tripped };
}

/**
 * What the rails depend on besides the step's results, as one number: the protections holding off,
 * the inhibits, the operator's wishes and the mode. The fast part decides the rails again in the tick
 * it changes, so that they react within a tick as before the step went to 1 Hz.
 */
function railInputsKey(ctx: PowerContext, state: PowerState): number {
  let wanted = 0;
  for (let i = 0; i < RAILS.length; i++) if (state.wanted[RAILS[i]!]) wanted |= 1 << i;
  return holdingOff(state) | (inhibitBits(ctx.published) << 8) | (wanted << 16) | (MODES.indexOf(ctx.mode) << 24);
}

function busVoltageOf(p: PowerSensors): number {
  return Number.isFinite(p.busVoltageV) && p.busVoltageV > 0 ? p.busVoltageV : Number.NaN;
}

/** Adds this frame's battery current to the mean of the ticks since the last step, once per frame. */
function collectCurrent(ctx: PowerContext, state: PowerState): void {
  if (state.currentFrame === ctx.frame) return;
  state.currentFrame = ctx.frame;
  const currentA = ctx.frame.power.batteryCurrentA;
  if (!Number.isFinite(currentA)) return;
  state.currentSumA += currentA;
  state.currentTicks++;
}

/** The mean battery current of the ticks since the last step (NaN when none had a number); starts the next mean. */
function takeMeanCurrentA(state: PowerState): number {
  const meanA = state.currentTicks > 0 ? state.currentSumA / state.currentTicks : Number.NaN;
  state.currentSumA = 0;
  state.currentTicks = 0;
  return meanA;
}

/** Which protected rails are held off (a bit each), to see a hold-off begin or end. */
function holdingOff(state: PowerState): number {
  let bits = 0;
  for (let i = 0; i < PROTECTED_RAILS.length; i++) if (protectionHoldsOff(state.protection[PROTECTED_RAILS[i]!])) bits |= 1 << i;
  return bits;
}

/** The rails, and the accelerator cap (published): nothing while its rail is held off. */
function setRailsAndCap(ctx: PowerContext, state: PowerState, settings: PowerSettings): void {
  state.railInputsKey = railInputsKey(ctx, state);
  const acceleratorOn = switchRails(ctx, state, settings);
  const capW = acceleratorOn ? (settings.budgetEnabled ? state.budget.acceleratorCapW : settings.acceleratorMaxW) : 0;
  state.capW = capW;
  ctx.published.write('power.acceleratorCapW', capW);
}

/** Battery temperature and state of charge (NaN until an estimate could start). */
function estimateCharge(ctx: PowerContext, state: PowerState, settings: PowerSettings, dtS: number): number {
  const p = ctx.frame.power;
  const temperatureC = batteryTemperatureC(ctx.frame, state.readingsC);
  state.temperatureC = temperatureC;
  const meanCurrentA = takeMeanCurrentA(state);
  const socInputs: SocInputs = {
    batteryCurrentA: Number.isNaN(meanCurrentA) ? p.batteryCurrentA : meanCurrentA,
    batteryVoltageV: p.batteryVoltageV,
    temperatureC,
  };
  if (state.soc === null) startEstimate(ctx, state, settings, socInputs);
  else stepSocEstimate(state.soc, socInputs, settings, dtS);
  return state.soc === null ? Number.NaN : state.soc.socPct;
}

function startEstimate(ctx: PowerContext, state: PowerState, settings: PowerSettings, inputs: SocInputs): void {
  const fresh = state.restoredSocPct !== null && ctx.timeS - state.restoredAtS <= settings.socRecordMaxAgeS && ctx.timeS >= state.restoredAtS;
  const socPct = fresh ? state.restoredSocPct! : socFromVoltagePct(settings.battery, inputs);
  if (!Number.isFinite(socPct)) return; // no usable reading yet: try again next tick
  state.soc = createSocEstimate(socPct);
  state.socSource = fresh ? 'record' : 'voltage';
  ctx.event('soc_estimate_started', { socPct: state.soc.socPct, source: state.socSource });
}

/** Every rail but the accelerator: rises at once, falls slowly. */
function trackBaseLoad(state: PowerState, p: PowerSensors, busV: number, settings: PowerSettings, dtS: number): void {
  let baseW = 0;
  for (const rail of RAILS) if (rail !== 'accelerator') baseW += (p.rails[rail]?.currentA ?? 0) * busV;
  if (!Number.isFinite(baseW)) return;
  if (!Number.isFinite(state.baseLoadW) || baseW > state.baseLoadW) state.baseLoadW = baseW;
  else state.baseLoadW += (baseW - state.baseLoadW) * Math.min(1, dtS / settings.baseLoadTimeConstantS);
}

/** The charge current limit, requested; charging_changed when the temperature allows or forbids it anew. */
function controlCharge(ctx: PowerContext, state: PowerState, settings: PowerSettings, socPct: number): ChargeDecision {
  const p = ctx.frame.power;
  const temperatureC = state.temperatureC;
  const charge = chargeLimit(
    socPct,
    temperatureC,
    settings,
    { batteryVoltageV: p.batteryVoltageV, batteryCurrentA: p.batteryCurrentA, packResistanceOhm: packResistanceOhmAt(settings.battery, temperatureC) },
    state.chargeTerminated,
  );
  state.chargeTerminated = charge.terminated;
  state.chargeLimitA = charge.limitA;
  ctx.actuators.chargeLimit(charge.limitA);
  if (charge.allowed !== state.chargeAllowed) {
    if (state.chargeAllowed !== null || !charge.allowed)
      ctx.event('charging_changed', { state: charge.allowed ? 'allowed' : 'inhibited', temperatureC: Number.isFinite(temperatureC) ? temperatureC : -273.15 });
    state.chargeAllowed = charge.allowed;
  }
  return charge;
}

/** Load shedding by the state of charge, and SAFE asked below the hard floor; true when the shed level changed. */
function shedLoads(ctx: PowerContext, state: PowerState, settings: PowerSettings, socPct: number): boolean {
  const shedChanges: ShedChange[] = [];
  state.shedLevel = stepShedding(state.shedLevel, socPct, settings.shedTable, settings.shedHysteresisPct, shedChanges);
  for (const change of shedChanges) ctx.event(change.shed ? 'load_shed' : 'load_restored', { level: change.level, rail: change.rail });
  if (socPct < settings.socHardFloorPct && !state.hardFloorTripped) {
    state.hardFloorTripped = true;
    ctx.event('soc_hard_floor', { socPct, floorPct: settings.socHardFloorPct });
    if (ctx.mode !== 'SAFE') ctx.requestMode('SAFE', `power: state of charge ${socPct.toFixed(1)} % below the hard floor`);
  } else if (state.hardFloorTripped && socPct > settings.socHardFloorPct + settings.shedHysteresisPct) {
    state.hardFloorTripped = false;
  }
  return shedChanges.length > 0;
}

/** The protected rails with what protectRails needs of each, resolved once (the loop runs every tick). */
const PROTECTED = PROTECTED_RAILS.map((rail) => ({ rail, essential: ESSENTIAL.has(rail), accelerator: rail === 'accelerator' }));

/** Latch-up protection of every protected rail; true when one tripped. */
function protectRails(ctx: PowerContext, state: PowerState, settings: PowerSettings, busV: number, dtS: number): boolean {
  const frame = ctx.frame;
  const timeS = frame.timeS;
  const rails = frame.power.rails;
  let tripped = false;
  for (let i = 0; i < PROTECTED.length; i++) {
    const { rail, essential, accelerator } = PROTECTED[i]!;
    const sensed = rails[rail];
    const currentA = sensed?.currentA ?? Number.NaN;
    const explainedA = accelerator ? Math.max(0, frame.accelerator?.powerW ?? 0) / busV : 0;
    const protection = state.protection[rail];
    const outcome = stepRailProtection(
      protection,
      sensed?.on === true,
      currentA - explainedA,
      essential,
      timeS,
      dtS,
      settings,
      settings.latchupThresholdA[rail],
    );
    if (outcome === 'none') continue;
    tripped = true;
    ctx.event('latchup_tripped', { rail, currentA: Number.isFinite(currentA) ? currentA : 0 });
    if (outcome === 'disabled') {
      const count = protection.tripTimesS.filter((t) => timeS - t <= settings.latchupWindowS).length;
      ctx.event('rail_disabled', { rail, count, detail: `${count} latch-ups within ${settings.latchupWindowS} s; reset_latchup_counters re-enables it` });
    }
  }
  return tripped;
}

/** The accelerator's budget gate, with hysteresis and a delay each way. */
function gateAccelerator(state: PowerState, settings: PowerSettings, budget: Budget, dtS: number): void {
  const gateOpen = state.acceleratorAllowed;
  const wantsChange = gateOpen
    ? budget.acceleratorCapW < settings.acceleratorMinW
    : budget.acceleratorCapW >= settings.acceleratorMinW + settings.acceleratorOnMarginW;
  state.acceleratorSwitchS = wantsChange ? state.acceleratorSwitchS + dtS : 0;
  if (wantsChange && state.acceleratorSwitchS >= settings.acceleratorSwitchDelayS - 1e-9) {
    state.acceleratorAllowed = !gateOpen;
    state.acceleratorSwitchS = 0;
  }
}

/** Switches every rail but avionics; returns whether the accelerator rail is on. */
function switchRails(ctx: PowerContext, state: PowerState, settings: PowerSettings): boolean {
  const table = settings.shedTable;
  const holds = {
    wanted: state.wanted,
    shed: (rail: RailName) => isShed(rail, state.shedLevel, table),
    protectionOff: (rail: RailName) => rail !== 'avionics' && protectionHoldsOff(state.protection[rail as ProtectedRail]),
    inhibited: inhibitedRails(ctx.published),
    acceleratorAllowedByMode: MODE_RULES[ctx.mode].acceleratorAllowed,
    acceleratorAllowedByBudget: state.acceleratorAllowed || !settings.budgetEnabled,
  };
  // a new list rather than length = 0 (a runtime call each time)
  const railsOff: RailName[] = [];
  let acceleratorOn = false;
  for (const rail of RAILS) {
    const on = decideRail(rail, holds);
    if (rail === 'avionics') continue;
    ctx.actuators.rail(rail, on);
    if (!on) railsOff.push(rail);
    if (rail === 'accelerator') acceleratorOn = on;
  }
  state.railsOff = railsOff;
  return acceleratorOn;
}
