/**
 * Patrol scrub: the controller reads requested page ranges, in order, at
 * scrubBytesPerS. Every dirty word of a scrubbed page goes through the
 * decoder and is written back as decoded: a correctable word is written back
 * clean, a miscorrected one becomes (consistently) wrong data, a silent one is
 * left as it is (already a valid codeword); an uncorrectable one is logged and
 * stays. Work per tick is proportional to the dirty words in the window.
 */

import { LOGGED_CORRECTED, LOGGED_UNCORRECTABLE, visitDirtyPages } from './memory-dirty.js';
import type { DirtyPage } from './memory-dirty.js';
import { logMemoryError } from './memory-log.js';
import { bufferForWord } from './memory-region.js';
import type { MemoryRegionState } from './memory-region.js';
import { ECC_CORRECTED, ECC_MISCORRECTED, ECC_SILENT, ECC_UNCORRECTABLE, classifyErrorCode } from './secded.js';

/**
 * Queues pages [firstPage, firstPage + pages) (clipped to the region). False
 * when the range is empty or outside the region (counted as rejected) or the
 * queue is full (counted as dropped).
 */
export function requestScrub(state: MemoryRegionState, firstPage: number, pages: number): boolean {
  if (!Number.isInteger(firstPage) || !Number.isInteger(pages) || firstPage < 0 || firstPage >= state.pageCount || pages < 1) {
    state.scrubRequestsRejected++;
    return false;
  }
  if (state.scrubQueue.length >= state.params.scrubQueueMax) {
    state.scrubRequestsDropped++;
    return false;
  }
  const endPage = Math.min(state.pageCount, firstPage + pages);
  state.scrubQueue.push({ nextPage: firstPage, endPage });
  state.scrubPagesQueued += endPage - firstPage;
  return true;
}

function scrubPage(state: MemoryRegionState, page: DirtyPage, timeS: number): void {
  const words = page.words;
  let write = 0;
  for (let read = 0; read < words.length; read++) {
    const entry = words[read]!;
    const code = classifyErrorCode(entry.maskLo, entry.maskHi, entry.maskCheck);
    const kind = code & 7;
    if (kind === ECC_UNCORRECTABLE) {
      if (entry.logged !== LOGGED_UNCORRECTABLE) {
        logMemoryError(state, timeS, entry.word, 'uncorrectable', 'scrub', bufferForWord(state, entry.word)?.jobId ?? null);
        entry.logged = LOGGED_UNCORRECTABLE;
      }
      words[write++] = entry;
      continue;
    }
    if (kind === ECC_CORRECTED || kind === ECC_MISCORRECTED) {
      const bit = code >>> 3;
      const buffer = bufferForWord(state, entry.word);
      if (buffer !== undefined && bit < 64) {
        const index = entry.word * 8 - buffer.byteOffset + (bit >>> 3);
        if (index < buffer.byteLength) buffer.bytes[index]! ^= 1 << (bit & 7);
      }
      if (kind === ECC_CORRECTED) {
        if (entry.logged !== LOGGED_CORRECTED) {
          logMemoryError(state, timeS, entry.word, 'corrected', 'scrub', buffer?.jobId ?? null);
        }
      } else {
        state.miscorrectedCount++;
      }
    } else if (kind === ECC_SILENT) {
      state.silentCount++;
    }
    // written back as decoded: the word is a valid codeword again, no longer tracked
  }
  words.length = write;
}

/**
 * Advances the patrol scrub by one tick. Returns the pages scrubbed. An idle
 * scrubber does not bank time.
 */
export function stepScrub(state: MemoryRegionState, dtS: number, timeS: number): number {
  const queue = state.scrubQueue;
  if (queue.length === 0) {
    state.scrubCarryPages = 0;
    return 0;
  }
  const budget = state.scrubCarryPages + (dtS * state.params.scrubBytesPerS) / state.params.pageBytes;
  let pagesLeft = Math.floor(budget);
  state.scrubCarryPages = budget - pagesLeft;
  let done = 0;
  const visit = (page: DirtyPage): void => scrubPage(state, page, timeS);
  while (pagesLeft > 0) {
    const range = queue[0];
    if (range === undefined) break;
    const pages = Math.min(pagesLeft, range.endPage - range.nextPage);
    if (state.dirty.wordCount > 0) visitDirtyPages(state.dirty, range.nextPage, pages, visit);
    range.nextPage += pages;
    pagesLeft -= pages;
    done += pages;
    state.scrubNextPage = range.nextPage >= state.pageCount ? 0 : range.nextPage;
    if (range.nextPage >= range.endPage) queue.shift();
  }
  if (queue.length === 0) state.scrubCarryPages = 0;
  state.scrubPagesQueued -= done;
  state.scrubPagesDone += done;
  return done;
}
