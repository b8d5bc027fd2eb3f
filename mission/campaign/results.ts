/**
 * No corrupted result reported as verified: each job_summary of a done job
 * that comes down carries a SHA-256 digest, compared with the digest of the
 * simulator's golden result (the kernel rerun on the job's pristine inputs,
 * fault-free; a matmul's checksum row and column removed, as the runner
 * reports it). The simulator keeps the truth of recent jobs only: a job it
 * no longer knows is counted as unchecked, not passed.
 */
import { expectedDigest, goldenDigests } from '../golden.js';
import type { DecodedTelemetry } from '../../protocol/index.js';
import type { Spacecraft } from '../../sim-hw/index.js';
import type { Violation } from './violation.js';

export interface SubmittedJob {
  readonly kind: string;
  readonly size: number;
}

export interface ResultTally {
  compared: number;
  unchecked: number;
}

/** Checks one job_summary (one check); returns a violation or null. */
export function checkResult(tm: DecodedTelemetry, jobs: ReadonlyMap<number, SubmittedJob>, spacecraft: Spacecraft, tally: ResultTally): Violation | null {
  if (tm.data.state !== 'done') return null;
  const jobId = tm.data.jobId as number;
  const broken = (detail: string): Violation => ({ invariant: 'no-corrupt-result-verified', timeS: tm.timeS, detail: `job ${jobId}: ${detail}` });
  const job = jobs.get(jobId);
  if (!job) return broken('reported done, but the ground never submitted it');
  const digest = tm.data.digest;
  if (!(digest instanceof Uint8Array)) return broken('done without a digest');
  const golden = goldenDigests(spacecraft, jobId, job.kind, job.size);
  if (golden === null) {
    tally.unchecked++;
    return null;
  }
  tally.compared++;
  const expected = expectedDigest(golden, tm.data.verification as string | undefined, job.kind);
  const reported = Buffer.from(digest).toString('hex');
  return reported === expected ? null : broken(`${job.kind} ${job.size}: digest ${reported.slice(0, 16)}... is not the golden ${expected.slice(0, 16)}...`);
}
