/**
 * Bounded retention: everything received more than retentionDays ago (wall
 * time of receipt) is deleted; commands only once final, jobs once not
 * updated for that long. The anti-replay sequence number is never deleted.
 */
import type { Db } from './database.js';

export const DAY_MS = 86_400_000;

export interface RetentionResult {
  readonly packets: number;
  readonly samples: number;
  readonly events: number;
  readonly commands: number;
  readonly jobs: number;
}

export function applyRetention(db: Db, nowMs: number, retentionDays: number): RetentionResult {
  const cutoffMs = nowMs - retentionDays * DAY_MS;
  return db.transaction((): RetentionResult => {
    const samples = db.prepare('DELETE FROM samples WHERE packet_id IN (SELECT id FROM packets WHERE received_at_ms < ?)').run(cutoffMs).changes;
    const packets = db.prepare('DELETE FROM packets WHERE received_at_ms < ?').run(cutoffMs).changes;
    const events = db.prepare('DELETE FROM events WHERE received_at_ms < ?').run(cutoffMs).changes;
    db.prepare('DELETE FROM command_stages WHERE command_id IN (SELECT id FROM commands WHERE final = 1 AND created_at_ms < ?)').run(cutoffMs);
    const commands = db.prepare('DELETE FROM commands WHERE final = 1 AND created_at_ms < ?').run(cutoffMs).changes;
    db.prepare('DELETE FROM job_chunks WHERE job_id IN (SELECT job_id FROM jobs WHERE updated_at_ms < ?)').run(cutoffMs);
    const jobs = db.prepare('DELETE FROM jobs WHERE updated_at_ms < ?').run(cutoffMs).changes;
    return { packets, samples, events, commands, jobs };
  })();
}
