/**
 * The flight software's events at the time they were raised, read from its
 * on-board event log (a bounded ring) rather than from the downlink: the
 * record shows every event, also those still on board when the run ends.
 * Read at every sample and when the software restarts (the old log is read
 * to its end first); a restarted software's log starts with the persisted
 * tail of the previous one, which is skipped (those were read already).
 * Events pushed out of the ring before they were read are counted as lost.
 */
import type { Executive } from '../../fsw/executive/executive.js';
import type { EventRecord } from '../../fsw/telemetry/events.js';

export class EventTap {
  /** Events the ring dropped before they were read. */
  lost = 0;
  private executive: Executive;
  /** Pushes into the current log already read (its length plus its drops, at the last read). */
  private read = 0;
  private fromS = Number.NEGATIVE_INFINITY;

  constructor(executive: Executive) {
    this.executive = executive;
  }

  /** The events raised since the last take, oldest first. */
  take(): EventRecord[] {
    const log = this.executive.events.log;
    const pushed = log.length + log.dropped;
    const fresh = pushed - this.read;
    if (fresh <= 0) return [];
    this.read = pushed;
    if (fresh > log.length) this.lost += fresh - log.length;
    const records = log.toArray().slice(Math.max(0, log.length - fresh));
    return Number.isFinite(this.fromS) ? records.filter((record) => record.timeS >= this.fromS) : records;
  }

  /** The software restarted at timeS with a new executive: returns the old log's last events. */
  restarted(executive: Executive, timeS: number): EventRecord[] {
    const last = this.take();
    this.executive = executive;
    this.read = 0;
    this.fromS = timeS - 1e-6;
    return last;
  }

  get current(): Executive {
    return this.executive;
  }
}
