/**
 * Batched writes: every write is queued with its row count and the queue is
 * written in one transaction when it holds rowsMax rows, or flushIntervalMs
 * after the first queued write, whichever comes first. Readers call flush()
 * first, so a query always sees everything received.
 */
import type { Db } from './database.js';

export interface BatchOptions {
  /** Rows that trigger a write at once. */
  readonly rowsMax: number;
  /** Longest time a queued row waits. */
  readonly flushIntervalMs: number;
}

/**
 * 20,000 rows: the scattered index pages (by packet and parameter) take many rows
 * per commit; the 100 ms bound keeps what a crash can lose as before.
 */
export const DEFAULT_BATCH: BatchOptions = { rowsMax: 20_000, flushIntervalMs: 100 };

export class BatchWriter {
  private ops: Array<() => void> = [];
  private rows = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Run once the writes queued when they were given are on disk. */
  private waiting: Array<() => void> = [];
  /** Transactions written, for tests and status. */
  batchesWritten = 0;

  constructor(
    private readonly db: Db,
    private readonly options: BatchOptions = DEFAULT_BATCH,
  ) {}

  /** Queues one write of `rows` rows. */
  add(op: () => void, rows = 1): void {
    this.ops.push(op);
    this.rows += rows;
    if (this.rows >= this.options.rowsMax) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.flushIntervalMs).unref();
  }

  /** Runs `run` once every write queued now is on disk: at once when none is queued, else after the next transaction. */
  whenWritten(run: () => void): void {
    if (this.ops.length === 0) run();
    else this.waiting.push(run);
  }

  get pendingRows(): number {
    return this.rows;
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.ops.length === 0) return;
    const ops = this.ops;
    this.ops = [];
    this.rows = 0;
    this.db.transaction(() => {
      for (const op of ops) op();
    })();
    this.batchesWritten++;
    const waiting = this.waiting;
    this.waiting = [];
    for (const run of waiting) run();
  }
}
