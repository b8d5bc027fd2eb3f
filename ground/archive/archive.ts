/**
 * The ground archive: one SQLite file holding telemetry (raw packets and
 * samples), events, telecommands with their verification stages, jobs and
 * their downlinked results. Telemetry, events and jobs are written in
 * batches; retention runs at open and then periodically.
 */
import type { Dictionary } from '../../protocol/index.js';
import { BatchWriter, DEFAULT_BATCH, type BatchOptions } from './batch.js';
import { CommandStore } from './command-store.js';
import { openDatabase, type Db } from './database.js';
import { JobStore } from './job-store.js';
import { applyRetention, type RetentionResult } from './retention.js';
import { TelemetryStore } from './telemetry-store.js';

export interface ArchiveOptions {
  readonly dictionary: Dictionary;
  readonly batch?: BatchOptions;
  /** Delete what was received longer ago than this; Infinity keeps everything. */
  readonly retentionDays?: number;
  /** How often retention runs. */
  readonly retentionCheckMs?: number;
  readonly nowMs?: () => number;
}

export const DEFAULT_RETENTION_DAYS = 30;
export const RETENTION_CHECK_MS = 3_600_000;

export class Archive {
  readonly telemetry: TelemetryStore;
  readonly commands: CommandStore;
  readonly jobs: JobStore;
  readonly batch: BatchWriter;
  private readonly db: Db;
  private readonly retentionTimer: NodeJS.Timeout | null;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly options: ArchiveOptions,
  ) {
    this.db = openDatabase(path);
    this.batch = new BatchWriter(this.db, options.batch ?? DEFAULT_BATCH);
    this.telemetry = new TelemetryStore(this.db, this.batch, (packet, param) => unitOf(options.dictionary, packet, param));
    this.commands = new CommandStore(this.db);
    this.jobs = new JobStore(this.db, this.batch);
    const days = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    this.retentionTimer = Number.isFinite(days) ? setInterval(() => this.applyRetention(), options.retentionCheckMs ?? RETENTION_CHECK_MS).unref() : null;
    if (Number.isFinite(days)) this.applyRetention();
  }

  /** Opens or creates the archive file; throws (with the path) when it cannot. */
  static open(path: string, options: ArchiveOptions): Archive {
    return new Archive(path, options);
  }

  /** Deletes what is older than the retention (by receive time); returns what went. */
  applyRetention(nowMs = (this.options.nowMs ?? Date.now)()): RetentionResult {
    this.batch.flush();
    const result = applyRetention(this.db, nowMs, this.options.retentionDays ?? DEFAULT_RETENTION_DAYS);
    this.telemetry.recount();
    return result;
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
