/**
 * Materialised buffers: the only part of a region that exists as real bytes.
 * The allocator places a buffer on the first run of contiguous pages that are
 * neither retired nor in use. Reads go through the ECC decoder.
 */

import { LOGGED_CORRECTED, LOGGED_UNCORRECTABLE, clearDirtyPages, lowerBound, visitDirtyPages } from './memory-dirty.js';
import { logMemoryError } from './memory-log.js';
import type { MemoryBuffer, MemoryRegionState } from './memory-region.js';
import { ECC_CORRECTED, ECC_MISCORRECTED, ECC_UNCORRECTABLE, classifyErrorCode } from './secded.js';

/** First page p >= from such that [p, p + pages) holds no live buffer and no retired page, or -1. */
function findFreeRun(state: MemoryRegionState, from: number, pages: number): number {
  let candidate = from;
  for (;;) {
    if (candidate + pages > state.pageCount) return -1;
    const end = candidate + pages;
    let next = candidate;
    for (const buffer of state.buffers) {
      if (buffer.firstPage < end && buffer.firstPage + buffer.pages > candidate) {
        next = Math.max(next, buffer.firstPage + buffer.pages);
      }
    }
    const at = lowerBound(state.retired, candidate);
    const retired = state.retired[at];
    if (retired !== undefined && retired < end) next = Math.max(next, retired + 1);
    if (next === candidate) return candidate;
    candidate = next;
  }
}

/**
 * A zero-filled buffer for a job on the first free pages, or null when no run
 * of free pages is long enough. Writing the buffer rewrites its pages: any
 * upset words there are gone.
 */
export function allocate(state: MemoryRegionState, jobId: number, byteLength: number): MemoryBuffer | null {
  if (!Number.isInteger(byteLength) || byteLength < 1) throw new RangeError(`buffer byteLength ${byteLength} is not a positive integer`);
  const pages = Math.ceil(byteLength / state.params.pageBytes);
  const firstPage = findFreeRun(state, 0, pages);
  if (firstPage < 0) return null;
  clearDirtyPages(state.dirty, firstPage, pages);
  const buffer: MemoryBuffer = {
    id: state.nextBufferId++,
    jobId,
    firstPage,
    pages,
    byteOffset: firstPage * state.params.pageBytes,
    byteLength,
    bytes: new Uint8Array(byteLength),
    upsetsLanded: 0,
    live: true,
  };
  state.buffers.push(buffer);
  return buffer;
}

/** Returns the pages to the allocator (their upset words stay, now virtual). */
export function free(state: MemoryRegionState, handle: MemoryBuffer): void {
  const index = state.buffers.indexOf(handle);
  if (index >= 0) state.buffers.splice(index, 1);
  handle.live = false;
}

function flipDataBit(bytes: Uint8Array, wordByteInBuffer: number, bit: number): void {
  if (bit >= 64) return;
  const index = wordByteInBuffer + (bit >>> 3);
  if (index >= 0 && index < bytes.length) bytes[index]! ^= 1 << (bit & 7);
}

/**
 * The buffer's data as the controller delivers it. Single-bit errors are
 * corrected in the returned data (the memory keeps them until scrubbed);
 * uncorrectable words are logged and delivered raw (poisoned); miscorrected
 * and silent words are delivered wrong without a log entry. Each error is
 * logged once (until its word is hit again). Returns the stored bytes
 * themselves (do not write to them) unless a word needs changing, then a copy.
 */
export function readBuffer(state: MemoryRegionState, handle: MemoryBuffer, timeS: number, jobId: number | null): Uint8Array {
  if (!handle.live) throw new Error(`read of buffer ${handle.id}, which is not live`);
  if (state.dirty.wordCount === 0) return handle.bytes;
  const endByte = handle.byteOffset + handle.byteLength;
  let out: Uint8Array | null = null;
  visitDirtyPages(state.dirty, handle.firstPage, handle.pages, (page) => {
    for (const entry of page.words) {
      const wordByte = entry.word * 8;
      if (wordByte >= endByte) continue;
      const code = classifyErrorCode(entry.maskLo, entry.maskHi, entry.maskCheck);
      const kind = code & 7;
      if (kind === ECC_CORRECTED || kind === ECC_MISCORRECTED) {
        const bit = code >>> 3;
        if (bit < 64) {
          out ??= handle.bytes.slice();
          flipDataBit(out, wordByte - handle.byteOffset, bit);
        }
        if (kind === ECC_CORRECTED && entry.logged !== LOGGED_CORRECTED) {
          logMemoryError(state, timeS, entry.word, 'corrected', 'read', jobId);
          entry.logged = LOGGED_CORRECTED;
        }
      } else if (kind === ECC_UNCORRECTABLE && entry.logged !== LOGGED_UNCORRECTABLE) {
        logMemoryError(state, timeS, entry.word, 'uncorrectable', 'read', jobId);
        entry.logged = LOGGED_UNCORRECTABLE;
      }
    }
  });
  return out ?? handle.bytes;
}
