/**
 * Downlink losses only as counted drops. Each flight software start numbers
 * its packets from 0 per APID; the ground sees a loss as a sequence count
 * that never arrives. (Counts of one APID may arrive out of order: reports
 * and events drain before housekeeping of the same APID.) At every packet,
 * the counts missing so far must be covered by what is counted as lost or
 * still on its way:
 *   the on-board queues' drops (every start) + the channel's counted losses
 *   (random loss, no contact, backlog, in flight) + what resets took with
 *   the computer's RAM (queued packets and the radio's buffer, tallied here
 *   at each restart) + what is still queued on board, in the radio or in flight.
 * At the end of a flight nothing is on its way and the bound is exact.
 * A packet belongs to the start whose boot time is at or before its time tag.
 */
import type { Executive } from '../../fsw/executive/executive.js';
import { DOWNLINK_CLASSES } from '../../fsw/telemetry/downlink-queue.js';
import type { DecodedTelemetry } from '../../protocol/index.js';
import type { LinkState } from '../../sim-hw/link/channel.js';
import type { Violation } from './violation.js';

const SEQUENCE_COUNT_MODULO = 16384;
/** Packet time tags against frame times: far under one tick. */
const TIME_TAG_TOLERANCE_S = 1e-3;

interface ApidCounts {
  readonly seen: Set<number>;
  highest: number;
}

interface Start {
  readonly bootS: number;
  readonly executive: Executive;
  readonly apids: Map<number, ApidCounts>;
}

function sum(executive: Executive, of: (cls: (typeof DOWNLINK_CLASSES)[number]) => number): number {
  return DOWNLINK_CLASSES.reduce((total, cls) => total + of(cls), 0);
}

export class DownlinkAccounting {
  /** Sequence counts missing at the ground so far. */
  missing = 0;
  /** Packets queued on board when a reset took the RAM. */
  private queuedAtResets = 0;
  /** Packets in the radio's buffer when a reset came (sent on board, never on the channel). */
  private radioLost = 0;
  private readonly starts: Start[] = [];

  constructor(
    executive: Executive,
    private readonly link: LinkState,
  ) {
    this.starts.push({ bootS: -Infinity, executive, apids: new Map() });
  }

  /** The flight software started again at bootS (after a reset): call right after the tick that restarted it. */
  restarted(bootS: number, executive: Executive): void {
    const previous = this.starts.at(-1)!.executive;
    this.queuedAtResets += sum(previous, (cls) => previous.downlink.queued(cls));
    const sentOnBoard = this.starts.reduce((total, start) => total + start.executive.downlink.sentPackets, 0);
    this.starts.push({ bootS, executive, apids: new Map() });
    // What the old starts sent that never reached the channel was in the radio's buffer when the reset came.
    this.radioLost = sentOnBoard - this.link.downlink.counters.sent;
  }

  /** Packets resets took with the RAM: queued, or in the radio's buffer. */
  get lostAtResets(): number {
    return this.queuedAtResets + this.radioLost;
  }

  /** Counted drops: every start's queues and the channel's losses. */
  counted(): number {
    const c = this.link.downlink.counters;
    return this.starts.reduce((total, start) => total + sum(start.executive, (cls) => start.executive.downlink.dropped(cls)), c.lost + c.droppedNoContact + c.droppedBacklog + c.droppedInFlight);
  }

  /** Packets on their way: queued on board now, in the radio's buffer, in flight. */
  private onTheirWay(): number {
    const current = this.starts.at(-1)!.executive;
    const sentOnBoard = this.starts.reduce((total, start) => total + start.executive.downlink.sentPackets, 0);
    const inRadio = sentOnBoard - this.radioLost - this.link.downlink.counters.sent;
    return sum(current, (cls) => current.downlink.queued(cls)) + inRadio + this.link.downlink.inFlight.length;
  }

  /** Takes one packet that reached the ground. */
  note(tm: DecodedTelemetry): void {
    let start = this.starts[0]!;
    for (const candidate of this.starts) if (candidate.bootS <= tm.timeS + TIME_TAG_TOLERANCE_S) start = candidate;
    let counts = start.apids.get(tm.header.apid);
    if (!counts) {
      counts = { seen: new Set(), highest: -1 };
      start.apids.set(tm.header.apid, counts);
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
    const allowed = this.counted() + this.lostAtResets + this.onTheirWay();
    if (this.missing <= allowed) return null;
    const where = this.starts.flatMap((start, index) => [...start.apids].filter(([, c]) => c.seen.size < c.highest + 1).map(([apid, c]) => `start ${index + 1} APID ${apid}: ${c.highest + 1 - c.seen.size} of 0..${c.highest}`));
    return { invariant: 'downlink-losses-counted', timeS, detail: `${this.missing} sequence counts missing at the ground (${where.join('; ')}), only ${allowed} counted as dropped or on their way` };
  }
}
