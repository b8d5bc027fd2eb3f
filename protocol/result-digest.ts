/**
 * The digest of a job's result, as job_summary carries it (ICD section 14a):
 * SHA-256 over the result's octets, as lower-case hex. One definition for
 * the flight software that reports it, the ground that checks the chunks
 * against it, and the simulations that compare it with the golden result.
 */
import { createHash } from 'node:crypto';

export function resultDigestHex(result: Uint8Array): string {
  return createHash('sha256').update(result).digest('hex');
}
