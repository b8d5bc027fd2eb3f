/**
 * A job result handed to the user only once its SHA-256, computed here in
 * the browser, equals the digest the spacecraft reported: the one check the
 * jobs page and the fleet jobs section share.
 */
import { h } from './dom.js';

const hexBytes = (hex: string): Uint8Array<ArrayBuffer> => Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
const toHex = (bytes: ArrayBuffer): string => [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, '0')).join('');

/** Saves the result as `fileName` when its SHA-256 is `reportedHex`; what to tell the user either way. */
export async function downloadChecked(dataHex: string, reportedHex: string, fileName: string): Promise<{ readonly ok: boolean; readonly message: string }> {
  const bytes = hexBytes(dataHex);
  const digestHex = toHex(await crypto.subtle.digest('SHA-256', bytes));
  if (digestHex !== reportedHex) return { ok: false, message: `the result's SHA-256 ${digestHex} is not the reported ${reportedHex}` };
  const link = h('a', { href: URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' })), download: fileName });
  link.click();
  URL.revokeObjectURL(link.href);
  return { ok: true, message: `${bytes.length} bytes, SHA-256 ${digestHex} (matches the job summary)` };
}
