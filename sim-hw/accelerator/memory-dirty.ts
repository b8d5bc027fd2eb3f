/**
 * The sparse record of upset words: only words whose stored codeword differs
 * from what was written are kept, with their 72-bit error mask, grouped by
 * page, and pages grouped in chunks of CHUNK_PAGES. A sorted list of dirty
 * chunks lets a scrub window or a buffer read visit only the dirty pages it
 * covers (binary search, then a walk), and keeps insertion cheap (the sorted
 * list has at most pageCount / CHUNK_PAGES entries).
 */

/** Logged states of a dirty word: each error is reported once until its mask changes. */
export const LOGGED_NONE = 0;
export const LOGGED_CORRECTED = 1;
export const LOGGED_UNCORRECTABLE = 2;

/** Pages per chunk (4 MiB of 4 KiB pages). */
export const CHUNK_PAGES = 1024;

export interface DirtyWord {
  /** Word index in the region (byte offset / 8). */
  readonly word: number;
  /** Flipped data bits 0..31, 32..63 and check bits 64..71. */
  maskLo: number;
  maskHi: number;
  maskCheck: number;
  /** What has been logged for the present mask (LOGGED_*). */
  logged: number;
}

export interface DirtyPage {
  readonly page: number;
  readonly words: DirtyWord[];
}

export interface DirtyStore {
  readonly pages: Map<number, DirtyPage>;
  /** Dirty pages of each chunk, in insertion order. */
  readonly chunks: Map<number, DirtyPage[]>;
  /** Keys of `chunks`, ascending. */
  readonly sortedChunks: number[];
  wordCount: number;
}

export function createDirtyStore(): DirtyStore {
  return { pages: new Map(), chunks: new Map(), sortedChunks: [], wordCount: 0 };
}

/** First index of `sorted` whose value is >= value. */
export function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function chunkOf(page: number): number {
  return Math.floor(page / CHUNK_PAGES);
}

function dropChunk(store: DirtyStore, chunk: number): void {
  store.chunks.delete(chunk);
  const at = lowerBound(store.sortedChunks, chunk);
  if (store.sortedChunks[at] === chunk) store.sortedChunks.splice(at, 1);
}

export function findDirtyWord(store: DirtyStore, page: number, word: number): DirtyWord | undefined {
  const dirtyPage = store.pages.get(page);
  if (dirtyPage === undefined) return undefined;
  for (const entry of dirtyPage.words) if (entry.word === word) return entry;
  return undefined;
}

/** Adds a clean entry for a word known not to be in the store. */
export function addDirtyWord(store: DirtyStore, page: number, word: number): DirtyWord {
  let dirtyPage = store.pages.get(page);
  if (dirtyPage === undefined) {
    dirtyPage = { page, words: [] };
    store.pages.set(page, dirtyPage);
    const chunk = chunkOf(page);
    let chunkPages = store.chunks.get(chunk);
    if (chunkPages === undefined) {
      chunkPages = [];
      store.chunks.set(chunk, chunkPages);
      store.sortedChunks.splice(lowerBound(store.sortedChunks, chunk), 0, chunk);
    }
    chunkPages.push(dirtyPage);
  }
  const entry: DirtyWord = { word, maskLo: 0, maskHi: 0, maskCheck: 0, logged: LOGGED_NONE };
  dirtyPage.words.push(entry);
  store.wordCount++;
  return entry;
}

/** Removes a word's entry (its page, and chunk, leave the store when they empty). */
export function removeDirtyWord(store: DirtyStore, page: number, word: number): void {
  const dirtyPage = store.pages.get(page);
  if (dirtyPage === undefined) return;
  const index = dirtyPage.words.findIndex((entry) => entry.word === word);
  if (index < 0) return;
  dirtyPage.words.splice(index, 1);
  store.wordCount--;
  if (dirtyPage.words.length > 0) return;
  store.pages.delete(page);
  const chunk = chunkOf(page);
  const chunkPages = store.chunks.get(chunk);
  if (chunkPages === undefined) throw new Error(`dirty page ${page} has no chunk`);
  chunkPages.splice(chunkPages.indexOf(dirtyPage), 1);
  if (chunkPages.length === 0) dropChunk(store, chunk);
}

/**
 * Visits the dirty pages in [firstPage, firstPage + pages) (by chunk, ascending;
 * within a chunk in insertion order). `visit` may remove words from the page
 * it is given, by shrinking its `words` array (not through removeDirtyWord);
 * pages and chunks left empty are dropped. Returns the words visited.
 */
export function visitDirtyPages(store: DirtyStore, firstPage: number, pages: number, visit: (page: DirtyPage) => void): number {
  const endPage = firstPage + pages;
  const sorted = store.sortedChunks;
  const lastChunk = chunkOf(endPage - 1);
  let visited = 0;
  let index = lowerBound(sorted, chunkOf(firstPage));
  while (index < sorted.length && sorted[index]! <= lastChunk) {
    const chunk = sorted[index]!;
    const chunkPages = store.chunks.get(chunk);
    if (chunkPages === undefined) throw new Error(`dirty chunk ${chunk} listed but not stored`);
    let write = 0;
    for (let read = 0; read < chunkPages.length; read++) {
      const dirtyPage = chunkPages[read]!;
      if (dirtyPage.page >= firstPage && dirtyPage.page < endPage) {
        const before = dirtyPage.words.length;
        visited += before;
        visit(dirtyPage);
        store.wordCount -= before - dirtyPage.words.length;
        if (dirtyPage.words.length === 0) {
          store.pages.delete(dirtyPage.page);
          continue;
        }
      }
      chunkPages[write++] = dirtyPage;
    }
    chunkPages.length = write;
    if (write === 0) {
      store.chunks.delete(chunk);
      sorted.splice(index, 1);
    } else {
      index++;
    }
  }
  return visited;
}

/** Forgets every dirty word in [firstPage, firstPage + pages) (the words were rewritten). */
export function clearDirtyPages(store: DirtyStore, firstPage: number, pages: number): void {
  visitDirtyPages(store, firstPage, pages, (page) => {
    page.words.length = 0;
  });
}

export function clearDirtyStore(store: DirtyStore): void {
  store.pages.clear();
  store.chunks.clear();
  store.sortedChunks.length = 0;
  store.wordCount = 0;
}
