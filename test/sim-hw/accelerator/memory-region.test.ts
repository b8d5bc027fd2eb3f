import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { MemoryErrorRecord } from '../../../fsw/hal/frames.js';
import { Random } from '../../../sim-hw/random.js';
import {
  DEFAULT_MEMORY_REGION_PARAMS,
  DEFAULT_RAM_REGION_PARAMS,
  checkMemoryRegionParams,
  createMemoryRegionState,
  isPageRetired,
  loseContents,
  memorySensors,
  retirePage,
} from '../../../sim-hw/accelerator/memory-region.js';
import type { MemoryRegionParams, MemoryRegionState } from '../../../sim-hw/accelerator/memory-region.js';
import { allocate, free, readBuffer } from '../../../sim-hw/accelerator/memory-buffers.js';
import { injectRandomUpsets, injectUpset, injectUpsetsInBuffer } from '../../../sim-hw/accelerator/memory-upsets.js';
import { requestScrub, stepScrub } from '../../../sim-hw/accelerator/memory-scrub.js';
import { drainErrorLog } from '../../../sim-hw/accelerator/memory-log.js';
import { secdedColumn } from '../../../sim-hw/accelerator/secded.js';

const SMALL: MemoryRegionParams = { ...DEFAULT_MEMORY_REGION_PARAMS, sizeBytes: 64 * 1024 * 1024 };

/** Scrubs the whole region (queue one full pass and step until it is done), collecting the log. */
function scrubAll(state: MemoryRegionState, dtS = 0.1, timeS = 0): { records: MemoryErrorRecord[]; dropped: number; ticks: number } {
  expect(requestScrub(state, 0, state.pageCount)).toBe(true);
  const records: MemoryErrorRecord[] = [];
  let dropped = 0;
  let ticks = 0;
  while (state.scrubQueue.length > 0) {
    stepScrub(state, dtS, timeS + ticks * dtS);
    const drained = drainErrorLog(state);
    records.push(...drained.records);
    dropped += drained.dropped;
    ticks++;
  }
  return { records, dropped, ticks };
}

function pattern(byteLength: number, seed: number): Uint8Array {
  const rng = Random.fromSeed(seed).split('pattern');
  const bytes = new Uint8Array(byteLength);
  for (let i = 0; i < byteLength; i++) bytes[i] = rng.nextUint32() & 0xff;
  return bytes;
}

function differingBits(a: Uint8Array, b: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) for (let v = a[i]! ^ b[i]!; v !== 0; v &= v - 1) count++;
  return count;
}

describe('memory region parameters', () => {
  it('defaults are valid: HBM 32 GiB, RAM 4 GiB, 4 KiB pages, 32 log records, 2 GiB/s scrub', () => {
    expect(checkMemoryRegionParams(DEFAULT_MEMORY_REGION_PARAMS)).toEqual([]);
    expect(checkMemoryRegionParams(DEFAULT_RAM_REGION_PARAMS)).toEqual([]);
    expect(DEFAULT_MEMORY_REGION_PARAMS.sizeBytes).toBe(32 * 2 ** 30);
    expect(DEFAULT_RAM_REGION_PARAMS.sizeBytes).toBe(4 * 2 ** 30);
    expect(createMemoryRegionState(DEFAULT_MEMORY_REGION_PARAMS).pageCount).toBe(8_388_608);
  });

  it('names every out-of-range parameter', () => {
    const problems = checkMemoryRegionParams({
      sizeBytes: 1000,
      pageBytes: 3000,
      errorLogMax: 0,
      scrubBytesPerS: -1,
      dirtyWordsMax: 0.5,
      scrubQueueMax: 0,
      retiredPagesMax: -1,
    });
    for (const name of ['sizeBytes', 'pageBytes', 'errorLogMax', 'scrubBytesPerS', 'dirtyWordsMax', 'scrubQueueMax', 'retiredPagesMax']) {
      expect(problems.some((problem) => problem.includes(name))).toBe(true);
    }
  });
});

