/**
 * One tick of the power manager, in order: battery temperature and state
 * of charge; eclipse watch and prediction; base load; charge control; the
 * budget; load shedding and the hard floor; latch-up protection; the rails;
 * the accelerator cap (published and requested); the record when due.
 */
import { RAILS } from '../../protocol/index.js';
import { MODE_RULES } from '../executive/modes.js';
import type { FlightContext } from '../executive/module.js';
import type { RailName } from '../hal/frames.js';
import { batteryTemperatureC } from './battery-temperature.js';
import { powerBudget } from './budget.js';
import { chargeLimit } from './charge-control.js';
import { observeSun, predictEclipse } from './eclipse.js';
import { protectionHoldsOff, stepRailProtection } from './latchup.js';
import { PROTECTED_RAILS, type PowerSettings, type ProtectedRail } from './power-params.js';
import type { PowerState } from './power-state.js';
import { decideRail, inhibitedRails } from './rail-decision.js';
import { isShed, shedTable, stepShedding, type ShedChange, type ShedEntry } from './shedding.js';
import { packResistanceOhmAt } from './battery-model.js';
import { createSocEstimate, socFromVoltagePct, stepSocEstimate, type SocInputs } from './soc-estimator.js';

export const ESSENTIAL: ReadonlySet<RailName> = new Set(['avionics', 'comms']);

export interface StepResult {
  /** Something worth writing to the record at once changed. */
  readonly changed: boolean;
}

