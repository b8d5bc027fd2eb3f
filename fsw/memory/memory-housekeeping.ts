/** The fields of memory_hk, per region and in total. */
import type { SCRUB_POLICIES, TelemetryFields } from '../../protocol/index.js';
import type { RegionName } from '../hal/frames.js';
import type { MemoryState } from './memory-record.js';
import { ratePerDay } from './rate-estimator.js';
import { passProgressPct, passesDone, scrubbedTotal } from './scrub-planner.js';
import { retiredCount } from './retired-pages.js';
import { quietPerDay, type TrendSettings } from './upset-trend.js';

type ScrubPolicy = (typeof SCRUB_POLICIES)[number];

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

export function memoryHousekeeping(state: MemoryState, settings: TrendSettings, policy: ScrubPolicy): TelemetryFields<'memory_hk'> {
  const hbm = state.regions.hbm;
  const ram = state.regions.ram;
  const perRegion = (region: RegionName) => {
    const patrol = state.regions[region];
    return {
      corrected: patrol?.corrected ?? 0,
      uncorrectable: patrol?.uncorrectable ?? 0,
      perDay: patrol ? ratePerDay(patrol.trend.estimate) : 0,
      quietPerDay: finiteOr(patrol ? quietPerDay(patrol.trend, settings) : state.restored.quietPerDay[region], 0),
      progressPct: patrol ? passProgressPct(patrol.planner) : 0,
      intervalS: patrol?.intervalS ?? 0,
      passes: patrol ? passesDone(patrol.planner) : 0,
    };
  };
  const h = perRegion('hbm');
  const r = perRegion('ram');
  const pages = (hbm?.pageCount ?? 0) + (ram?.pageCount ?? 0);
  const inPass = (patrol: typeof hbm) => (patrol ? scrubbedTotal(patrol.planner) % patrol.pageCount : 0);
  return {
    correctedCount: h.corrected + r.corrected,
    uncorrectableCount: h.uncorrectable + r.uncorrectable,
    correctedPerDay: h.perDay + r.perDay,
    scrubProgressPct: pages > 0 ? ((inPass(hbm) + inPass(ram)) / pages) * 100 : 0,
    retiredPages: retiredCount(state.retired),
    acceleratorResets: state.watchdog.resets,
    hbmCorrectedCount: h.corrected,
    ramCorrectedCount: r.corrected,
    hbmUncorrectableCount: h.uncorrectable,
    ramUncorrectableCount: r.uncorrectable,
    hbmCorrectedPerDay: h.perDay,
    ramCorrectedPerDay: r.perDay,
    hbmQuietPerDay: h.quietPerDay,
    ramQuietPerDay: r.quietPerDay,
    hbmScrubProgressPct: h.progressPct,
    ramScrubProgressPct: r.progressPct,
    hbmScrubIntervalS: h.intervalS,
    ramScrubIntervalS: r.intervalS,
    hbmScrubPasses: h.passes,
    ramScrubPasses: r.passes,
    hbmRetiredPages: state.retired.pages.hbm.length,
    ramRetiredPages: state.retired.pages.ram.length,
    retiredPagesDropped: state.retired.dropped,
    errorLogDropped: (hbm?.errorLogDropped ?? 0) + (ram?.errorLogDropped ?? 0),
    scrubPolicy: policy,
    scrubBudgetLimited: state.budgetLimited,
    computePaused: state.computePaused,
    acceleratorFailed: state.watchdog.failed,
    checksGood: state.checksGood,
  };
}
