/**
 * The anti-replay sequence number of every telecommand the ground signs:
 * never reused and never going backwards, even with a fresh archive. A run
 * starts from max(last archived + 1, wall-clock microseconds since the Unix
 * epoch) and counts up by one from there, so that numbers stay dense (the
 * spacecraft's window accepts a late retransmission only within
 * REPLAY_WINDOW_WIDTH numbers of the highest accepted). Each number is
 * written to the archive before it is used.
 */
import { SEQUENCE_COUNT_MODULO } from '../../protocol/index.js';

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

/** The two numbers of a telecommand: the anti-replay sequence number, and the space packet's sequence count. */
export interface TelecommandNumbers {
  readonly seq: bigint;
  readonly sequenceCount: number;
}

/** How a ground numbers its telecommands (the commander asks once per packet it signs). */
export interface TelecommandNumbering {
  next(apid: number): TelecommandNumbers;
}

/** The ground server's numbering: sequence numbers from the allocator, a packet count per APID from 0 in each run. */
export class GroundNumbering implements TelecommandNumbering {
  private readonly counts = new Map<number, number>();

  constructor(private readonly sequence: SequenceAllocator) {}

  next(apid: number): TelecommandNumbers {
    const sequenceCount = ((this.counts.get(apid) ?? -1) + 1) % SEQUENCE_COUNT_MODULO;
    this.counts.set(apid, sequenceCount);
    return { seq: this.sequence.next(), sequenceCount };
  }
}