export function stepPowerManager(ctx: FlightContext, state: PowerState, s: PowerSettings, dtS: number): StepResult {
  const frame = ctx.frame;
  const p = frame.power;
  const timeS = ctx.timeS;
  const busV = Number.isFinite(p.busVoltageV) && p.busVoltageV > 0 ? p.busVoltageV : Number.NaN;
  let changed = false;

  // 1. state of charge
  const temperatureC = batteryTemperatureC(frame);
  state.temperatureC = temperatureC;
  const socInputs: SocInputs = { batteryCurrentA: p.batteryCurrentA, batteryVoltageV: p.batteryVoltageV, temperatureC };
  if (state.soc === null) startEstimate(ctx, state, s, socInputs);
  else stepSocEstimate(state.soc, socInputs, s, dtS);
  const socPct = state.soc === null ? Number.NaN : state.soc.socPct;

  // 2. eclipse
  observeSun(state.eclipse, p.arrayAvailableA, timeS, s);
  const prediction = predictEclipse(state.eclipse, timeS, s);
  state.prediction = prediction;

  // 3. base load: every rail but the accelerator; rises at once, falls slowly
  let baseW = 0;
  for (const rail of RAILS) if (rail !== 'accelerator') baseW += (p.rails[rail]?.currentA ?? 0) * busV;
  if (Number.isFinite(baseW)) {
    if (!Number.isFinite(state.baseLoadW) || baseW > state.baseLoadW) state.baseLoadW = baseW;
    else state.baseLoadW += (baseW - state.baseLoadW) * Math.min(1, dtS / s.baseLoadTimeConstantS);
  }

  // 4. charge control
  const charge = chargeLimit(
    socPct,
    temperatureC,
    s,
    { batteryVoltageV: p.batteryVoltageV, batteryCurrentA: p.batteryCurrentA, packResistanceOhm: packResistanceOhmAt(s.battery, temperatureC) },
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

  // 5. budget
  const budget = powerBudget(
    {
      socPct,
      batteryTemperatureC: temperatureC,
      arrayAvailableW: p.arrayAvailableA * busV,
      baseLoadW: state.baseLoadW,
      chargePowerMaxW: charge.limitA * busV,
      eclipse: prediction,
    },
    s,
  );
  state.budget = budget;

  // 6. load shedding and the hard floor
  const table = shedTableOf(s);
  const shedChanges: ShedChange[] = [];
  state.shedLevel = stepShedding(state.shedLevel, socPct, table, s.shedHysteresisPct, shedChanges);
  for (const change of shedChanges) {
    ctx.event(change.shed ? 'load_shed' : 'load_restored', { level: change.level, rail: change.rail });
    changed = true;
  }
  if (socPct < s.socHardFloorPct && !state.hardFloorTripped) {
    state.hardFloorTripped = true;
    ctx.event('soc_hard_floor', { socPct, floorPct: s.socHardFloorPct });
    if (ctx.mode !== 'SAFE') ctx.requestMode('SAFE', `power: state of charge ${socPct.toFixed(1)} % below the hard floor`);
  } else if (state.hardFloorTripped && socPct > s.socHardFloorPct + s.shedHysteresisPct) {
    state.hardFloorTripped = false;
  }

  // 7. latch-up protection
  for (const rail of PROTECTED_RAILS) {
    const sensed = p.rails[rail];
    const currentA = sensed?.currentA ?? Number.NaN;
    const explainedA = rail === 'accelerator' ? Math.max(0, frame.accelerator?.powerW ?? 0) / busV : 0;
    const outcome = stepRailProtection(
      state.protection[rail],
      sensed?.on === true,
      currentA - explainedA,
      ESSENTIAL.has(rail),
      timeS,
      dtS,
      s,
      s.latchupThresholdA[rail],
    );
    if (outcome === 'none') continue;
    changed = true;
    ctx.event('latchup_tripped', { rail, currentA: Number.isFinite(currentA) ? currentA : 0 });
    if (outcome === 'disabled') {
      const count = state.protection[rail].tripTimesS.filter((t) => timeS - t <= s.latchupWindowS).length;
      ctx.event('rail_disabled', { rail, count, detail: `${count} latch-ups within ${s.latchupWindowS} s; reset_latchup_counters re-enables it` });
    }
  }

  // 8. the accelerator's budget gate, with hysteresis and a delay each way
  const gateOpen = state.acceleratorAllowed;
  const wantsChange = gateOpen ? budget.acceleratorCapW < s.acceleratorMinW : budget.acceleratorCapW >= s.acceleratorMinW + s.acceleratorOnMarginW;
  state.acceleratorSwitchS = wantsChange ? state.acceleratorSwitchS + dtS : 0;
  if (wantsChange && state.acceleratorSwitchS >= s.acceleratorSwitchDelayS - 1e-9) {
    state.acceleratorAllowed = !gateOpen;
    state.acceleratorSwitchS = 0;
  }

  // 9. rails
  const holds = {
    wanted: state.wanted,
    shed: (rail: RailName) => isShed(rail, state.shedLevel, table),
    protectionOff: (rail: RailName) => rail !== 'avionics' && protectionHoldsOff(state.protection[rail as ProtectedRail]),
    inhibited: inhibitedRails(ctx.published),
    acceleratorAllowedByMode: MODE_RULES[ctx.mode].acceleratorAllowed,
    acceleratorAllowedByBudget: state.acceleratorAllowed || !s.budgetEnabled,
  };
  // a new list rather than length = 0 (a runtime call every tick)
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

  // 10. the accelerator cap: nothing while its rail is held off
  const capW = acceleratorOn ? (s.budgetEnabled ? budget.acceleratorCapW : s.acceleratorMaxW) : 0;
  ctx.actuators.acceleratorCap(capW);
  ctx.published.set('power.acceleratorCapW', capW);
  ctx.published.set('power.socPct', Number.isFinite(socPct) ? socPct : 0);
  ctx.published.set('power.inEclipse', prediction.inEclipse ? 1 : 0);
  ctx.published.set('power.shedLevel', state.shedLevel);
  ctx.published.set('power.eclipseInS', prediction.eclipseInS);
  return { changed };
}

let shedTableFor: PowerSettings | null = null;
let shedTableNow: readonly ShedEntry[] = [];

/** The shed table of the settings, built again only when the settings object changes (a new parameter version). */
function shedTableOf(s: PowerSettings): readonly ShedEntry[] {
  if (s !== shedTableFor) {
    shedTableNow = shedTable(s);
    shedTableFor = s;
  }
  return shedTableNow;
}

function startEstimate(ctx: FlightContext, state: PowerState, s: PowerSettings, inputs: SocInputs): void {
  const fresh = state.restoredSocPct !== null && ctx.timeS - state.restoredAtS <= s.socRecordMaxAgeS && ctx.timeS >= state.restoredAtS;
  const socPct = fresh ? state.restoredSocPct! : socFromVoltagePct(s.battery, inputs);
  if (!Number.isFinite(socPct)) return; // no usable reading yet: try again next tick
  state.soc = createSocEstimate(socPct);
  state.socSource = fresh ? 'record' : 'voltage';
  ctx.event('soc_estimate_started', { socPct: state.soc.socPct, source: state.socSource });
}
