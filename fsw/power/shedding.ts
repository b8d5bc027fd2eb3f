/**
 * Load shedding by a priority table of rails: the accelerator first, then
 * the heaters, then the payload, each below its state-of-charge threshold
 * and restored only when the estimate climbs its hysteresis above it. The
 * level is the deepest entry shed (0: nothing shed).
 */
import type { RailName } from '../hal/frames.js';

export interface ShedEntry {
  readonly rail: RailName;
  readonly belowPct: number;
}

export interface ShedChange {
  readonly level: number;
  readonly rail: RailName;
  readonly shed: boolean;
}

/** The table in priority order; thresholds from the settings. */
export function shedTable(settings: { readonly socFloorPct: number; readonly shedHeatersPct: number; readonly shedPayloadPct: number }): readonly ShedEntry[] {
  return [
    { rail: 'accelerator', belowPct: settings.socFloorPct },
    { rail: 'heaters', belowPct: settings.shedHeatersPct },
    { rail: 'payload', belowPct: settings.shedPayloadPct },
  ];
}

/**
 * The new level from the present one: deeper at once when the estimate
 * falls below a threshold, shallower one entry at a time when it climbs the
 * hysteresis above that entry's threshold. Changes are listed in order.
 */
export function stepShedding(level: number, socPct: number, table: readonly ShedEntry[], hysteresisPct: number, changes: ShedChange[]): number {
  if (!Number.isFinite(socPct)) return level;
  let next = level;
  while (next < table.length && socPct < table[next]!.belowPct) {
    next++;
    changes.push({ level: next, rail: table[next - 1]!.rail, shed: true });
  }
  while (next > 0 && socPct > table[next - 1]!.belowPct + hysteresisPct) {
    next--;
    changes.push({ level: next, rail: table[next]!.rail, shed: false });
  }
  return next;
}

/** Whether a rail is shed at a level. */
export function isShed(rail: RailName, level: number, table: readonly ShedEntry[]): boolean {
  for (let i = 0; i < level && i < table.length; i++) if (table[i]!.rail === rail) return true;
  return false;
}
