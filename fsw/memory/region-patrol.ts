/**
 * One region as the module sees it each step: the controller's counters
 * (less the offsets of the last clear), its error log (uncorrectable errors
 * to retire, with the job hit), the scrub planner's accounting and the upset
 * trend fed by what the scrub found against its exposure.
 */
import type { MemoryErrorRecord, MemorySensors, RegionName } from '../hal/frames.js';
import type { HeldLog } from './error-log.js';
import { createPageAges, markAllClean, type PageAges } from './page-ages.js';
import { createScrubPlanner, observe, type ScrubPlanner } from './scrub-planner.js';
import { createRegionTrend, updateTrend, type RegionTrend, type TrendSettings } from './upset-trend.js';

export interface RegionPatrol {
  readonly region: RegionName;
  readonly pageCount: number;
  readonly planner: ScrubPlanner;
  readonly ages: PageAges;
  readonly trend: RegionTrend;
  /** Controller counters at the last clear (persisted). */
  correctedOffset: number;
  uncorrectableOffset: number;
  /** Controller counters at the last tick. */
  lastCorrected: number;
  lastUncorrectable: number;
  /** Counted now (controller counters less the offsets). */
  corrected: number;
  uncorrectable: number;
  /** Error-log records lost (the controller's overflow) or unusable (a page outside the region). */
  errorLogDropped: number;
  /** Full-pass interval in force. */
  intervalS: number;
  stallReported: boolean;
}

export interface TickFindings {
  readonly uncorrectable: readonly MemoryErrorRecord[];
  readonly rateChange: 'high' | 'normal' | null;
}

/** The region's page count from its sensors, or null when they make no sense. */
export function pageCountOf(sensors: MemorySensors | undefined): number | null {
  if (!sensors) return null;
  const pages = sensors.sizeBytes / sensors.pageBytes;
  const finite =
    isFiniteNumber(sensors.correctedCount) &&
    isFiniteNumber(sensors.uncorrectableCount) &&
    isFiniteNumber(sensors.scrub?.pagesDone) &&
    isFiniteNumber(sensors.scrub?.pagesQueued) &&
    isFiniteNumber(sensors.retiredPages);
  return finite && Number.isSafeInteger(pages) && pages >= 1 && Array.isArray(sensors.errorLog) ? pages : null;
}

function isFiniteNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

export function createRegionPatrol(
  region: RegionName,
  pageCount: number,
  sensors: MemorySensors,
  timeS: number,
  quietPerDay: number,
  offsets: { corrected: number; uncorrectable: number },
): RegionPatrol {
  const patrol: RegionPatrol = {
    region,
    pageCount,
    planner: createScrubPlanner(pageCount, sensors.scrub, timeS),
    ages: createPageAges(pageCount),
    trend: createRegionTrend(quietPerDay),
    correctedOffset: offsets.corrected,
    uncorrectableOffset: offsets.uncorrectable,
    lastCorrected: sensors.correctedCount,
    lastUncorrectable: sensors.uncorrectableCount,
    corrected: 0,
    uncorrectable: 0,
    errorLogDropped: 0,
    intervalS: 0,
    stallReported: false,
  };
  countSince(patrol, sensors);
  return patrol;
}

function countSince(patrol: RegionPatrol, sensors: MemorySensors): void {
  if (sensors.correctedCount < patrol.correctedOffset || sensors.uncorrectableCount < patrol.uncorrectableOffset) {
    patrol.correctedOffset = 0; // the controller restarted its counters
    patrol.uncorrectableOffset = 0;
  }
  patrol.corrected = sensors.correctedCount - patrol.correctedOffset;
  patrol.uncorrectable = sensors.uncorrectableCount - patrol.uncorrectableOffset;
}

export function clearCounters(patrol: RegionPatrol): void {
  patrol.correctedOffset = patrol.lastCorrected;
  patrol.uncorrectableOffset = patrol.lastUncorrectable;
  patrol.corrected = 0;
  patrol.uncorrectable = 0;
}

/** The region's contents were lost and written fresh (powered up) at timeS. */
export function regionFresh(patrol: RegionPatrol, timeS: number): void {
  markAllClean(patrol.ages, timeS);
}

const NONE: readonly MemoryErrorRecord[] = Object.freeze([]);

/** Reads one step of the region's sensors, with the error-log records of every frame since the last step (error-log.ts). */
export function patrolTick(patrol: RegionPatrol, sensors: MemorySensors, log: HeldLog, timeS: number, dtS: number, settings: TrendSettings): TickFindings {
  let uncorrectable: MemoryErrorRecord[] | null = null;
  let readCorrected = 0;
  let invalid = 0;
  for (const record of log.records) {
    if (!(Number.isSafeInteger(record?.page) && record.page >= 0 && record.page < patrol.pageCount)) invalid++;
    else if (record.kind === 'uncorrectable')
      (uncorrectable ??= []).push(Number.isSafeInteger(record.jobId) && record.jobId! > 0 ? record : { ...record, jobId: null });
    else if (record.during === 'read') readCorrected++;
  }
  patrol.errorLogDropped += invalid + log.dropped;
  const correctedDelta = Math.max(0, sensors.correctedCount - patrol.lastCorrected);
  patrol.lastCorrected = sensors.correctedCount;
  patrol.lastUncorrectable = sensors.uncorrectableCount;
  countSince(patrol, sensors);

  const seen = observe(patrol.planner, sensors.scrub, patrol.ages, timeS);
  const found = Math.max(0, correctedDelta - readCorrected);
  const exposureS = seen.pages > 0 ? seen.exposureS : found > 0 ? null : 0;
  const rateChange = updateTrend(patrol.trend, found, exposureS, dtS, settings);
  return { uncorrectable: uncorrectable ?? NONE, rateChange };
}
