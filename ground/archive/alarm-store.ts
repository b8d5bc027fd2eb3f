/**
 * The alarm book's records in the archive (ground/server/alarm-book.ts),
 * one row per alarm by its key, written as each changes: what is open,
 * acknowledged or shelved survives a restart of the ground. Alarms change
 * seldom (a limit crossed, an event of warning and above, an operator's
 * acknowledgement), so each write is its own statement, outside the batch;
 * the book writes only once the batch that holds what raised the change is
 * on disk (`whenWritten`), so that a crash loses both or neither.
 */
import type { AlarmRecord } from '../api/contract.js';
import type { Db } from './database.js';

/** What the alarm book keeps its records in. */
export interface AlarmKeeping {
  load(): AlarmRecord[];
  put(alarm: AlarmRecord): void;
  remove(key: string): void;
  /** Runs `run` once what the archive has queued now is on disk (never once it is closed). */
  whenWritten(run: () => void): void;
}

export class AlarmStore implements AlarmKeeping {
  private readonly upsert;
  private readonly deleteOne;
  private readonly all;

  constructor(
    db: Db,
    readonly whenWritten: (run: () => void) => void,
  ) {
    this.upsert = db.prepare('INSERT INTO alarms (key, record_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET record_json = excluded.record_json');
    this.deleteOne = db.prepare('DELETE FROM alarms WHERE key = ?');
    // oldest raised first: the book's order of arrival, which its bound's last resort drops by
    this.all = db.prepare("SELECT record_json FROM alarms ORDER BY json_extract(record_json, '$.raisedAtMs'), key");
  }

  load(): AlarmRecord[] {
    return (this.all.all() as { record_json: string }[]).map((row) => JSON.parse(row.record_json) as AlarmRecord);
  }

  put(alarm: AlarmRecord): void {
    this.upsert.run(alarm.key, JSON.stringify(alarm));
  }

  remove(key: string): void {
    this.deleteOne.run(key);
  }
}
