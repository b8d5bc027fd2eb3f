/**
 * When jobs may run and which runs next.
 *
 * Hold reasons (checked in order; empty: a job may run): the mode forbids
 * jobs (MODE_RULES); the queue is paused by command; the memory module asks
 * for a pause (memory.computePaused); the device is off, booting, hung or
 * failed; and, by policy,
 *   budgeted: the cap min(power.acceleratorCapW, thermal.acceleratorCapW)
 *             (a missing value: the device maximum) is below
 *             jobs.minCapW (released at jobs.minCapW + jobs.capHysteresisW);
 *   naive:    the state of charge power.socPct is below
 *             jobs.naiveSocFloorPct (released 10 % above it); the cap is
 *             ignored.
 *
 * Order: highest priority first; among equals the earliest deadline (none
 * last), then submission order. Earliest-deadline-first is optimal for
 * meeting deadlines on one machine when the load is feasible, and priority
 * keeps the operator in charge when it is not. A queued job of strictly
 * higher priority pre-empts the running one (checkpoint, stop, start).
 */
import { MODE_RULES } from '../executive/modes.js';
import type { FlightContext } from '../executive/module.js';
import type { JobEntry } from './job-entry.js';
import type { JobsState } from './jobs-state.js';
import { readJobsSettings, type JobsSettings } from './settings.js';

export const NAIVE_RELEASE_MARGIN_PCT = 10;

/** A finite number, or the fallback for NaN and infinities (a module must not act on garbage). */
function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

/** min(power cap, thermal cap); a missing value means no limit from that module; NaN counts as 0. */
export function acceleratorCapW(ctx: FlightContext, deviceMaxW: number = ctx.params.getNumber('jobs.deviceMaxW')): number {
  const power = ctx.published.get('power.acceleratorCapW', deviceMaxW);
  const thermal = ctx.published.get('thermal.acceleratorCapW', deviceMaxW);
  return Math.max(0, Math.min(deviceMaxW, finiteOr(power, 0), finiteOr(thermal, 0)));
}

/** Updates the policy latches and returns why no job may run now ('' when one may). */
export function holdReason(ctx: FlightContext, state: JobsState, settings: JobsSettings = readJobsSettings(ctx.params)): string {
  const naive = settings.naive;
  state.capW = naive ? settings.deviceMaxW : acceleratorCapW(ctx, settings.deviceMaxW);
  const minCapW = settings.minCapW;
  if (state.capW < minCapW) state.capLow = true;
  else if (state.capW >= minCapW + settings.capHysteresisW) state.capLow = false;
  const socPct = finiteOr(ctx.published.get('power.socPct', 100), 0);
  const floorPct = settings.naiveSocFloorPct;
  if (socPct < floorPct) state.naiveHalted = true;
  else if (socPct >= floorPct + NAIVE_RELEASE_MARGIN_PCT) state.naiveHalted = false;

  if (!MODE_RULES[ctx.mode].jobsRun) return `mode ${ctx.mode}`;
  if (state.paused) return 'paused by command';
  if (finiteOr(ctx.published.get('memory.computePaused', 0), 1) !== 0) return 'memory.computePaused';
  const device = ctx.frame.accelerator.state;
  if (device !== 'ready') return `device ${device}`;
  if (naive) return state.naiveHalted ? 'state of charge floor' : '';
  return state.capLow ? 'cap below jobs.minCapW' : '';
}

/** a runs before b. */
export function runsBefore(a: JobEntry, b: JobEntry): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  const da = a.deadlineS ?? Number.POSITIVE_INFINITY;
  const db = b.deadlineS ?? Number.POSITIVE_INFINITY;
  if (da !== db) return da < db;
  return a.order < b.order;
}

/** The job to run next (not the active one), or undefined. */
export function nextJob(state: JobsState): JobEntry | undefined {
  let best: JobEntry | undefined;
  for (const entry of state.queue) {
    if (entry.jobId === state.active?.jobId) continue;
    if (best === undefined || runsBefore(entry, best)) best = entry;
  }
  return best;
}
