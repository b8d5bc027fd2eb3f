import { describe, expect, it } from 'vitest';
import { SequenceAllocator } from '../../../ground/server/sequence.js';

function memoryStore(last: bigint) {
  const written: bigint[] = [];
  return { written, lastSeq: () => last, setLastSeq: (seq: bigint) => void written.push(seq) };
}

describe('anti-replay sequence numbers', () => {
  it('start from the wall clock in microseconds with a fresh archive, then count up by one, each written first', () => {
    const store = memoryStore(0n);
    const sequence = new SequenceAllocator(store, () => 1_700_000_000_123);
    expect([sequence.next(), sequence.next(), sequence.next()]).toEqual([1_700_000_000_123_000n, 1_700_000_000_123_001n, 1_700_000_000_123_002n]);
    expect(store.written).toEqual([1_700_000_000_123_000n, 1_700_000_000_123_001n, 1_700_000_000_123_002n]);
  });

  it('go on after the last archived number when that is ahead of the clock (a clock set back)', () => {
    const sequence = new SequenceAllocator(memoryStore(1_800_000_000_000_000n), () => 1_700_000_000_000);
    expect(sequence.next()).toBe(1_800_000_000_000_001n);
  });
});
