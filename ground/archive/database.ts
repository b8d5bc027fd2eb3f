/**
 * The archive's SQLite file: opened through better-sqlite3 in WAL mode, the
 * schema created when missing. One file holds everything; ids increase with
 * receive time, which retention and the id cursors of the API rely on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** 2: commands name the user who sent them; events say whether the spacecraft or the ground raised them. */
export const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- Every telemetry packet and event received, as it came.
CREATE TABLE IF NOT EXISTS packets (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, apid INTEGER NOT NULL, sequence_count INTEGER NOT NULL,
  time_s REAL NOT NULL, received_at_ms INTEGER NOT NULL, raw BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS packets_received ON packets (received_at_ms);
CREATE INDEX IF NOT EXISTS packets_name ON packets (name, id);

-- One row per scalar field of a telemetry packet: kind n(umber), b(oolean), t(ext), j(son).
CREATE TABLE IF NOT EXISTS samples (
  packet_id INTEGER NOT NULL, param TEXT NOT NULL, packet TEXT NOT NULL, time_s REAL NOT NULL,
  kind TEXT NOT NULL, num REAL, txt TEXT, PRIMARY KEY (packet_id, param)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS samples_time ON samples (time_s);
CREATE INDEX IF NOT EXISTS samples_packet_time ON samples (packet, param, time_s);
-- No (param, time_s) index: a query by field name alone goes by time (samples_time); each index on samples costs ingest.
DROP INDEX IF EXISTS samples_param_time;

CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, severity TEXT NOT NULL, severity_rank INTEGER NOT NULL,
  message TEXT NOT NULL, args_json TEXT NOT NULL, time_s REAL NOT NULL, received_at_ms INTEGER NOT NULL,
  source TEXT NOT NULL DEFAULT 'spacecraft');
CREATE INDEX IF NOT EXISTS events_time ON events (time_s);
CREATE INDEX IF NOT EXISTS events_received ON events (received_at_ms);

CREATE TABLE IF NOT EXISTS commands (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, args_json TEXT NOT NULL, key_id INTEGER NOT NULL, seq TEXT NOT NULL,
  wrapper_seq TEXT, state TEXT NOT NULL, final INTEGER NOT NULL, created_at_ms INTEGER NOT NULL,
  created_time_s REAL NOT NULL, sent_at_ms INTEGER, transmissions INTEGER NOT NULL, at_s REAL, arm_id INTEGER,
  packet BLOB, user_name TEXT NOT NULL DEFAULT 'unknown');
CREATE INDEX IF NOT EXISTS commands_time ON commands (created_time_s);
CREATE INDEX IF NOT EXISTS commands_pending ON commands (final, id);

CREATE TABLE IF NOT EXISTS command_stages (
  id INTEGER PRIMARY KEY, command_id INTEGER NOT NULL, stage TEXT NOT NULL, code INTEGER NOT NULL,
  reason TEXT NOT NULL, detail TEXT, time_s REAL NOT NULL, received_at_ms INTEGER NOT NULL, duplicate INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS command_stages_command ON command_stages (command_id, id);

CREATE TABLE IF NOT EXISTS jobs (
  job_id INTEGER PRIMARY KEY, kind TEXT, state TEXT NOT NULL, detail TEXT, updated_time_s REAL NOT NULL,
  updated_at_ms INTEGER NOT NULL, summary_json TEXT, digest_hex TEXT, chunks INTEGER, result_complete INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS jobs_updated ON jobs (updated_at_ms);

-- The ground's alarms (limits, events of warning and above) with who acknowledged or shelved them.
CREATE TABLE IF NOT EXISTS alarms (key TEXT PRIMARY KEY, record_json TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS job_chunks (
  job_id INTEGER NOT NULL, chunk INTEGER NOT NULL, chunks INTEGER NOT NULL, data BLOB NOT NULL,
  received_at_ms INTEGER NOT NULL, PRIMARY KEY (job_id, chunk)) WITHOUT ROWID;
`;

/**
 * Opens (creating when missing) the archive file; throws with the path when
 * it cannot. Read-only: the file must exist and be an archive of this
 * version (nothing is created or migrated).
 */
export function openDatabase(path: string, readonly = false): Db {
  if (readonly) return openReadOnly(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // Inside WAL, NORMAL syncs at checkpoints only: a power cut may lose the last commits, never consistency.
  db.pragma('synchronous = NORMAL');
  // A checkpoint (and its fsync) every 10,000 pages (40 MB of WAL) rather than 1,000: ingest spends less time syncing.
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('foreign_keys = OFF');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== 0 && version !== 1 && version !== SCHEMA_VERSION) {
    db.close();
    throw new Error(`archive ${path} has schema version ${version}; this ground reads versions 1 and ${SCHEMA_VERSION}`);
  }
  if (version === 1) {
    // Rows from before users and ground events: sent by "unknown", raised by the spacecraft.
    db.exec(`ALTER TABLE commands ADD COLUMN user_name TEXT NOT NULL DEFAULT 'unknown';
             ALTER TABLE events ADD COLUMN source TEXT NOT NULL DEFAULT 'spacecraft';`);
  }
  db.exec(SCHEMA);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  return db;
}

function openReadOnly(path: string): Db {
  let db: Db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`archive ${path} cannot be opened: ${(error as Error).message}`);
  }
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    db.close();
    throw new Error(`${path} is not a ground archive (${(error as Error).message})`);
  }
  if (version === SCHEMA_VERSION) return db;
  db.close();
  if (version === 0) throw new Error(`${path} is not a ground archive (no schema version)`);
  if (version === 1) return migratedCopy(path);
  throw new Error(`archive ${path} has schema version ${version}; this ground reads versions 1 and ${SCHEMA_VERSION}`);
}

/**
 * An older archive, read without changing it: a temporary copy brought up
 * to this version and opened read-only (the copy's name is unlinked at once;
 * the open file stays readable until it is closed).
 */
function migratedCopy(path: string): Db {
  const copy = join(mkdtempSync(join(tmpdir(), 'archive-v1-')), 'archive.sqlite');
  const source = new Database(path, { readonly: true, fileMustExist: true });
  try {
    source.exec(`VACUUM INTO '${copy.replace(/'/g, "''")}'`);
  } finally {
    source.close();
  }
  const migrated = openDatabase(copy);
  migrated.pragma('journal_mode = DELETE');
  migrated.close();
  const db = new Database(copy, { readonly: true, fileMustExist: true });
  rmSync(dirname(copy), { recursive: true, force: true });
  return db;
}

/** The highest id of a table (0 when empty): ids are given out by the archive before rows are written. */
export function maxId(db: Db, table: 'packets' | 'events' | 'commands' | 'command_stages'): number {
  const row = db.prepare(`SELECT COALESCE(MAX(id), 0) AS id FROM ${table}`).get() as { id: number };
  return row.id;
}
