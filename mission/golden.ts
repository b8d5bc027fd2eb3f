/**
 * The simulator's golden result of a job as the ground receives it: the
 * kernel rerun on the job's pristine inputs, fault-free; for a job verified
 * by ABFT the checksum row and column removed (the runner reports C, not
 * A'B'). The digest is SHA-256, hex, as in job_summary. The simulator keeps
 * the truth of its last jobHistoryMax jobs only: take the digest while the
 * job is recent (when its run ends on the device).
 */
import { stripChecksums } from '../fsw/jobs/abft.js';
import { resultDigestHex } from '../protocol/index.js';
import type { Spacecraft } from '../sim-hw/index.js';

export interface GoldenDigests {
  /** SHA-256 of the device's fault-free output. */
  readonly rawHex: string;
  /** For a matmul: of the output without its checksum row and column (ABFT); else the same as rawHex. */
  readonly strippedHex: string;
}

/** Both digests of a job's golden result, or null when the simulator does not know the job (never ran, or too old). */
export function goldenDigests(spacecraft: Spacecraft, jobId: number, kind: string, size: number): GoldenDigests | null {
  const golden = spacecraft.goldenResult(jobId);
  if (golden === null) return null;
  const rawHex = resultDigestHex(golden);
  return { rawHex, strippedHex: kind === 'matmul' ? resultDigestHex(stripChecksums(golden, size, size)) : rawHex };
}

/** The digest the ground should see for a job verified by `verification`. */
export function expectedDigest(golden: GoldenDigests, verification: string | undefined, kind: string): string {
  const abft = (verification ?? (kind === 'matmul' ? 'abft' : 'redundant')) === 'abft';
  return abft ? golden.strippedHex : golden.rawHex;
}
