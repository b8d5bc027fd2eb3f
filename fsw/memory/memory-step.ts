/**
 * One step of the memory module (1 Hz; the fast part collects every frame's
 * error log, error-log.ts), in order: the accelerator watchdog; each
 * region's patrol (retirements resent, the controller's findings, rate
 * changes, a stalled scrub); the storm pause; the scrub requests within the
 * budget; its own health; the record when due.
 */
import { MEMORY_REGIONS } from '../../protocol/index.js';
import type { ModuleContext } from '../executive/module.js';
import type { RegionName } from '../hal/frames.js';
import { watchAccelerator } from './accelerator-watchdog.js';
import { collectErrorLogs, takeErrorLog } from './error-log.js';
import { memoryRecordOf, PERSIST_PERIOD_S, MEMORY_RECORD, type MemoryState } from './memory-record.js';
import type { MemorySettings } from './memory-settings.js';
import { ratePerDay } from './rate-estimator.js';
import { createRegionPatrol, pageCountOf, patrolTick, regionFresh, type RegionPatrol } from './region-patrol.js';
import { addRetired, checkHeld, resendSlice } from './retired-pages.js';
import { budgetScale, wantedIntervalS } from './scrub-rate.js';
import { isForced, planScrub, stalledS } from './scrub-planner.js';
import { rateFactor } from './upset-trend.js';

export type MemoryContext = ModuleContext<'memory'>;

export function stepMemory(ctx: MemoryContext, state: MemoryState, settings: MemorySettings, dtS: number): void {
  state.sensorsGood = true;
  collectErrorLogs(state.errorLogs, ctx.frame);
  watchdogDuties(ctx, state, settings);
  const hbmPowered = ctx.frame.power?.rails?.accelerator?.on === true;
  for (const region of MEMORY_REGIONS) {
    const patrol = patrolRegion(ctx, state, region, dtS, settings);
    if (patrol && region === 'hbm' && hbmPowered && !state.hbmPowered) regionFresh(patrol, ctx.timeS);
  }
  state.hbmPowered = hbmPowered;
  stormDuties(ctx, state, settings);
  planScrubs(ctx, state, dtS, settings);
  const ram = state.regions.ram;
  const ramStalled = ram !== null && stalledS(ram.planner, ctx.timeS) >= settings.scrubStallS;
  state.checksGood = state.sensorsGood && !ramStalled;
  if (state.dirty || ctx.timeS - state.persistedS >= PERSIST_PERIOD_S) persistMemory(ctx, state, settings);
}

/** Writes the record now. */
export function persistMemory(ctx: MemoryContext, state: MemoryState, settings: MemorySettings): void {
  state.dirty = false;
  state.persistedS = ctx.timeS;
  ctx.records.write(MEMORY_RECORD.id, memoryRecordOf(state, settings.trend));
}

/** The rail inhibit as it stands (at boot: the restored verdict), so that the power manager, stepping first, reads it from the first tick. */
export function publishInhibit(ctx: MemoryContext, state: MemoryState): void {
  ctx.published.write('memory.inhibitRail.accelerator', state.watchdog.failed ? 1 : 0);
}

function watchdogDuties(ctx: MemoryContext, state: MemoryState, settings: MemorySettings): void {
  const action = watchAccelerator(
    state.watchdog,
    ctx.frame.accelerator,
    { timeoutS: settings.heartbeatTimeoutS, resetsMax: settings.acceleratorResetsMax, recoveryS: settings.recoveryS },
    ctx.timeS,
    !ctx.actuators.acceleratorBusy,
  );
  if (action.kind === 'reset') {
    ctx.actuators.acceleratorCommand({ op: 'reset' });
    ctx.event('accelerator_reset', { stalledS: action.stalledS, state: action.state, resets: state.watchdog.resets });
    state.dirty = true;
  } else if (action.kind === 'failed') {
    ctx.event('accelerator_failed', { detail: action.detail, resets: state.watchdog.resetsSinceRecovery });
    state.dirty = true;
  }
  ctx.published.write('memory.acceleratorResets', state.watchdog.resets);
  publishInhibit(ctx, state);
}

function retire(ctx: MemoryContext, state: MemoryState, patrol: RegionPatrol): void {
  const region = patrol.region;
  if (checkHeld(state.retired, region, ctx.frame.memory[region].retiredPages)) {
    ctx.event('retired_pages_resent', { region, held: Math.max(0, ctx.frame.memory[region].retiredPages), listed: state.retired.pages[region].length });
  }
  for (const page of resendSlice(state.retired, region)) ctx.actuators.retirePage({ region, page });
}

function patrolRegion(ctx: MemoryContext, state: MemoryState, region: RegionName, dtS: number, settings: MemorySettings): RegionPatrol | null {
  const trend = settings.trend;
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
  retire(ctx, state, patrol);
  const findings = patrolTick(patrol, sensors, takeErrorLog(state.errorLogs, region), ctx.timeS, dtS, trend);
  for (const record of findings.uncorrectable) {
    const kept = addRetired(state.retired, region, record.page);
    if (kept !== 'known') ctx.actuators.retirePage({ region, page: record.page });
    if (kept === 'new') state.dirty = true;
    ctx.event('uncorrectable_error', { region, page: record.page, during: record.during, jobId: record.jobId ?? 0 });
  }
  if (findings.rateChange === 'high') {
    ctx.event('upset_rate_high', { region, correctedPerDay: ratePerDay(patrol.trend.estimate), factor: rateFactor(patrol.trend, trend) });
  } else if (findings.rateChange === 'normal') {
    ctx.event('upset_rate_normal', { region, correctedPerDay: ratePerDay(patrol.trend.estimate) });
  }
  const stalled = stalledS(patrol.planner, ctx.timeS);
  if (stalled >= settings.scrubStallS) {
    if (!patrol.stallReported) ctx.event('scrub_stalled', { region, stalledS: stalled });
    patrol.stallReported = true;
  } else {
    patrol.stallReported = false;
  }
  return patrol;
}

function stormDuties(ctx: MemoryContext, state: MemoryState, settings: MemorySettings): void {
  let factor = 0;
  for (const region of MEMORY_REGIONS) {
    const patrol = state.regions[region];
    if (patrol) factor = Math.max(factor, rateFactor(patrol.trend, settings.trend));
  }
  const threshold = settings.stormFactor;
  if (!state.storm && factor >= threshold) state.storm = true;
  else if (state.storm && factor < threshold * settings.stormReleaseFraction) state.storm = false;
  const paused = state.storm && settings.pauseComputeInStorm;
  if (paused !== state.computePaused) ctx.event('compute_pause', { paused, factor });
  state.computePaused = paused;
  ctx.published.write('memory.computePaused', paused ? 1 : 0);
}

function planScrubs(ctx: MemoryContext, state: MemoryState, dtS: number, settings: MemorySettings): void {
  const rate = settings.rate;
  const wanted: { patrol: RegionPatrol; pagesPerS: number; bytesPerS: number }[] = [];
  for (const region of MEMORY_REGIONS) {
    const patrol = state.regions[region];
    if (!patrol || (region === 'hbm' && !state.hbmPowered)) continue;
    patrol.intervalS = wantedIntervalS(rate, rateFactor(patrol.trend, settings.trend), isForced(patrol.planner));
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
