/**
 * When jobs may run. Hold reasons (checked in order; empty: a job may run):
 * the mode forbids jobs (MODE_RULES); the queue is paused by command; the
 * memory module asks for a pause (memory.computePaused); the device is off,
 * booting, hung or failed; and, by policy,
 *   budgeted: the cap min(power.acceleratorCapW, thermal.acceleratorCapW)
 *             is below jobs.minCapW (released at jobs.minCapW +
 *             jobs.capHysteresisW);
 *   naive:    the state of charge power.socPct is below
 *             jobs.naiveSocFloorPct (released 10 % above it); the cap is
 *             ignored.
 * A published value not yet written reads as its declared `unwritten`
 * value (no power, an empty battery, compute paused): jobs hold, never run
 * open.
 */
import { MODE_RULES } from '../executive/modes.js';
import type { JobsContext } from './jobs-step.js';
import type { JobsState } from './jobs-state.js';
import { readJobsSettings, type JobsSettings } from './jobs-settings.js';

export const NAIVE_RELEASE_MARGIN_PCT = 10;

/** The mode's hold reason, made once (in SAFE it is the answer of every tick). */
const MODE_HOLDS = Object.fromEntries(Object.keys(MODE_RULES).map((mode) => [mode, `mode ${mode}`])) as Readonly<Record<keyof typeof MODE_RULES, string>>;

/** A finite number, or the fallback for NaN and infinities (a module must not act on garbage). */
function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

/** min(device maximum, power cap, thermal cap); NaN counts as 0. */
export function acceleratorCapW(ctx: JobsContext, deviceMaxW: number = ctx.params.getNumber('jobs.deviceMaxW')): number {
  const power = ctx.published.read('power.acceleratorCapW');
  const thermal = ctx.published.read('thermal.acceleratorCapW');
  return Math.max(0, Math.min(deviceMaxW, finiteOr(power, 0), finiteOr(thermal, 0)));
}

/** Updates the policy latches and returns why no job may run now ('' when one may). */
export function holdReason(ctx: JobsContext, state: JobsState, settings: JobsSettings = readJobsSettings(ctx.params)): string {
  const naive = settings.naive;
  state.capW = naive ? settings.deviceMaxW : acceleratorCapW(ctx, settings.deviceMaxW);
  const minCapW = settings.minCapW;
  if (state.capW < minCapW) state.capLow = true;
  else if (state.capW >= minCapW + settings.capHysteresisW) state.capLow = false;
  const socPct = finiteOr(ctx.published.read('power.socPct'), 0);
  const floorPct = settings.naiveSocFloorPct;
  if (socPct < floorPct) state.naiveHalted = true;
  else if (socPct >= floorPct + NAIVE_RELEASE_MARGIN_PCT) state.naiveHalted = false;

  const mode = ctx.mode;
  if (!MODE_RULES[mode].jobsRun) return MODE_HOLDS[mode];
  if (state.paused) return 'paused by command';
  if (finiteOr(ctx.published.read('memory.computePaused'), 1) !== 0) return 'memory.computePaused';
  const device = ctx.frame.accelerator.state;
  if (device !== 'ready') return `device ${device}`;
  if (naive) return state.naiveHalted ? 'state of charge floor' : '';
  return state.capLow ? 'cap below jobs.minCapW' : '';
}
