/**
 * The pages retired after an uncorrectable error, per region: a bounded,
 * sorted list kept in non-volatile memory and sent to the memory controller
 * again, a slice per step, when the controller reports fewer retired pages
 * than the list holds (it forgot them, for example after a power cycle).
 */
import { MEMORY_REGIONS } from '../../protocol/index.js';
import type { RegionName } from '../hal/frames.js';

/** Pages kept per region; more are retired in the controller but not kept (counted). */
export const RETIRED_PAGES_MAX = 1024;
/** Pages sent again per region per step. */
export const RESEND_PER_TICK = 128;

export interface RetiredPages {
  readonly pages: Record<RegionName, number[]>;
  /** Retirements not kept because the list was full. */
  dropped: number;
  /** Next index to send again, per region, or null when not resending. */
  readonly resendAt: Record<RegionName, number | null>;
  /** The controller's count at the last look, per region (NaN before the first). */
  readonly heldSeen: Record<RegionName, number>;
}

export function createRetiredPages(): RetiredPages {
  return { pages: { hbm: [], ram: [] }, dropped: 0, resendAt: { hbm: null, ram: null }, heldSeen: { hbm: Number.NaN, ram: Number.NaN } };
}

function insertAt(sorted: readonly number[], page: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < page) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function isRetired(list: RetiredPages, region: RegionName, page: number): boolean {
  const pages = list.pages[region];
  return pages[insertAt(pages, page)] === page;
}

/** 'new' when added, 'known' when already there, 'full' when not kept (counted). */
export function addRetired(list: RetiredPages, region: RegionName, page: number): 'new' | 'known' | 'full' {
  const pages = list.pages[region];
  const at = insertAt(pages, page);
  if (pages[at] === page) return 'known';
  if (pages.length >= RETIRED_PAGES_MAX) {
    list.dropped++;
    return 'full';
  }
  pages.splice(at, 0, page);
  return 'new';
}

export function retiredCount(list: RetiredPages): number {
  return list.pages.hbm.length + list.pages.ram.length;
}

export function retiredToRecord(list: RetiredPages): Record<string, unknown> {
  return { hbm: [...list.pages.hbm], ram: [...list.pages.ram], dropped: list.dropped };
}

/** The list from a record; entries that are not page numbers are skipped (and counted in the second value). */
export function retiredFromRecord(record: unknown): { readonly list: RetiredPages; readonly skipped: number } {
  const list = createRetiredPages();
  let skipped = 0;
  if (typeof record !== 'object' || record === null) return { list, skipped };
  const value = record as Record<string, unknown>;
  for (const region of MEMORY_REGIONS) {
    const pages = value[region];
    if (!Array.isArray(pages)) continue;
    for (const page of pages) {
      if (typeof page === 'number' && Number.isSafeInteger(page) && page >= 0) addRetired(list, region, page);
      else skipped++;
    }
  }
  list.dropped = typeof value.dropped === 'number' && Number.isSafeInteger(value.dropped) && value.dropped >= 0 ? value.dropped : 0;
  return { list, skipped };
}

/**
 * Looks at the controller's count of retired pages: fewer than the list
 * holds, at the first look or after it fell, starts sending the list again.
 * Returns true when a resend starts.
 */
export function checkHeld(list: RetiredPages, region: RegionName, held: number): boolean {
  if (!Number.isFinite(held)) return false;
  const seen = list.heldSeen[region];
  list.heldSeen[region] = held;
  const listed = list.pages[region].length;
  if (held >= listed || list.resendAt[region] !== null) return false;
  if (!Number.isNaN(seen) && held >= seen) return false;
  list.resendAt[region] = 0;
  return true;
}

/** The next slice of pages to send again (empty when not resending). */
export function resendSlice(list: RetiredPages, region: RegionName): readonly number[] {
  const at = list.resendAt[region];
  if (at === null) return [];
  const pages = list.pages[region];
  const slice = pages.slice(at, at + RESEND_PER_TICK);
  const next = at + slice.length;
  list.resendAt[region] = next >= pages.length ? null : next;
  return slice;
}
