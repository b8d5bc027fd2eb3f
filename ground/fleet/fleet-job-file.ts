/**
 * The fleet job service's own file (SQLite, WAL): every job as the broker
 * holds it (one row each, JSON) with the user who submitted it, and the
 * broker's counters, rates and views, so that a ground restarted goes on
 * with the same jobs, the same ids and nothing lost. Written after each
 * change in one transaction; a job's row is rewritten only when it changed.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { BrokerState } from './broker.js';
import type { FleetJob } from './fleet-job.js';

/** 1: jobs (id, submitted_by, job JSON) and the broker's state (one JSON row). */
export const FLEET_JOB_FILE_VERSION = 1;

const FINISHED: ReadonlySet<string> = new Set(['done', 'failed']);

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fleet_jobs (id INTEGER PRIMARY KEY, submitted_by TEXT NOT NULL, state TEXT NOT NULL, job_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS broker (id INTEGER PRIMARY KEY CHECK (id = 1), state_json TEXT NOT NULL);
`;

export interface StoredFleetJobs {
  readonly state: BrokerState | null;
  readonly jobs: readonly FleetJob[];
  /** Who submitted each job, by the ground's job id. */
  readonly submittedBy: ReadonlyMap<number, string>;
}

/** JSON with the infinities of a run's times kept (JSON alone writes them as null). */
const replacer = (_key: string, value: unknown) =>
  typeof value === 'number' && !Number.isFinite(value) ? (Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity') : value;
const INFINITIES: Readonly<Record<string, number>> = { Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY, NaN: Number.NaN };
const reviver = (_key: string, value: unknown) => (typeof value === 'string' && value in INFINITIES ? INFINITIES[value] : value);

export class FleetJobFile {
  private readonly db: Database.Database;
  /** What was last written of each job not finished (a bound: finished jobs are not held). */
  private readonly written = new Map<number, string>();
  private writtenState = '';

  private constructor(readonly path: string) {
    if (path !== ':memory:' && !existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    const version = this.db.prepare("SELECT value FROM meta WHERE key = 'version'").get() as { value: string } | undefined;
    if (version === undefined) this.db.prepare("INSERT INTO meta (key, value) VALUES ('version', ?)").run(String(FLEET_JOB_FILE_VERSION));
    else if (Number(version.value) !== FLEET_JOB_FILE_VERSION) {
      this.db.close();
      throw new Error(`${path} is a fleet job file of version ${version.value}; this ground reads version ${FLEET_JOB_FILE_VERSION}`);
    }
  }

  /** Opens (or creates) the file; throws with the reason when it cannot. */
  static open(path: string): FleetJobFile {
    return new FleetJobFile(path);
  }

  /** What the file holds (nothing for a new file). */
  read(): StoredFleetJobs {
    const stateRow = this.db.prepare('SELECT state_json FROM broker WHERE id = 1').get() as { state_json: string } | undefined;
    const rows = this.db.prepare('SELECT id, submitted_by, state, job_json FROM fleet_jobs ORDER BY id').all() as Array<{
      id: number;
      submitted_by: string;
      state: string;
      job_json: string;
    }>;
    for (const row of rows) if (!FINISHED.has(row.state)) this.written.set(row.id, row.job_json);
    this.writtenState = stateRow?.state_json ?? '';
    return {
      state: stateRow ? (JSON.parse(stateRow.state_json, reviver) as BrokerState) : null,
      jobs: rows.map((row) => JSON.parse(row.job_json, reviver) as FleetJob),
      submittedBy: new Map(rows.map((row) => [row.id, row.submitted_by])),
    };
  }

  /** Writes those of the jobs given that changed since last written, and the broker's state, in one transaction. */
  write(state: BrokerState, jobs: Iterable<FleetJob>, submittedBy: (id: number) => string): void {
    const changed: Array<{ job: FleetJob; json: string }> = [];
    for (const job of jobs) {
      const json = JSON.stringify(job, replacer);
      if (this.written.get(job.id) !== json) changed.push({ job, json });
    }
    const stateJson = JSON.stringify(state, replacer);
    if (changed.length === 0 && stateJson === this.writtenState) return;
    const upsert = this.db.prepare(
      'INSERT INTO fleet_jobs (id, submitted_by, state, job_json) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, job_json = excluded.job_json',
    );
    const saveState = this.db.prepare('INSERT INTO broker (id, state_json) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET state_json = excluded.state_json');
    this.db.transaction(() => {
      for (const { job, json } of changed) upsert.run(job.id, submittedBy(job.id), job.state, json);
      saveState.run(stateJson);
    })();
    for (const { job, json } of changed) {
      if (FINISHED.has(job.state)) this.written.delete(job.id);
      else this.written.set(job.id, json);
    }
    this.writtenState = stateJson;
  }

  close(): void {
    this.db.close();
  }
}