describe('patrol scrub', () => {
  it('corrects all N injected single-bit upsets in 32 GiB and leaves the map empty', () => {
    const state = createMemoryRegionState(DEFAULT_MEMORY_REGION_PARAMS);
    const n = 2000;
    expect(injectRandomUpsets(state, Random.fromSeed(1).split('upsets'), n, 0)).toBe(n);
    expect(state.dirty.wordCount).toBe(n);
    const { records, dropped, ticks } = scrubAll(state);
    expect(state.correctedCount).toBe(n);
    expect(state.uncorrectableCount).toBe(0);
    expect(state.dirty.wordCount).toBe(0);
    expect(state.dirty.pages.size).toBe(0);
    expect(state.dirty.sortedChunks).toHaveLength(0);
    expect(records.length + dropped).toBe(n);
    expect(records.every((record) => record.kind === 'corrected' && record.during === 'scrub' && record.jobId === null)).toBe(true);
    // 32 GiB at 2 GiB/s = 16 s = 160 ticks of 0.1 s
    expect(ticks).toBe(160);
    expect(state.scrubPagesDone).toBe(state.pageCount);
  });

  it('turns double-bit upsets into uncorrectable log entries, once each; the words stay', () => {
    const state = createMemoryRegionState(SMALL);
    const rng = Random.fromSeed(2).split('doubles');
    const k = 25;
    const words = new Set<number>();
    while (words.size < k) words.add(rng.int(0, state.wordCount - 1));
    for (const word of words) {
      const a = rng.int(0, 71);
      let b = rng.int(0, 71);
      while (b === a) b = rng.int(0, 71);
      expect(injectUpset(state, word, [a, b])).toBe(true);
    }
    const first = scrubAll(state);
    expect(state.uncorrectableCount).toBe(k);
    expect(first.records.filter((record) => record.kind === 'uncorrectable')).toHaveLength(k);
    expect(new Set(first.records.map((record) => record.word))).toEqual(words);
    for (const record of first.records) expect(record.page).toBe(Math.floor((record.word * 8) / SMALL.pageBytes));
    expect(state.dirty.wordCount).toBe(k);
    const second = scrubAll(state);
    expect(second.records).toHaveLength(0);
    expect(state.uncorrectableCount).toBe(k);
  });

  it('scrubs at scrubBytesPerS, in request order, and reports progress', () => {
    const state = createMemoryRegionState(SMALL);
    // 64 MiB = 16384 pages; 2 GiB/s * 0.001 s = 524.288 pages per tick
    expect(requestScrub(state, 100, 1000)).toBe(true);
    expect(requestScrub(state, 5000, 10)).toBe(true);
    expect(memorySensors(state).scrub).toEqual({ active: true, nextPage: 100, pagesQueued: 1010, pagesDone: 0 });
    expect(stepScrub(state, 0.001, 0)).toBe(524);
    expect(memorySensors(state).scrub).toEqual({ active: true, nextPage: 624, pagesQueued: 486, pagesDone: 524 });
    expect(stepScrub(state, 0.001, 0)).toBe(486); // the rest of both ranges (budget 524.576 pages)
    expect(memorySensors(state).scrub.active).toBe(false);
    expect(stepScrub(state, 0.001, 0)).toBe(0);
  });

  it('bounds the queue (drops counted) and refuses ranges outside the region', () => {
    const state = createMemoryRegionState(SMALL);
    for (let i = 0; i < SMALL.scrubQueueMax; i++) expect(requestScrub(state, i, 1)).toBe(true);
    expect(requestScrub(state, 0, 1)).toBe(false);
    expect(state.scrubRequestsDropped).toBe(1);
    expect(requestScrub(state, state.pageCount, 1)).toBe(false);
    expect(requestScrub(state, 0, 0)).toBe(false);
    expect(state.scrubRequestsRejected).toBe(2);
  });

  it('bounds the error log per frame and counts the overflow', () => {
    const state = createMemoryRegionState(SMALL);
    injectRandomUpsets(state, Random.fromSeed(3).split('burst'), 100, 0);
    requestScrub(state, 0, state.pageCount);
    stepScrub(state, 1, 0); // the whole 64 MiB in one tick
    const sensors = memorySensors(state);
    expect(sensors.errorLog).toHaveLength(32);
    expect(sensors.errorLogDropped).toBe(68);
    expect(sensors.correctedCount).toBe(100);
    const next = memorySensors(state);
    expect(next.errorLog).toHaveLength(0);
    expect(next.errorLogDropped).toBe(0);
  });

  it('writes a miscorrected word back as consistently wrong data and a silent one unchanged', () => {
    const state = createMemoryRegionState(SMALL);
    const handle = allocate(state, 9, 64)!;
    const pristine = pattern(64, 4);
    handle.bytes.set(pristine);
    const bit7 = Array.from({ length: 64 }, (_, bit) => bit).find((bit) => secdedColumn(bit) === 0b111)!;
    // check bits 64, 65 and the data bit with column 0b111: syndrome 0b100, the decoder flips check bit 66
    injectUpset(state, handle.byteOffset / 8, [bit7, 64, 65]);
    expect(differingBits(readBuffer(state, handle, 0, 9), pristine)).toBe(1);
    expect(drainErrorLog(state).records).toHaveLength(0);
    scrubAll(state);
    expect(state.miscorrectedCount).toBe(1);
    expect(state.dirty.wordCount).toBe(0);
    expect(differingBits(handle.bytes, pristine)).toBe(1);
    expect(state.correctedCount + state.uncorrectableCount).toBe(0);
  });
});

