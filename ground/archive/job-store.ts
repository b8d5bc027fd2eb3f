/**
 * Jobs in the archive: job_state events and job_summary / job_list reports
 * folded into one row per job (a report older than what is known does not
 * win), and job_result chunks reassembled and checked against the summary's
 * SHA-256 digest. Writes go through the batch.
 */
import { accept, fail, resultDigestHex, toHex, type Outcome } from '../../protocol/index.js';
import type { JobRecord, JobResult } from '../api/contract.js';
import { toApiValue } from '../api/values.js';
import type { BatchWriter } from './batch.js';
import type { Db } from './database.js';

interface JobRow {
  job_id: number;
  kind: string | null;
  state: string;
  detail: string | null;
  updated_time_s: number;
  summary_json: string | null;
  digest_hex: string | null;
  chunks: number | null;
  result_complete: number;
  received: number;
}

const UNKNOWN_TIME_S = -1;

export class JobStore {
  private readonly upsertState;
  private readonly upsertSummary;
  private readonly ensureJob;
  private readonly insertChunk;

  constructor(
    private readonly db: Db,
    private readonly batch: BatchWriter,
  ) {
    const newer = 'WHERE excluded.updated_time_s >= jobs.updated_time_s';
    // A job_list entry carries no detail: the same state again keeps what a job_state event said and when.
    const sameStateNoDetail = 'excluded.state = jobs.state AND excluded.detail IS NULL';
    this.upsertState = db.prepare(
      `INSERT INTO jobs (job_id, state, detail, updated_time_s, updated_at_ms) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(job_id) DO UPDATE SET state = excluded.state,
         detail = CASE WHEN ${sameStateNoDetail} THEN jobs.detail ELSE excluded.detail END,
         updated_time_s = CASE WHEN ${sameStateNoDetail} THEN jobs.updated_time_s ELSE excluded.updated_time_s END,
         updated_at_ms = CASE WHEN ${sameStateNoDetail} THEN jobs.updated_at_ms ELSE excluded.updated_at_ms END ${newer}`,
    );
    this.upsertSummary = db.prepare(
      `INSERT INTO jobs (job_id, kind, state, detail, updated_time_s, updated_at_ms, summary_json, digest_hex, chunks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(job_id) DO UPDATE SET kind = excluded.kind, summary_json = excluded.summary_json, digest_hex = excluded.digest_hex, chunks = excluded.chunks,
         state = CASE WHEN excluded.updated_time_s >= jobs.updated_time_s THEN excluded.state ELSE jobs.state END,
         detail = CASE WHEN excluded.updated_time_s >= jobs.updated_time_s THEN excluded.detail ELSE jobs.detail END,
         updated_time_s = MAX(jobs.updated_time_s, excluded.updated_time_s), updated_at_ms = excluded.updated_at_ms`,
    );
    this.ensureJob = db.prepare(`INSERT OR IGNORE INTO jobs (job_id, state, updated_time_s, updated_at_ms) VALUES (?, 'unknown', ${UNKNOWN_TIME_S}, ?)`);
    this.insertChunk = db.prepare('INSERT OR REPLACE INTO job_chunks (job_id, chunk, chunks, data, received_at_ms) VALUES (?, ?, ?, ?, ?)');
  }

  /** A job_state event. */
  state(jobId: number, state: string, detail: string | undefined, timeS: number, receivedAtMs: number): void {
    this.batch.add(() => this.upsertState.run(jobId, state, detail ?? null, timeS, receivedAtMs));
  }

  /** A job_summary report (its digest, when present, is the SHA-256 of the whole result). */
  summary(data: Readonly<Record<string, unknown>>, timeS: number, receivedAtMs: number): void {
    const jobId = data.jobId as number;
    const digest = data.digest instanceof Uint8Array ? toHex(data.digest) : null;
    const chunks = typeof data.chunks === 'number' && data.chunks > 0 ? data.chunks : null;
    const detail = typeof data.detail === 'string' && data.detail !== '' ? data.detail : null;
    const kind = typeof data.kind === 'string' ? data.kind : null;
    const summaryJson = JSON.stringify(toApiValue(data));
    this.batch.add(() => {
      this.upsertSummary.run(jobId, kind, String(data.state ?? 'unknown'), detail, timeS, receivedAtMs, summaryJson, digest, chunks);
      this.checkResult(jobId);
    });
  }

  /** A job_list report: every array of {jobId, state} items in it. */
  list(data: Readonly<Record<string, unknown>>, timeS: number, receivedAtMs: number): void {
    for (const value of Object.values(data)) {
      if (!Array.isArray(value)) continue;
      for (const item of value as Array<Record<string, unknown>>) {
        if (typeof item?.jobId === 'number' && typeof item.state === 'string') this.state(item.jobId, item.state, undefined, timeS, receivedAtMs);
      }
    }
  }

