/**
 * The ground archive: one SQLite file holding telemetry (raw packets and
 * samples), events, telecommands with their verification stages, jobs and
 * their downlinked results, the ground's alarms. Telemetry, events and jobs are written in
 * batches. Retention, only when asked for (retentionDays), runs at open and
 * then periodically, counting back from the archive's newest row, and says
 * what it removed. Opened read-only, nothing is written or removed.
 */
import type { Dictionary } from '../../protocol/index.js';
import { AlarmStore } from './alarm-store.js';
import { BatchWriter, DEFAULT_BATCH, type BatchOptions } from './batch.js';
import { CommandStore } from './command-store.js';
import { openDatabase, type Db } from './database.js';
import { JobStore } from './job-store.js';
import { applyRetention, describeRetention, type RetentionResult } from './retention.js';
import { TelemetryStore } from './telemetry-store.js';

export interface ArchiveOptions {
  readonly dictionary: Dictionary;
  readonly batch?: BatchOptions;
  /** Delete what was received this many days before the newest row; absent or Infinity keeps everything. */
  readonly retentionDays?: number;
  /** How often retention runs. */
  readonly retentionCheckMs?: number;
  /** Query only: the file must exist, nothing is written (retention included). */
  readonly readonly?: boolean;
  /** Lines for the operator (what retention removed). */
  readonly log?: (line: string) => void;
}

/** What `ground serve` keeps of its default archive; a file named with --archive keeps everything unless told. */
export const DEFAULT_RETENTION_DAYS = 30;
export const RETENTION_CHECK_MS = 3_600_000;

export class Archive {
  readonly telemetry: TelemetryStore;
  readonly commands: CommandStore;
  readonly jobs: JobStore;
  /** The alarm book's records (null read-only: a query opens no alarm book). */
  readonly alarms: AlarmStore | null;
  readonly batch: BatchWriter;
  private readonly db: Db;
  private readonly retentionTimer: NodeJS.Timeout | null;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly options: ArchiveOptions,
  ) {
    this.db = openDatabase(path, options.readonly === true);
    this.batch = new BatchWriter(this.db, options.batch ?? DEFAULT_BATCH);
    this.telemetry = new TelemetryStore(this.db, this.batch, (packet, param) => unitOf(options.dictionary, packet, param));
    this.commands = new CommandStore(this.db);
    this.jobs = new JobStore(this.db, this.batch);
    this.alarms = options.readonly === true ? null : new AlarmStore(this.db, (run) => this.whenWritten(run));
    const keeps = options.readonly === true || !Number.isFinite(options.retentionDays ?? Infinity);
    this.retentionTimer = keeps ? null : setInterval(() => this.applyRetention(), options.retentionCheckMs ?? RETENTION_CHECK_MS).unref();
    if (!keeps) this.applyRetention();
  }

  /** Opens or creates the archive file; throws (with the path) when it cannot. */
  static open(path: string, options: ArchiveOptions): Archive {
    return new Archive(path, options);
  }

  /** Deletes what was received longer than the retention before the newest row; says and returns what went. */
  applyRetention(): RetentionResult {
    const days = this.options.retentionDays ?? Infinity;
    if (this.options.readonly === true || !Number.isFinite(days)) throw new Error(`archive ${this.path}: retention was not asked for`);
    this.batch.flush();
    const result = applyRetention(this.db, days);
    this.telemetry.recount();
    const said = describeRetention(result, days);
    if (said) this.options.log?.(said);
    return result;
  }

  /** Writes what is queued now. */
  flush(): void {
    if (!this.closed) this.batch.flush();
  }

  /** Runs `run` once what is queued now is on disk (a frame taken from the bus is acknowledged then); never on a closed archive. */
  whenWritten(run: () => void): void {
    if (!this.closed) this.batch.whenWritten(run);
  }

  /** Writes what is queued and closes the file. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    this.batch.flush();
    this.db.close();
  }
}

function unitOf(dictionary: Dictionary, packet: string, param: string): string | undefined {
  const entry = dictionary.downlink(packet);
  return entry?.kind === 'telemetry' ? entry.def.fields[param]?.unit : undefined;
}
