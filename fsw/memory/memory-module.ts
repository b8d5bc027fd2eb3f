/**
 * The ECC scrubbing watchdog (README.md): patrol scrubbing of every region at
 * a rate adapted to the upset rate within a budget, trending, retirement of
 * pages with uncorrectable errors (persisted), the storm pause, and the
 * accelerator's heartbeat watchdog. Steps at 10 Hz, before the job runner.
 */
import { MEMORY_REGIONS } from '../../protocol/index.js';
import type { Executive } from '../executive/executive.js';
import { DONE, failed, type FlightContext, type FlightModule } from '../executive/module.js';
import type { RegionName } from '../hal/frames.js';
import { createAcceleratorWatchdog, releaseAccelerator, watchAccelerator, type AcceleratorWatchdog } from './accelerator-watchdog.js';
import { memoryHousekeeping } from './memory-housekeeping.js';
import { MEMORY_PARAMS } from './memory-params.js';
import { readMemorySettings, type MemorySettings } from './memory-settings.js';
import { cachedSettings } from '../storage/settings-cache.js';
import { decodeMemoryRecord, encodeMemoryRecord, MEMORY_RECORD } from './memory-record.js';
import { clearCounters, createRegionPatrol, pageCountOf, patrolTick, regionFresh, type RegionPatrol } from './region-patrol.js';
import { addRetired, checkHeld, createRetiredPages, resendSlice, type RetiredPages } from './retired-pages.js';
import { budgetScale, wantedIntervalS } from './scrub-rate.js';
import { forcePass, isForced, planScrub, stalledS } from './scrub-planner.js';
import { ratePerDay } from './rate-estimator.js';
import { quietPerDay, rateFactor } from './upset-trend.js';

/** Quiet rates are saved this often (other changes at once). */
const PERSIST_PERIOD_S = 600;

export interface MemoryState {
  readonly regions: Record<RegionName, RegionPatrol | null>;
  retired: RetiredPages;
  dog: AcceleratorWatchdog;
  /** Quiet rates and counter offsets restored at boot, used when a region's patrol starts. */
  restored: ReturnType<typeof decodeMemoryRecord>;
  storm: boolean;
  computePaused: boolean;
  budgetLimited: boolean;
  /** The accelerator was powered at the last tick (its HBM holds what was written since). */
  hbmPowered: boolean;
  sensorsGood: boolean;
  checksGood: boolean;
  dirty: boolean;
  persistedS: number;
}

