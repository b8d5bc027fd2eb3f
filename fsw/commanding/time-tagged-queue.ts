/**
 * The time-tagged command queue (schedule_insert): commands authenticated
 * and accepted when they were inserted, waiting for their release time.
 * Bounded; ordered by release time (then by insertion). Record
 * "commanding.schedule".
 */
import { SCHEDULE_ENTRIES_MAX } from '../../protocol/index.js';
import type { AuthenticatedCommand } from './dispatcher.js';

export interface ScheduledCommand extends AuthenticatedCommand {
  readonly releaseS: number;
}

export class TimeTaggedQueue {
  private entries: ScheduledCommand[] = [];

  get length(): number {
    return this.entries.length;
  }

  get full(): boolean {
    return this.entries.length >= SCHEDULE_ENTRIES_MAX;
  }

  /** Inserts in release order; the caller has checked `full` (asserted). */
  insert(entry: ScheduledCommand): void {
    if (this.full) throw new Error('time-tagged queue: insert into a full queue');
    let at = this.entries.length;
    while (at > 0 && this.entries[at - 1]!.releaseS > entry.releaseS) at--;
    this.entries.splice(at, 0, entry);
  }

  /** The entries due at timeS, removed from the queue, in release order. */
  due(timeS: number): ScheduledCommand[] {
    let count = 0;
    while (count < this.entries.length && this.entries[count]!.releaseS <= timeS) count++;
    return count === 0 ? [] : this.entries.splice(0, count);
  }

  /** Removes one entry; null when none matches. */
  remove(keyId: number, seq: string): ScheduledCommand | null {
    const index = this.entries.findIndex((entry) => entry.keyId === keyId && entry.seq === seq);
    return index < 0 ? null : this.entries.splice(index, 1)[0]!;
  }

  clear(): ScheduledCommand[] {
    return this.entries.splice(0);
  }

  list(): readonly ScheduledCommand[] {
    return this.entries;
  }

  toRecord(): ScheduledCommand[] {
    return [...this.entries];
  }

  static fromRecord(record: unknown): TimeTaggedQueue {
    const queue = new TimeTaggedQueue();
    if (!Array.isArray(record)) return queue;
    for (const entry of record as ScheduledCommand[]) {
      if (queue.full) break;
      if (typeof entry?.releaseS === 'number' && typeof entry.name === 'string' && typeof entry.seq === 'string') queue.insert(entry);
    }
    return queue;
  }
}
