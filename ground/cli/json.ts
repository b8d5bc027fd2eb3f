/** Plain-JSON forms of decoded values: byte strings as {"$hex": "..."}, bigints as decimal text. */
import { toHex } from '../../protocol/index.js';

export function toJsonValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $hex: toHex(value) };
  if (typeof value === 'bigint') return value.toString(10);
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toJsonValue(inner)]));
  }
  return value;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(toJsonValue(value), null, 2)}\n`);
}