describe('materialised buffers', () => {
  it('a read of a buffer with a single flipped bit returns the pristine data; the scrub repairs the memory', () => {
    const state = createMemoryRegionState(SMALL);
    const handle = allocate(state, 7, 10_000)!;
    const pristine = pattern(10_000, 5);
    handle.bytes.set(pristine);
    const word = handle.byteOffset / 8 + 300;
    expect(injectUpset(state, word, [13])).toBe(true);
    expect(differingBits(handle.bytes, pristine)).toBe(1); // the stored bytes really changed
    expect(handle.upsetsLanded).toBe(1);
    const read = readBuffer(state, handle, 12.5, 7);
    expect(read).not.toBe(handle.bytes);
    expect(differingBits(read, pristine)).toBe(0);
    expect(drainErrorLog(state).records).toEqual([{ timeS: 12.5, page: handle.firstPage, word, kind: 'corrected', during: 'read', jobId: 7 }]);
    expect(state.dirty.wordCount).toBe(1); // the memory keeps the error until scrubbed
    expect(differingBits(readBuffer(state, handle, 13, 7), pristine)).toBe(0);
    expect(drainErrorLog(state).records).toHaveLength(0); // logged once
    scrubAll(state);
    expect(differingBits(handle.bytes, pristine)).toBe(0);
    expect(state.dirty.wordCount).toBe(0);
    expect(state.correctedCount).toBe(1);
    expect(readBuffer(state, handle, 14, 7)).toBe(handle.bytes); // clean: no copy
  });

  it('a double-bit error is delivered raw (poisoned) and logged uncorrectable with the job id', () => {
    const state = createMemoryRegionState(SMALL);
    const handle = allocate(state, 42, 4096)!;
    const pristine = pattern(4096, 6);
    handle.bytes.set(pristine);
    const word = handle.byteOffset / 8 + 17;
    injectUpset(state, word, [3, 40]);
    const read = readBuffer(state, handle, 1, 42);
    expect(differingBits(read, pristine)).toBe(2);
    const records = drainErrorLog(state).records;
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ word, kind: 'uncorrectable', during: 'read', jobId: 42 });
  });

  it('an upset in the check bits changes no data and needs no copy', () => {
    const state = createMemoryRegionState(SMALL);
    const handle = allocate(state, 1, 800)!;
    handle.bytes.set(pattern(800, 7));
    injectUpset(state, handle.byteOffset / 8 + 5, [70]);
    expect(readBuffer(state, handle, 0, 1)).toBe(handle.bytes);
    expect(drainErrorLog(state).records[0]).toMatchObject({ kind: 'corrected', during: 'read', jobId: 1 });
  });

  it('targeted bursts land in the buffer only', () => {
    const state = createMemoryRegionState(SMALL);
    const other = allocate(state, 1, 8192)!;
    const handle = allocate(state, 2, 8192)!;
    expect(injectUpsetsInBuffer(state, Random.fromSeed(8).split('burst'), handle, 50, 0.3)).toBe(50);
    expect(handle.upsetsLanded).toBe(50);
    expect(other.upsetsLanded).toBe(0);
    expect(state.upsetsInBuffers).toBe(50);
  });

  it('allocation rewrites its pages (old upsets there vanish) and free keeps upsets as virtual words', () => {
    const state = createMemoryRegionState(SMALL);
    injectUpset(state, 10, [1]);
    const handle = allocate(state, 3, 4096)!;
    expect(handle.firstPage).toBe(0);
    expect(state.dirty.wordCount).toBe(0);
    injectUpset(state, 20, [2]);
    free(state, handle);
    expect(handle.live).toBe(false);
    expect(state.dirty.wordCount).toBe(1);
    expect(() => readBuffer(state, handle, 0, 3)).toThrow();
  });

  test.prop([
    fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { maxLength: 20 }),
    fc.array(fc.integer({ min: 1, max: 5 * 4096 }), { minLength: 1, maxLength: 12 }),
    fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
  ])('retired pages are never allocated; buffers never overlap; first fit', (retired, sizes, frees) => {
    const state = createMemoryRegionState({ ...DEFAULT_MEMORY_REGION_PARAMS, sizeBytes: 64 * 4096 });
    for (const page of retired) expect(retirePage(state, page)).toBe(true);
    const live = [];
    for (let i = 0; i < sizes.length; i++) {
      const handle = allocate(state, i, sizes[i]!);
      const pages = Math.ceil(sizes[i]! / 4096);
      const used = new Set<number>();
      for (const buffer of state.buffers) {
        if (buffer === handle) continue;
        for (let p = buffer.firstPage; p < buffer.firstPage + buffer.pages; p++) used.add(p);
      }
      const fits = (start: number): boolean => {
        for (let p = start; p < start + pages; p++) if (used.has(p) || isPageRetired(state, p)) return false;
        return start + pages <= 64;
      };
      let expected = -1;
      for (let start = 0; start + pages <= 64; start++) {
        if (fits(start)) {
          expected = start;
          break;
        }
      }
      if (handle === null) {
        expect(expected).toBe(-1);
      } else {
        expect(handle.firstPage).toBe(expected);
        for (let p = handle.firstPage; p < handle.firstPage + handle.pages; p++) expect(isPageRetired(state, p)).toBe(false);
        live.push(handle);
        if (frees[i]) free(state, live.shift()!);
      }
    }
  });

  it('bounds the retired list (drops counted) and refuses pages outside the region', () => {
    const state = createMemoryRegionState({ ...SMALL, retiredPagesMax: 3 });
    expect([retirePage(state, 5), retirePage(state, 1), retirePage(state, 9), retirePage(state, 5)]).toEqual([true, true, true, true]);
    expect(retirePage(state, 2)).toBe(false);
    expect(state.retireDropped).toBe(1);
    expect(retirePage(state, -1)).toBe(false);
    expect(retirePage(state, state.pageCount)).toBe(false);
    expect(state.retireRejected).toBe(2);
    expect(memorySensors(state).retiredPages).toBe(3);
    expect(state.retired).toEqual([1, 5, 9]);
  });

  it('tracks at most dirtyWordsMax words and counts the upsets it drops', () => {
    const state = createMemoryRegionState({ ...SMALL, dirtyWordsMax: 10 });
    injectRandomUpsets(state, Random.fromSeed(9).split('many'), 15, 0);
    expect(state.dirty.wordCount).toBe(10);
    expect(state.upsetsDropped).toBe(5);
    expect(state.upsetEvents).toBe(10);
  });

  it('power loss forgets the contents but keeps counters and retired pages', () => {
    const state = createMemoryRegionState(SMALL);
    const handle = allocate(state, 1, 100)!;
    injectRandomUpsets(state, Random.fromSeed(10).split('x'), 10, 0);
    retirePage(state, 77);
    requestScrub(state, 0, 10);
    scrubAll(state);
    const corrected = state.correctedCount;
    injectRandomUpsets(state, Random.fromSeed(11).split('x'), 10, 0);
    requestScrub(state, 0, 10);
    loseContents(state);
    expect(handle.live).toBe(false);
    expect(state.dirty.wordCount).toBe(0);
    expect(memorySensors(state)).toMatchObject({ correctedCount: corrected, retiredPages: 1, scrub: { active: false, pagesQueued: 0 } });
  });
});
