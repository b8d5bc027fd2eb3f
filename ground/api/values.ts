/**
 * Values across the API boundary (contract.ts): byte strings travel as hex
 * text, 64-bit integers as decimal text. Commands' byte arguments may come
 * in as hex text or {"$hex": "..."} (the CLI's decoded form).
 */
import type { FieldDef } from '../../protocol/dictionary/types.js';
import { fromHex, toHex } from '../../protocol/hex.js';

/** A decoded value as plain JSON. */
export function toApiValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return toHex(value);
  if (typeof value === 'bigint') return value.toString(10);
  if (Array.isArray(value)) return value.map(toApiValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toApiValue(inner)]));
  return value;
}

/** Command arguments from JSON: hex text where the dictionary declares bytes; anything else unchanged. */
export function fromApiArgs(fields: Readonly<Record<string, FieldDef>>, args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    const field = fields[name];
    const hex = typeof value === 'string' ? value : (value as { $hex?: unknown } | null)?.$hex;
    out[name] = field?.schema.bytes !== undefined && typeof hex === 'string' ? (fromHex(hex) ?? value) : value;
  }
  return out;
}
