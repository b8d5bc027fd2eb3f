/**
 * Single-event upsets in a memory region. An event hits one 72-bit stored
 * word and flips 1 bit, or (multi-bit upset, probability multiBitFraction)
 * 2, 3 or 4 distinct bits of the same word with probabilities 70/20/10 %.
 * The word's error mask is XORed with the flipped bits; inside a
 * materialised buffer the real data bits flip too (check bits are virtual).
 */

import type { Random } from '../random.js';
import { LOGGED_NONE, addDirtyWord, findDirtyWord, removeDirtyWord } from './memory-dirty.js';
import { bufferForWord } from './memory-region.js';
import type { MemoryBuffer, MemoryRegionState } from './memory-region.js';
import { SECDED_CODE_BITS } from './secded.js';

const SECONDS_PER_DAY = 86_400;

/** REFERENCE.md: COTS memory in LEO, Alsat-1 (P), an upper bound. */
export const ALSAT1_UPSETS_PER_BIT_PER_DAY = 4.0e-7;
/** REFERENCE.md: ~30 % of HBM2 upset events are multi-bit (beam tests, S). */
export const HBM_MULTI_BIT_FRACTION = 0.3;

function checkFraction(multiBitFraction: number): void {
  if (!(multiBitFraction >= 0 && multiBitFraction <= 1)) throw new RangeError(`multiBitFraction ${multiBitFraction} is not 0..1`);
}

function checkWord(state: MemoryRegionState, word: number): void {
  if (!Number.isInteger(word) || word < 0 || word >= state.wordCount) {
    throw new RangeError(`word ${word} is outside the region (0..${state.wordCount - 1})`);
  }
}

/** Flips `count` bits (state.scratchBits[0..count)) of one word. False when dropped (tracking limit). */
function applyUpset(state: MemoryRegionState, word: number, count: number): boolean {
  const page = Math.floor(word / state.wordsPerPage);
  let entry = findDirtyWord(state.dirty, page, word);
  if (entry === undefined) {
    if (state.dirty.wordCount >= state.params.dirtyWordsMax) {
      state.upsetsDropped++;
      return false;
    }
    entry = addDirtyWord(state.dirty, page, word);
  }
  const buffer: MemoryBuffer | undefined = bufferForWord(state, word);
  for (let i = 0; i < count; i++) {
    const bit = state.scratchBits[i]!;
    if (bit < 32) entry.maskLo = (entry.maskLo ^ (1 << bit)) >>> 0;
    else if (bit < 64) entry.maskHi = (entry.maskHi ^ (1 << (bit - 32))) >>> 0;
    else entry.maskCheck ^= 1 << (bit - 64);
    if (buffer !== undefined && bit < 64) {
      const byteInBuffer = word * 8 - buffer.byteOffset + (bit >>> 3);
      if (byteInBuffer < buffer.byteLength) buffer.bytes[byteInBuffer]! ^= 1 << (bit & 7);
    }
  }
  entry.logged = LOGGED_NONE;
  if ((entry.maskLo | entry.maskHi | entry.maskCheck) === 0) removeDirtyWord(state.dirty, page, word);
  state.upsetEvents++;
  state.upsetBits += count;
  if (count > 1) state.multiBitEvents++;
  if (buffer !== undefined) {
    buffer.upsetsLanded++;
    state.upsetsInBuffers++;
  }
  return true;
}

/** Draws the bits of one event into state.scratchBits; returns how many. */
function drawBits(state: MemoryRegionState, rng: Random, multiBitFraction: number): number {
  let count = 1;
  if (multiBitFraction > 0 && rng.next() < multiBitFraction) {
    const u = rng.next();
    count = u < 0.7 ? 2 : u < 0.9 ? 3 : 4;
  }
  const bits = state.scratchBits;
  for (let i = 0; i < count; i++) {
    let bit: number;
    let repeated: boolean;
    do {
      bit = Math.floor(rng.next() * SECDED_CODE_BITS);
      repeated = false;
      for (let j = 0; j < i; j++) if (bits[j] === bit) repeated = true;
    } while (repeated);
    bits[i] = bit;
  }
  return count;
}

/** One upset event flipping the given codeword bits (0..71, distinct, 1..4 of them) of a word. False when dropped. */
export function injectUpset(state: MemoryRegionState, wordIndex: number, bitPositions: readonly number[]): boolean {
  checkWord(state, wordIndex);
  if (bitPositions.length < 1 || bitPositions.length > state.scratchBits.length) {
    throw new RangeError(`an upset flips 1..${state.scratchBits.length} bits, not ${bitPositions.length}`);
  }
  for (let i = 0; i < bitPositions.length; i++) {
    const bit = bitPositions[i]!;
    if (!Number.isInteger(bit) || bit < 0 || bit >= SECDED_CODE_BITS) throw new RangeError(`bit ${bit} is not 0..71`);
    for (let j = 0; j < i; j++) if (bitPositions[j] === bit) throw new RangeError(`bit ${bit} given twice`);
    state.scratchBits[i] = bit;
  }
  return applyUpset(state, wordIndex, bitPositions.length);
}

/** `count` events on uniformly random words of the whole region. Returns the events applied. */
export function injectRandomUpsets(state: MemoryRegionState, rng: Random, count: number, multiBitFraction: number): number {
  checkFraction(multiBitFraction);
  let applied = 0;
  for (let i = 0; i < count; i++) {
    const word = Math.floor(rng.next() * state.wordCount);
    const bits = drawBits(state, rng, multiBitFraction);
    if (applyUpset(state, word, bits)) applied++;
  }
  return applied;
}

/** `count` events on uniformly random words of one live buffer (targeted fault bursts). Returns the events applied. */
export function injectUpsetsInBuffer(state: MemoryRegionState, rng: Random, handle: MemoryBuffer, count: number, multiBitFraction: number): number {
  checkFraction(multiBitFraction);
  if (!handle.live) throw new Error(`buffer ${handle.id} is not live`);
  const firstWord = handle.byteOffset / 8;
  const words = Math.ceil(handle.byteLength / 8);
  let applied = 0;
  for (let i = 0; i < count; i++) {
    const word = firstWord + Math.floor(rng.next() * words);
    const bits = drawBits(state, rng, multiBitFraction);
    if (applyUpset(state, word, bits)) applied++;
  }
  return applied;
}

/** Mean upset events in a tick: rate * stored bits (72 per word) * dtS. */
export function expectedUpsets(state: MemoryRegionState, upsetsPerBitPerDay: number, dtS: number): number {
  return (upsetsPerBitPerDay * state.wordCount * SECDED_CODE_BITS * dtS) / SECONDS_PER_DAY;
}

/**
 * The natural upset process for one tick: a Poisson number of events with
 * mean expectedUpsets(...) (the assembly multiplies the rate by the SAA or
 * storm factor), injected at random. Returns the events drawn.
 */
export function stepRandomUpsets(state: MemoryRegionState, rng: Random, upsetsPerBitPerDay: number, multiBitFraction: number, dtS: number): number {
  const count = rng.poisson(expectedUpsets(state, upsetsPerBitPerDay, dtS));
  injectRandomUpsets(state, rng, count, multiBitFraction);
  return count;
}
