/**
 * Which rails the power manager holds on this tick. It alone switches rails;
 * a rail is on when the operator wants it and nothing holds it off: load
 * shedding, latch-up protection (hold-off or disabled), an inhibit another
 * module publishes ("<module>.inhibitRail.<rail>" non-zero), and for the
 * accelerator the mode (MODE_RULES) and the budget. Avionics is essential
 * and never switched off.
 */
import { RAILS } from '../../protocol/index.js';
import type { Published } from '../executive/published.js';
import type { RailName } from '../hal/frames.js';

const INHIBIT_MARK = '.inhibitRail.';

/** Rails some module asks to keep off (any published "*.inhibitRail.<rail>" not zero). */
export function inhibitedRails(published: Published): Set<RailName> {
  const out = new Set<RailName>();
  for (const name of published.namesContaining(INHIBIT_MARK)) {
    const value = published.get(name, 0);
    const at = name.indexOf(INHIBIT_MARK);
    if (at < 0 || value === 0) continue;
    const rail = name.slice(at + INHIBIT_MARK.length) as RailName;
    if ((RAILS as readonly string[]).includes(rail)) out.add(rail);
  }
  return out;
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
