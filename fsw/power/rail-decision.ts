/**
 * Which rails the power manager holds on this tick. It alone switches rails;
 * a rail is on when the operator wants it and nothing holds it off: load
 * shedding, latch-up protection (hold-off or disabled), an inhibit another
 * module publishes ("<module>.inhibitRail.<rail>" non-zero), and for the
 * accelerator the mode (MODE_RULES) and the budget. Avionics is essential
 * and never switched off.
 */
import type { PublishedView } from '../executive/module.js';
import { RAIL_INHIBITS, inhibitedRailOf } from '../executive/published-values.js';
import type { RailName } from '../hal/frames.js';
import { RAILS } from '../../protocol/index.js';

/** The declared inhibits of a rail the power manager switches, with their rail. */
const INHIBITS = RAIL_INHIBITS.flatMap((name) => {
  const rail = inhibitedRailOf(name);
  return (RAILS as readonly string[]).includes(rail) ? [{ name, rail: rail as RailName }] : [];
});

/** Rails some module asks to keep off: any declared "<module>.inhibitRail.<rail>" not zero (unwritten: its declared value). */
export function inhibitedRails(published: PublishedView<'power'>): Set<RailName> {
  const out = new Set<RailName>();
  for (const { name, rail } of INHIBITS) if (published.read(name) !== 0) out.add(rail);
  return out;
}

/** The inhibits in force as bits (one per declared inhibit): a cheap look, each tick, for a change. */
export function inhibitBits(published: PublishedView<'power'>): number {
  let bits = 0;
  for (let i = 0; i < INHIBITS.length; i++) if (published.read(INHIBITS[i]!.name) !== 0) bits |= 1 << i;
  return bits;
}

export interface RailHolds {
  readonly wanted: Readonly<Record<RailName, boolean>>;
  readonly shed: (rail: RailName) => boolean;
  readonly protectionOff: (rail: RailName) => boolean;
  readonly inhibited: ReadonlySet<RailName>;
  readonly acceleratorAllowedByMode: boolean;
  readonly acceleratorAllowedByBudget: boolean;
}

/** The switch state for each rail; avionics always on. */
export function decideRail(rail: RailName, holds: RailHolds): boolean {
  if (rail === 'avionics') return true;
  if (!holds.wanted[rail] || holds.shed(rail) || holds.protectionOff(rail) || holds.inhibited.has(rail)) return false;
  if (rail === 'accelerator') return holds.acceleratorAllowedByMode && holds.acceleratorAllowedByBudget;
  return true;
}
