/**
 * Downlink losses only as counted drops. The flight software numbers its
 * packets per APID and the numbering goes on across resets (the sequence
 * counts live in NVM), so the ground sees every loss as a sequence count that
 * never arrives. (Counts of one APID may arrive out of order: reports and
 * events drain before housekeeping of the same APID.) At every packet, the
 * counts missing so far must be covered by what is counted as lost or still
 * on its way:
 *   the on-board queues' drops (every start) + what resets took from the
 *   queue (counted by the flight software at each boot) + the channel's
 *   counted losses (random loss, no contact, backlog, in flight) + what is
 *   still queued on board, in the radio or in flight.
 * At the end of a flight nothing is on its way and the bound is exact.
 */
import type { Executive } from '../../fsw/executive/executive.js';
import { DOWNLINK_CLASSES } from '../../fsw/telemetry/downlink-queue.js';
import type { DecodedTelemetry } from '../../protocol/index.js';
import type { LinkState } from '../../sim-hw/index.js';
import type { Violation } from './violation.js';

const SEQUENCE_COUNT_MODULO = 16384;

interface ApidCounts {
  readonly seen: Set<number>;
  highest: number;
}

function sum(of: (cls: (typeof DOWNLINK_CLASSES)[number]) => number): number {
  return DOWNLINK_CLASSES.reduce((total, cls) => total + of(cls), 0);
}

export class DownlinkAccounting {
  /** Sequence counts missing at the ground so far. */
  missing = 0;
  /** Every start of the flight software, the first included. */
  private readonly starts: Executive[] = [];
  private readonly apids = new Map<number, ApidCounts>();

  constructor(
    executive: Executive,
    private readonly link: LinkState,
  ) {
    this.starts.push(executive);
  }

  /** The flight software started again (after a reset): call right after the tick that restarted it. */
  restarted(executive: Executive): void {
    this.starts.push(executive);
  }

  /** Packets resets took with the RAM, as the flight software counted them at its boots. */
  get lostAtResets(): number {
    return this.starts.at(-1)!.downlinkLedger.lostAtResets;
  }

  /** Counted drops: every start's queues, what resets took, and the channel's losses. */
  counted(): number {
    const c = this.link.downlink.counters;
    const queueDrops = this.starts.reduce((total, start) => total + sum((cls) => start.downlink.dropped(cls)), 0);
    return queueDrops + this.lostAtResets + c.lost + c.droppedNoContact + c.droppedBacklog + c.droppedInFlight;
  }

  /** Packets on their way: queued on board now, handed to the radio but not yet on the channel, in flight. */
  private onTheirWay(): number {
    const current = this.starts.at(-1)!;
    const sentOnBoard = this.starts.reduce((total, start) => total + start.downlink.sentPackets, 0);
    const inRadio = sentOnBoard - this.link.downlink.counters.sent;
    return sum((cls) => current.downlink.queued(cls)) + inRadio + this.link.downlink.inFlight.length;
  }

  /** Takes one packet that reached the ground. */
  note(tm: DecodedTelemetry): void {
    let counts = this.apids.get(tm.header.apid);
    if (!counts) {
      counts = { seen: new Set(), highest: -1 };
      this.apids.set(tm.header.apid, counts);
    }
    // Unwrap the 14-bit count next to the highest seen.
    const base = Math.max(counts.highest, 0);
    const count = tm.header.sequenceCount + SEQUENCE_COUNT_MODULO * Math.round((base - tm.header.sequenceCount) / SEQUENCE_COUNT_MODULO);
    const missingBefore = counts.highest + 1 - counts.seen.size;
    counts.seen.add(count);
    counts.highest = Math.max(counts.highest, count);
    this.missing += counts.highest + 1 - counts.seen.size - missingBefore;
  }

  /** After a tick's packets: a violation when more counts are missing than counted or on their way. */
  check(timeS: number): Violation | null {
    if (this.missing === 0) return null;
    const allowed = this.counted() + this.onTheirWay();
    if (this.missing <= allowed) return null;
    const where = [...this.apids]
      .filter(([, c]) => c.seen.size < c.highest + 1)
      .map(([apid, c]) => `APID ${apid}: ${c.highest + 1 - c.seen.size} of 0..${c.highest}`);
    return {
      invariant: 'downlink-losses-counted',
      timeS,
      detail: `${this.missing} sequence counts missing at the ground (${where.join('; ')}), only ${allowed} counted as dropped or on their way`,
    };
  }
}
