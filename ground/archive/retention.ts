/**
 * Bounded retention, measured against the archive itself: what was received
 * more than retentionDays before the archive's newest row (by receive time)
 * is deleted; commands only once final, jobs once not updated for that long.
 * The wall clock plays no part, so an archive of another time (a mission run
 * with simulated receive times, a copy from last year) loses nothing on open
 * that is not that much older than its own newest row. The anti-replay
 * sequence number is never deleted.
 */
import type { Db } from './database.js';

export const DAY_MS = 86_400_000;

export interface RetentionResult {
  /** The receive time retention counted back from (the newest row's); null for an empty archive. */
  readonly newestMs: number | null;
  readonly cutoffMs: number | null;
  readonly packets: number;
  readonly samples: number;
  readonly events: number;
  readonly commands: number;
  readonly jobs: number;
}

/** The newest receive (or creation, or update) time of any row, null when there is none. */
export function newestRowMs(db: Db): number | null {
  const row = db
    .prepare(
      `SELECT MAX(t) AS newest FROM (
         SELECT MAX(received_at_ms) AS t FROM packets UNION ALL SELECT MAX(received_at_ms) FROM events
         UNION ALL SELECT MAX(created_at_ms) FROM commands UNION ALL SELECT MAX(updated_at_ms) FROM jobs)`,
    )
    .get() as { newest: number | null };
  return row.newest;
}

export function applyRetention(db: Db, retentionDays: number): RetentionResult {
  const newestMs = newestRowMs(db);
  if (newestMs === null) return { newestMs, cutoffMs: null, packets: 0, samples: 0, events: 0, commands: 0, jobs: 0 };
  const cutoffMs = newestMs - retentionDays * DAY_MS;
  return db.transaction((): RetentionResult => {
    const samples = db.prepare('DELETE FROM samples WHERE packet_id IN (SELECT id FROM packets WHERE received_at_ms < ?)').run(cutoffMs).changes;
    const packets = db.prepare('DELETE FROM packets WHERE received_at_ms < ?').run(cutoffMs).changes;
    const events = db.prepare('DELETE FROM events WHERE received_at_ms < ?').run(cutoffMs).changes;
    db.prepare('DELETE FROM command_stages WHERE command_id IN (SELECT id FROM commands WHERE final = 1 AND created_at_ms < ?)').run(cutoffMs);
    const commands = db.prepare('DELETE FROM commands WHERE final = 1 AND created_at_ms < ?').run(cutoffMs).changes;
    db.prepare('DELETE FROM job_chunks WHERE job_id IN (SELECT job_id FROM jobs WHERE updated_at_ms < ?)').run(cutoffMs);
    const jobs = db.prepare('DELETE FROM jobs WHERE updated_at_ms < ?').run(cutoffMs).changes;
    return { newestMs, cutoffMs, packets, samples, events, commands, jobs };
  })();
}

/** One line for the operator about what retention removed; null when it removed nothing. */
export function describeRetention(result: RetentionResult, retentionDays: number): string | null {
  const removed = result.packets + result.samples + result.events + result.commands + result.jobs;
  if (removed === 0 || result.cutoffMs === null || result.newestMs === null) return null;
  return (
    `retention (${retentionDays} days before the newest row, received ${new Date(result.newestMs).toISOString()}): removed what was received before ` +
    `${new Date(result.cutoffMs).toISOString()}: packets ${result.packets}, samples ${result.samples}, events ${result.events}, final commands ${result.commands}, jobs ${result.jobs}`
  );
}
