/**
 * One ECC-protected memory region as its controller sees it. The region is
 * mostly virtual: its contents exist only as (a) a sparse record of words
 * holding flipped bits (memory-dirty.ts) and (b) the job buffers that are
 * materialised as real bytes (memory-buffers.ts). Upsets: memory-upsets.ts;
 * patrol scrub: memory-scrub.ts; error log: memory-log.ts.
 */

import type { MemoryErrorRecord, MemorySensors } from '../../fsw/hal/frames.js';
import { clearDirtyPages, clearDirtyStore, createDirtyStore, lowerBound } from './memory-dirty.js';
import type { DirtyStore } from './memory-dirty.js';
import { drainErrorLog } from './memory-log.js';
import type { MemoryRegionParams } from './memory-params.js';

export { DEFAULT_MEMORY_REGION_PARAMS, DEFAULT_RAM_REGION_PARAMS, checkMemoryRegionParams } from './memory-params.js';
export type { MemoryRegionParams } from './memory-params.js';

/** A materialised buffer: real bytes at a page-aligned place in the region. */
export interface MemoryBuffer {
  readonly id: number;
  readonly jobId: number;
  readonly firstPage: number;
  readonly pages: number;
  /** Byte offset in the region (= firstPage * pageBytes). */
  readonly byteOffset: number;
  readonly byteLength: number;
  /** The data as stored (upsets really flip these bits; check bits are virtual). */
  readonly bytes: Uint8Array;
  /** Upset events whose word lies in this buffer. */
  upsetsLanded: number;
  /** False once freed (or lost with the region's contents). */
  live: boolean;
}

export interface ScrubRange {
  nextPage: number;
  readonly endPage: number;
}

export interface MemoryRegionState {
  readonly params: MemoryRegionParams;
  readonly pageCount: number;
  /** 64-bit data words in the region. */
  readonly wordCount: number;
  readonly wordsPerPage: number;
  readonly dirty: DirtyStore;
  /** Live buffers, in allocation order. */
  readonly buffers: MemoryBuffer[];
  nextBufferId: number;
  /** Retired pages, ascending. */
  readonly retired: number[];
  retireDropped: number;
  retireRejected: number;

  readonly scrubQueue: ScrubRange[];
  scrubPagesQueued: number;
  scrubNextPage: number;
  scrubPagesDone: number;
  /** Scrub budget carried between ticks, in pages (fraction of a page). */
  scrubCarryPages: number;
  scrubRequestsDropped: number;
  scrubRequestsRejected: number;

  /** Records since the last drain, oldest first, at most errorLogMax. */
  errorLog: MemoryErrorRecord[];
  errorLogDropped: number;
  /** Counters since creation; they only grow (sensors). */
  correctedCount: number;
  uncorrectableCount: number;
  /** Ground truth, not visible to the software. */
  miscorrectedCount: number;
  silentCount: number;
  upsetEvents: number;
  upsetBits: number;
  multiBitEvents: number;
  /** Upset events not applied because dirtyWordsMax words were already tracked. */
  upsetsDropped: number;
  upsetsInBuffers: number;
  /** Scratch for the bits of one upset event (no per-event allocation). */
  readonly scratchBits: Uint8Array;
}

export function createMemoryRegionState(params: MemoryRegionParams): MemoryRegionState {
  const pageCount = params.sizeBytes / params.pageBytes;
  if (!Number.isInteger(pageCount)) throw new Error(`memory sizeBytes ${params.sizeBytes} is not a multiple of pageBytes`);
  return {
    params,
    pageCount,
    wordCount: params.sizeBytes / 8,
    wordsPerPage: params.pageBytes / 8,
    dirty: createDirtyStore(),
    buffers: [],
    nextBufferId: 1,
    retired: [],
    retireDropped: 0,
    retireRejected: 0,
    scrubQueue: [],
    scrubPagesQueued: 0,
    scrubNextPage: 0,
    scrubPagesDone: 0,
    scrubCarryPages: 0,
    scrubRequestsDropped: 0,
    scrubRequestsRejected: 0,
    errorLog: [],
    errorLogDropped: 0,
    correctedCount: 0,
    uncorrectableCount: 0,
    miscorrectedCount: 0,
    silentCount: 0,
    upsetEvents: 0,
    upsetBits: 0,
    multiBitEvents: 0,
    upsetsDropped: 0,
    upsetsInBuffers: 0,
    scratchBits: new Uint8Array(4),
  };
}

/** The live buffer holding a word (any of its bytes), or undefined. */
export function bufferForWord(state: MemoryRegionState, word: number): MemoryBuffer | undefined {
  const byteOffset = word * 8;
  for (const buffer of state.buffers) {
    if (byteOffset + 8 > buffer.byteOffset && byteOffset < buffer.byteOffset + buffer.byteLength) return buffer;
  }
  return undefined;
}

export function isPageRetired(state: MemoryRegionState, page: number): boolean {
  return state.retired[lowerBound(state.retired, page)] === page;
}

/**
 * The allocator never hands the page out again (a buffer holding it now keeps
 * it until freed). False when the page is out of range (counted as rejected)
 * or the list is full (counted as dropped); true when retired (now or before).
 */
export function retirePage(state: MemoryRegionState, page: number): boolean {
  if (!Number.isInteger(page) || page < 0 || page >= state.pageCount) {
    state.retireRejected++;
    return false;
  }
  const at = lowerBound(state.retired, page);
  if (state.retired[at] === page) return true;
  if (state.retired.length >= state.params.retiredPagesMax) {
    state.retireDropped++;
    return false;
  }
  state.retired.splice(at, 0, page);
  return true;
}

/**
 * Software rewrote pages [firstPage, firstPage + pages) (for example reloaded
 * them from a good copy after an uncorrectable error): their upset words are
 * gone. Materialised buffers there are not touched (their bytes are what was
 * written).
 */
export function rewritePages(state: MemoryRegionState, firstPage: number, pages: number): void {
  clearDirtyPages(state.dirty, firstPage, pages);
}

/**
 * Power lost: the contents are gone (dirty words, buffers, queued scrubs).
 * Counters and the retired-page list survive (the controller's tables).
 */
export function loseContents(state: MemoryRegionState): void {
  clearDirtyStore(state.dirty);
  for (const buffer of state.buffers) buffer.live = false;
  state.buffers.length = 0;
  state.scrubQueue.length = 0;
  state.scrubPagesQueued = 0;
  state.scrubCarryPages = 0;
}

/**
 * The region's SensorFrame entry. Drains the error log: call it once per frame.
 */
export function memorySensors(state: MemoryRegionState): MemorySensors {
  const drained = drainErrorLog(state);
  const head = state.scrubQueue[0];
  return {
    sizeBytes: state.params.sizeBytes,
    pageBytes: state.params.pageBytes,
    correctedCount: state.correctedCount,
    uncorrectableCount: state.uncorrectableCount,
    errorLog: drained.records,
    errorLogDropped: drained.dropped,
    scrub: {
      active: head !== undefined,
      nextPage: head !== undefined ? head.nextPage : state.scrubNextPage,
      pagesQueued: state.scrubPagesQueued,
      pagesDone: state.scrubPagesDone,
    },
    retiredPages: state.retired.length,
  };
}