export function createMemoryModule(core: Executive): FlightModule {
  const state: MemoryState = {
    regions: { hbm: null, ram: null },
    retired: createRetiredPages(),
    dog: createAcceleratorWatchdog(0),
    restored: decodeMemoryRecord(null),
    storm: false,
    computePaused: false,
    budgetLimited: false,
    hbmPowered: false,
    sensorsGood: true,
    checksGood: true,
    dirty: false,
    persistedS: 0,
  };
  const current = cachedSettings(readMemorySettings);

  function persist(ctx: FlightContext): void {
    state.dirty = false;
    state.persistedS = ctx.timeS;
    const settings = current(ctx.params).trend;
    const quiet = (region: RegionName) => {
      const patrol = state.regions[region];
      const known = patrol ? quietPerDay(patrol.trend, settings) : Number.NaN;
      return Number.isFinite(known) ? known : state.restored.quietPerDay[region];
    };
    const offsets = (region: RegionName) => {
      const patrol = state.regions[region];
      return patrol ? { corrected: patrol.correctedOffset, uncorrectable: patrol.uncorrectableOffset } : state.restored.offsets[region];
    };
    core.writeRecord(
      MEMORY_RECORD.id,
      encodeMemoryRecord({
        retired: state.retired,
        resets: state.dog.resets,
        resetsSinceRecovery: state.dog.resetsSinceRecovery,
        failed: state.dog.failed,
        quietPerDay: { hbm: quiet('hbm'), ram: quiet('ram') },
        offsets: { hbm: offsets('hbm'), ram: offsets('ram') },
      }),
    );
  }

  function watchdogDuties(ctx: FlightContext, s: MemorySettings): void {
    const action = watchAccelerator(
      state.dog,
      ctx.frame.accelerator,
      { timeoutS: s.heartbeatTimeoutS, resetsMax: s.acceleratorResetsMax, recoveryS: s.recoveryS },
      ctx.timeS,
      !ctx.actuators.acceleratorBusy,
    );
    if (action.kind === 'reset') {
      ctx.actuators.acceleratorCommand({ op: 'reset' });
      ctx.event('accelerator_reset', { stalledS: action.stalledS, state: action.state.slice(0, 16), resets: state.dog.resets });
      state.dirty = true;
    } else if (action.kind === 'failed') {
      ctx.event('accelerator_failed', { detail: action.detail.slice(0, 120), resets: state.dog.resetsSinceRecovery });
      state.dirty = true;
    }
    ctx.published.set('memory.acceleratorResets', state.dog.resets);
    ctx.published.set('memory.inhibitRail.accelerator', state.dog.failed ? 1 : 0);
  }

  function retire(ctx: FlightContext, patrol: RegionPatrol): void {
    const region = patrol.region;
    if (checkHeld(state.retired, region, ctx.frame.memory[region].retiredPages)) {
      ctx.event('retired_pages_resent', { region, held: Math.max(0, ctx.frame.memory[region].retiredPages), listed: state.retired.pages[region].length });
    }
    for (const page of resendSlice(state.retired, region)) ctx.actuators.retirePage({ region, page });
  }

  function patrolRegion(ctx: FlightContext, region: RegionName, dtS: number, s: MemorySettings): RegionPatrol | null {
    const settings = s.trend;
    const sensors = ctx.frame.memory?.[region];
    const pageCount = pageCountOf(sensors);
    if (pageCount === null || !sensors) {
      state.sensorsGood = false;
      return null;
    }
    let patrol = state.regions[region];
    if (patrol === null || patrol.pageCount !== pageCount) {
      patrol = createRegionPatrol(region, pageCount, sensors, ctx.timeS, state.restored.quietPerDay[region], state.restored.offsets[region]);
      state.regions[region] = patrol;
    }
    retire(ctx, patrol);
    const findings = patrolTick(patrol, sensors, ctx.timeS, dtS, settings);
    for (const record of findings.uncorrectable) {
      const kept = addRetired(state.retired, region, record.page);
      if (kept !== 'known') ctx.actuators.retirePage({ region, page: record.page });
      if (kept === 'new') state.dirty = true;
      ctx.event('uncorrectable_error', { region, page: record.page, during: record.during, jobId: record.jobId ?? 0 });
    }
    if (findings.rateChange === 'high') {
      ctx.event('upset_rate_high', { region, correctedPerDay: ratePerDay(patrol.trend.estimate), factor: rateFactor(patrol.trend, settings) });
    } else if (findings.rateChange === 'normal') {
      ctx.event('upset_rate_normal', { region, correctedPerDay: ratePerDay(patrol.trend.estimate) });
    }
    const stalled = stalledS(patrol.planner, ctx.timeS);
    if (stalled >= s.scrubStallS) {
      if (!patrol.stallReported) ctx.event('scrub_stalled', { region, stalledS: stalled });
      patrol.stallReported = true;
    } else {
      patrol.stallReported = false;
    }
    return patrol;
  }

  function stormDuties(ctx: FlightContext, s: MemorySettings): void {
    const settings = s.trend;
    let factor = 0;
    for (const region of MEMORY_REGIONS) {
      const patrol = state.regions[region];
      if (patrol) factor = Math.max(factor, rateFactor(patrol.trend, settings));
    }
    const threshold = s.stormFactor;
    if (!state.storm && factor >= threshold) state.storm = true;
    else if (state.storm && factor < threshold * s.stormReleaseFraction) state.storm = false;
    const paused = state.storm && s.pauseComputeInStorm;
    if (paused !== state.computePaused) ctx.event('compute_pause', { paused, factor });
    state.computePaused = paused;
    ctx.published.set('memory.computePaused', paused ? 1 : 0);
  }

  function planScrubs(ctx: FlightContext, dtS: number, s: MemorySettings): void {
    const settings = s.trend;
    const rate = s.rate;
    const wanted: { patrol: RegionPatrol; pagesPerS: number; bytesPerS: number }[] = [];
    for (const region of MEMORY_REGIONS) {
      const patrol = state.regions[region];
      if (!patrol || (region === 'hbm' && !state.hbmPowered)) continue;
      patrol.intervalS = wantedIntervalS(rate, rateFactor(patrol.trend, settings), isForced(patrol.planner));
      const pagesPerS = patrol.pageCount / patrol.intervalS;
      wanted.push({ patrol, pagesPerS, bytesPerS: pagesPerS * ctx.frame.memory[region].pageBytes });
    }
    const scale = budgetScale(
      rate,
      wanted.reduce((sum, entry) => sum + entry.bytesPerS, 0),
    );
    state.budgetLimited = scale < 1;
    for (const { patrol, pagesPerS } of wanted) {
      patrol.intervalS /= scale;
      const request = planScrub(patrol.planner, pagesPerS * scale, dtS);
      if (request) ctx.actuators.scrub({ region: patrol.region, ...request });
    }
  }

  return {
    name: 'memory',
    rateHz: 10,
    params: MEMORY_PARAMS,
    records: [MEMORY_RECORD],
    boot: (ctx) => {
      const restored = decodeMemoryRecord(core.readRecord(MEMORY_RECORD.id));
      state.restored = restored;
      state.retired = restored.retired;
      state.dog = createAcceleratorWatchdog(ctx.timeS);
      state.dog.resets = restored.resets;
      state.dog.resetsSinceRecovery = restored.resetsSinceRecovery;
      state.dog.failed = restored.failed;
      state.persistedS = ctx.timeS;
      if (restored.problems > 0) ctx.event('nvm_problem', { record: MEMORY_RECORD.id, detail: `${restored.problems} retired-page entries skipped` });
    },
    step: (ctx, dtS) => {
      state.sensorsGood = true;
      const settings = current(ctx.params);
      watchdogDuties(ctx, settings);
      const hbmPowered = ctx.frame.power?.rails?.accelerator?.on === true;
      for (const region of MEMORY_REGIONS) {
        const patrol = patrolRegion(ctx, region, dtS, settings);
        if (patrol && region === 'hbm' && hbmPowered && !state.hbmPowered) regionFresh(patrol, ctx.timeS);
      }
      state.hbmPowered = hbmPowered;
      stormDuties(ctx, settings);
      planScrubs(ctx, dtS, settings);
      const ram = state.regions.ram;
      const ramStalled = ram !== null && stalledS(ram.planner, ctx.timeS) >= settings.scrubStallS;
      state.checksGood = state.sensorsGood && !ramStalled;
      if (state.dirty || ctx.timeS - state.persistedS >= PERSIST_PERIOD_S) persist(ctx);
    },
    ping: () => state.checksGood,
    housekeeping: (ctx) => {
      const settings = current(ctx.params);
      return memoryHousekeeping(state, settings.trend, settings.scrubPolicy);
    },
    commands: {
      set_scrub_interval: (args, ctx) => {
        const set = ctx.params.set('memory.scrubIntervalS', args.scrubIntervalS);
        return set.ok ? DONE : failed('invalid-value', set.error);
      },
      set_scrub_policy: (args, ctx) => {
        const set = ctx.params.setMany({
          'memory.scrubPolicy': args.policy,
          ...(args.scrubIntervalMinS !== undefined ? { 'memory.scrubIntervalMinS': args.scrubIntervalMinS } : {}),
        });
        return set.ok ? DONE : failed('invalid-value', set.error);
      },
      force_scrub: (args) => {
        const patrol = state.regions[args.region as RegionName];
        if (!patrol) return failed('unavailable', `no sensible sensors from region ${String(args.region)}`);
        forcePass(patrol.planner);
        return DONE;
      },
      clear_error_counters: (_args, ctx) => {
        for (const region of MEMORY_REGIONS) {
          const patrol = state.regions[region];
          if (patrol) clearCounters(patrol);
        }
        persist(ctx);
        return DONE;
      },
      release_accelerator: (_args, ctx) => {
        if (!state.dog.failed) return failed('invalid-value', 'the accelerator is not declared failed');
        releaseAccelerator(state.dog, ctx.timeS);
        ctx.published.set('memory.inhibitRail.accelerator', 0);
        persist(ctx);
        return DONE;
      },
    },
  };
}