  /** One job_result chunk. */
  chunk(data: Readonly<Record<string, unknown>>, receivedAtMs: number): void {
    const jobId = data.jobId as number;
    const chunks = data.chunks as number;
    this.batch.add(() => {
      this.ensureJob.run(jobId, receivedAtMs);
      this.insertChunk.run(jobId, data.chunk as number, chunks, data.data as Uint8Array, receivedAtMs);
      this.db.prepare('UPDATE jobs SET chunks = ? WHERE job_id = ? AND digest_hex IS NULL').run(chunks, jobId);
      this.checkResult(jobId);
    });
  }

  all(limit: number): JobRecord[] {
    this.batch.flush();
    return (this.db.prepare(`${this.select()} GROUP BY jobs.job_id ORDER BY jobs.job_id LIMIT ?`).all(limit) as JobRow[]).map(jobRecord);
  }

  get(jobId: number): JobRecord | undefined {
    this.batch.flush();
    const row = this.db.prepare(`${this.select()} WHERE jobs.job_id = ? GROUP BY jobs.job_id`).get(jobId) as JobRow | undefined;
    return row ? jobRecord(row) : undefined;
  }

  /** The verified result, or why not (the missing chunks, or a digest that does not match). undefined: no such job. */
  result(jobId: number): Outcome<JobResult> | undefined {
    const job = this.get(jobId);
    if (!job) return undefined;
    const row = this.db.prepare('SELECT digest_hex, chunks FROM jobs WHERE job_id = ?').get(jobId) as { digest_hex: string | null; chunks: number | null };
    if (row.chunks === null) return fail(`job ${jobId}: no result chunk or summary has come down yet (send get_result jobId=${jobId})`);
    const present = new Set(
      (this.db.prepare('SELECT chunk FROM job_chunks WHERE job_id = ? AND chunks = ?').all(jobId, row.chunks) as Array<{ chunk: number }>).map(
        (chunk) => chunk.chunk,
      ),
    );
    const missing = Array.from({ length: row.chunks }, (_, index) => index).filter((index) => !present.has(index));
    if (missing.length > 0)
      return fail(`job ${jobId}: ${missing.length} of ${row.chunks} result chunks missing (${abbreviate(missing)}); send get_result jobId=${jobId}`);
    if (row.digest_hex === null) return fail(`job ${jobId}: all ${row.chunks} chunks received, but no job_summary digest to check them against yet`);
    const data = this.assemble(jobId, row.chunks);
    const digestHex = resultDigestHex(data);
    if (digestHex !== row.digest_hex) return fail(`job ${jobId}: the result's SHA-256 ${digestHex} does not match the summary's ${row.digest_hex}`);
    return accept({ jobId, dataHex: toHex(data), digestHex });
  }

  private select(): string {
    return `SELECT jobs.*, COUNT(job_chunks.chunk) AS received FROM jobs LEFT JOIN job_chunks ON job_chunks.job_id = jobs.job_id AND job_chunks.chunks = jobs.chunks`;
  }

  private assemble(jobId: number, chunks: number): Uint8Array {
    const rows = this.db.prepare('SELECT data FROM job_chunks WHERE job_id = ? AND chunks = ? ORDER BY chunk').all(jobId, chunks) as Array<{ data: Buffer }>;
    return new Uint8Array(Buffer.concat(rows.map((row) => row.data)));
  }

  /** Inside a batch: marks the result complete when every chunk is in and the digest matches. */
  private checkResult(jobId: number): void {
    const row = this.db.prepare('SELECT digest_hex, chunks FROM jobs WHERE job_id = ?').get(jobId) as
      | { digest_hex: string | null; chunks: number | null }
      | undefined;
    if (!row || row.digest_hex === null || row.chunks === null) return;
    const received = (this.db.prepare('SELECT COUNT(*) AS n FROM job_chunks WHERE job_id = ? AND chunks = ?').get(jobId, row.chunks) as { n: number }).n;
    const complete = received === row.chunks && resultDigestHex(this.assemble(jobId, row.chunks)) === row.digest_hex;
    this.db.prepare('UPDATE jobs SET result_complete = ? WHERE job_id = ?').run(complete ? 1 : 0, jobId);
  }
}

function abbreviate(numbers: readonly number[]): string {
  return numbers.length <= 10 ? numbers.join(', ') : `${numbers.slice(0, 10).join(', ')}, ...`;
}

function jobRecord(row: JobRow): JobRecord {
  return {
    jobId: row.job_id,
    ...(row.kind !== null ? { kind: row.kind } : {}),
    state: row.state,
    ...(row.detail !== null ? { detail: row.detail } : {}),
    updatedTimeS: row.updated_time_s,
    ...(row.summary_json !== null ? { summary: JSON.parse(row.summary_json) as Record<string, unknown> } : {}),
    chunksReceived: row.received,
    chunks: row.chunks,
    resultComplete: row.result_complete !== 0,
  };
}
