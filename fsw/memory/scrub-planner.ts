/**
 * Patrol-scrub planning for one region: page ranges requested in order from
 * page 0 to the end and round again, paced by a credit that grows at the
 * wanted rate, at most SCRUB_REQUESTS_AHEAD requests ahead of the controller
 * (never a flood). The controller's counters say what was done: pages it
 * scrubbed count against what was asked, pages it lost (a queue cleared by a
 * power cycle, a request dropped) are asked again. Pages queued before a
 * boot (by the previous software) are "foreign": done first, in no pass.
 */
import { scrubbedRange, type PageAges } from './page-ages.js';

/** Requests of ours the controller may hold at once. */
export const SCRUB_REQUESTS_AHEAD = 3;
/** Each request covers about this long at the planned rate. */
export const SCRUB_CHUNK_S = 1;

export interface ScrubPlanner {
  readonly pageCount: number;
  /** Pages requested since boot, less those the controller lost. */
  requestedTotal: number;
  /** Pages of ours requested and not yet scrubbed. */
  outstanding: number;
  /** Where each of our requests not yet done ends (requestedTotal values), oldest first; at most SCRUB_REQUESTS_AHEAD. */
  readonly requestEnds: number[];
  /** Pages queued before boot, scrubbed before ours. */
  foreign: number;
  /** Pages the planner may request (grows at the planned rate, bounded). */
  creditPages: number;
  /** The controller's pagesDone at the last observation. */
  lastPagesDone: number;
  /** Pages of ours the controller lost (requested again). */
  lostPages: number;
  /** Passes run at the fastest rate until scrubbedTotal reaches this. */
  forcedUntil: number;
  /** Last time the controller made progress, or had nothing to do. */
  lastProgressS: number;
}

export interface ControllerView {
  readonly pagesDone: number;
  readonly pagesQueued: number;
}

export interface Observation {
  /** Pages of ours scrubbed since the last observation. */
  readonly pages: number;
  /** Their exposure (region-seconds), null when unknown (foreign pages, unknown ages). */
  readonly exposureS: number | null;
  /** Passes completed by these pages. */
  readonly passesCompleted: number;
}

export function createScrubPlanner(pageCount: number, controller: ControllerView, timeS: number): ScrubPlanner {
  return {
    pageCount,
    requestedTotal: 0,
    outstanding: 0,
    requestEnds: [],
    foreign: Math.max(0, controller.pagesQueued),
    creditPages: 0,
    lastPagesDone: controller.pagesDone,
    lostPages: 0,
    forcedUntil: pageCount,
    lastProgressS: timeS,
  };
}

export function scrubbedTotal(planner: ScrubPlanner): number {
  return planner.requestedTotal - planner.outstanding;
}

export function passesDone(planner: ScrubPlanner): number {
  return Math.floor(scrubbedTotal(planner) / planner.pageCount);
}

export function passProgressPct(planner: ScrubPlanner): number {
  return ((scrubbedTotal(planner) % planner.pageCount) / planner.pageCount) * 100;
}

export function isForced(planner: ScrubPlanner): boolean {
  return scrubbedTotal(planner) < planner.forcedUntil;
}

/** A full pass from the present position at the fastest rate. */
export function forcePass(planner: ScrubPlanner): void {
  planner.forcedUntil = scrubbedTotal(planner) + planner.pageCount;
}

/** Accounts for what the controller did since the last observation. */
export function observe(planner: ScrubPlanner, controller: ControllerView, ages: PageAges, timeS: number): Observation {
  let done = controller.pagesDone - planner.lastPagesDone;
  planner.lastPagesDone = controller.pagesDone;
  if (!(done >= 0)) done = 0; // a controller that restarted its counter: nothing known done
  const foreignDone = Math.min(planner.foreign, done);
  planner.foreign -= foreignDone;
  const ownDone = Math.min(planner.outstanding, done - foreignDone);
  const before = scrubbedTotal(planner);
  let exposureS: number | null = foreignDone > 0 ? null : 0;
  if (ownDone > 0) {
    const exposure = scrubbedRange(ages, before % planner.pageCount, ownDone, timeS);
    exposureS = exposure === null || exposureS === null ? null : exposure;
  }
  planner.outstanding -= ownDone;
  const passesCompleted = Math.floor(scrubbedTotal(planner) / planner.pageCount) - Math.floor(before / planner.pageCount);

  // The queue is FIFO: what it no longer holds without having scrubbed it was lost from the tail (ours first).
  const queued = Math.max(0, Number.isFinite(controller.pagesQueued) ? controller.pagesQueued : 0);
  const lost = planner.foreign + planner.outstanding - queued;
  if (lost > 0) {
    const ownLost = Math.min(planner.outstanding, lost);
    planner.outstanding -= ownLost;
    planner.requestedTotal -= ownLost;
    planner.lostPages += ownLost;
    planner.foreign -= Math.min(planner.foreign, lost - ownLost);
  }
  const ends = planner.requestEnds;
  const scrubbed = scrubbedTotal(planner);
  while (ends.length > 0 && ends[0]! <= scrubbed) ends.shift();
  let cut = false;
  while (ends.length > 0 && ends[ends.length - 1]! > planner.requestedTotal) {
    ends.pop();
    cut = true;
  }
  // A request lost in part: what is left of it still ends where the requests now end.
  if (cut && planner.requestedTotal > (ends[ends.length - 1] ?? scrubbed)) ends.push(planner.requestedTotal);
  if (done > 0 || planner.foreign + planner.outstanding === 0) planner.lastProgressS = timeS;
  return { pages: ownDone, exposureS, passesCompleted };
}

/** The next range to request, at most one per call, or null (no credit yet, or enough queued). */
export function planScrub(planner: ScrubPlanner, pagesPerS: number, dtS: number): { readonly firstPage: number; readonly pages: number } | null {
  if (!(pagesPerS > 0) || !Number.isFinite(pagesPerS)) return null;
  const chunk = Math.min(planner.pageCount, Math.max(1, Math.round(pagesPerS * SCRUB_CHUNK_S)));
  planner.creditPages = Math.min(planner.creditPages + pagesPerS * Math.max(0, dtS), 2 * chunk);
  if (planner.requestEnds.length >= SCRUB_REQUESTS_AHEAD || planner.foreign > (SCRUB_REQUESTS_AHEAD - 1) * chunk) return null;
  if (planner.creditPages < chunk) return null;
  const firstPage = planner.requestedTotal % planner.pageCount;
  const pages = Math.min(chunk, planner.pageCount - firstPage);
  planner.creditPages -= pages;
  planner.requestedTotal += pages;
  planner.outstanding += pages;
  planner.requestEnds.push(planner.requestedTotal);
  return { firstPage, pages };
}

/** Seconds the controller has held queued pages without progress. */
export function stalledS(planner: ScrubPlanner, timeS: number): number {
  return Math.max(0, timeS - planner.lastProgressS);
}
