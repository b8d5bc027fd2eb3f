/**
 * Judging a run's result before anything is reported done:
 *   abft       (exact matmul) the checksums of C': accepted, corrected in
 *              place (one wrong element) or rejected;
 *   redundant  (inference, training, inexact matmul) the run's digest is
 *              voted against the earlier runs': two equal digests accept
 *              it, otherwise another run, up to `runsMax`.
 * Returns the ground's result bytes when accepted.
 */
import { resultDigestHex } from '../../protocol/index.js';
import { checkProduct, stripChecksums } from './abft.js';
import type { JobEntry } from './job-entry.js';

export type Verdict =
  | { readonly kind: 'accept'; readonly result: Uint8Array; readonly corrected: string | null }
  | { readonly kind: 'rerun'; readonly detail: string; readonly corruption: boolean }
  | { readonly kind: 'fail'; readonly detail: string };

export function judgeResult(entry: JobEntry, raw: Uint8Array, runsMax: number): Verdict {
  if (entry.verification === 'abft') {
    const n = entry.size;
    const bytes = raw.slice();
    const outcome = checkProduct(bytes, n, n);
    if (outcome.kind === 'ok') return { kind: 'accept', result: stripChecksums(bytes, n, n), corrected: null };
    if (outcome.kind === 'corrected') {
      return {
        kind: 'accept',
        result: stripChecksums(bytes, n, n),
        corrected: `ABFT corrected C[${outcome.row}][${outcome.col}] from ${outcome.was} to ${outcome.now}`,
      };
    }
    return { kind: 'rerun', detail: `ABFT: ${outcome.badRows} rows and ${outcome.badCols} columns disagree`, corruption: true };
  }
  const digest = resultDigestHex(raw);
  const agrees = entry.runDigests.includes(digest);
  entry.runDigests.push(digest);
  if (agrees) return { kind: 'accept', result: raw.slice(), corrected: null };
  const disagreement = entry.runDigests.length >= 2;
  if (entry.runDigests.length >= runsMax) return { kind: 'fail', detail: `no two of ${entry.runDigests.length} runs agree` };
  return {
    kind: 'rerun',
    detail: disagreement ? `run ${entry.runDigests.length} disagrees with the earlier runs` : 'first run done, second run to compare',
    corruption: disagreement,
  };
}
