/**
 * How long the pages of a region have gathered upsets since they were last
 * scrubbed (or written clean), kept coarsely: the region is cut into
 * AGE_BINS bins, each with the time its last scrub finished (NaN: unknown,
 * as after a boot). Scrubbing a range gives its exposure, region-seconds:
 * the fraction of the region read times the age of what was read, the
 * denominator of the rate estimate.
 */

export const AGE_BINS = 64;

export interface PageAges {
  readonly pageCount: number;
  /** Mission time each bin was last finished, NaN when unknown. */
  readonly binTimeS: Float64Array;
}

export function createPageAges(pageCount: number): PageAges {
  if (!Number.isSafeInteger(pageCount) || pageCount < 1) throw new RangeError(`pageCount ${pageCount} is not a positive integer`);
  return { pageCount, binTimeS: new Float64Array(AGE_BINS).fill(Number.NaN) };
}

function binOf(ages: PageAges, page: number): number {
  return Math.floor((page * AGE_BINS) / ages.pageCount);
}

/** First page after the bin. */
function binEnd(ages: PageAges, bin: number): number {
  return Math.ceil(((bin + 1) * ages.pageCount) / AGE_BINS);
}

/** Every page was made clean at timeS (the region was powered up, its contents fresh). */
export function markAllClean(ages: PageAges, timeS: number): void {
  ages.binTimeS.fill(timeS);
}

/** Every age is unknown. */
export function forgetAges(ages: PageAges): void {
  ages.binTimeS.fill(Number.NaN);
}

/**
 * Pages [firstPage, firstPage + pages) were scrubbed at timeS (the range may
 * run past the end of the region and wrap to page 0). Returns their exposure
 * in region-seconds, or null when part of it has an unknown age. Bins whose
 * end is reached are marked scrubbed at timeS.
 */
export function scrubbedRange(ages: PageAges, firstPage: number, pages: number, timeS: number): number | null {
  const count = ages.pageCount;
  let exposureS: number | null = 0;
  let page = ((firstPage % count) + count) % count;
  let left = Math.min(pages, count);
  while (left > 0) {
    const bin = binOf(ages, page);
    const end = Math.min(binEnd(ages, bin), count);
    const span = Math.min(left, end - page);
    const since = ages.binTimeS[bin]!;
    if (Number.isFinite(since) && exposureS !== null) exposureS += (span / count) * Math.max(0, timeS - since);
    else exposureS = null;
    if (page + span === end) ages.binTimeS[bin] = timeS;
    left -= span;
    page = page + span === count ? 0 : page + span;
  }
  return exposureS;
}
