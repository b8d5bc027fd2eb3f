/**
 * The power manager as a flight module: 10 Hz, first of the onboard modules
 * in a tick. State of charge, budget and accelerator cap, load shedding,
 * latch-up protection, charge control and rail ownership (power-step.ts);
 * commands (power-commands.ts); housekeeping; the non-volatile record.
 */
import type { Executive } from '../executive/executive.js';
import type { FlightContext, FlightModule } from '../executive/module.js';
import { cachedSettings } from '../storage/settings-cache.js';
import { powerCommands } from './power-commands.js';
import { POWER_PARAMS, PROTECTED_RAILS, readPowerSettings, type ProtectedRail } from './power-params.js';
import { createPowerState, POWER_RECORD, powerRecord, restorePowerState } from './power-state.js';
import { stepPowerManager } from './power-step.js';

const RECORD_SLOT_BYTES = 2048;

export function createPowerModule(core: Executive): FlightModule {
  const state = createPowerState();
  /** Settings read again only when the parameter table changed. */
  const current = cachedSettings(readPowerSettings);
  let persistPending = false;
  const persist = (ctx: FlightContext): void => {
    state.lastPersistS = ctx.timeS;
    persistPending = false;
    core.writeRecord(POWER_RECORD, powerRecord(state, ctx.timeS));
  };

  return {
    name: 'power',
    rateHz: 10,
    params: POWER_PARAMS,
    records: [{ id: POWER_RECORD, slotBytes: RECORD_SLOT_BYTES }],
    boot: () => restorePowerState(state, core.readRecord(POWER_RECORD)),
    step: (ctx, dtS) => {
      const s = current(ctx.params);
      const { changed } = stepPowerManager(ctx, state, s, dtS);
      if (changed || persistPending || ctx.timeS - state.lastPersistS >= s.persistPeriodS) persist(ctx);
    },
    commands: powerCommands(state, () => {
      persistPending = true;
    }),
    housekeeping: (ctx) => {
      const p = ctx.frame.power;
      let loadW = 0;
      for (const rail of Object.values(p.rails)) loadW += rail.currentA * p.busVoltageV;
      const trips = (rail: ProtectedRail) => state.protection[rail].trips;
      const finite = (x: number, fallback = 0) => (Number.isFinite(x) ? x : fallback);
      return {
        socPct: finite(state.soc?.socPct ?? Number.NaN),
        busVoltageV: finite(p.busVoltageV),
        batteryCurrentA: finite(p.batteryCurrentA),
        arrayCurrentA: Math.max(0, finite(p.arrayCurrentA)),
        loadPowerW: Math.max(0, finite(loadW)),
        acceleratorCapW: ctx.published.get('power.acceleratorCapW', 0),
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
    },
    ping: () => state.soc === null || Number.isFinite(state.soc.socPct),
  };
}
