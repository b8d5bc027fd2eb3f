/**
 * The anti-replay sequence number of every telecommand the ground signs:
 * never reused and never going backwards, even with a fresh archive. A run
 * starts from max(last archived + 1, wall-clock microseconds since the Unix
 * epoch) and counts up by one from there, so that numbers stay dense (the
 * spacecraft's window accepts a late retransmission only within
 * REPLAY_WINDOW_WIDTH numbers of the highest accepted). Each number is
 * written to the archive before it is used.
 */
export interface SequenceStore {
  lastSeq(): bigint;
  setLastSeq(seq: bigint): void;
}

export class SequenceAllocator {
  private last: bigint;

  constructor(
    private readonly store: SequenceStore,
    nowMs: () => number = Date.now,
  ) {
    const archived = store.lastSeq();
    const clockUs = BigInt(Math.floor(nowMs())) * 1000n;
    this.last = archived + 1n > clockUs ? archived : clockUs - 1n;
  }

  next(): bigint {
    const next = this.last + 1n;
    this.store.setLastSeq(next);
    this.last = next;
    return next;
  }
}
