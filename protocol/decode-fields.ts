/**
 * A packet's user data to its checked fields: the decoder generated for the
 * packet type first, and where it declines, the generic path (CBOR limits
 * scan, cbor-x, ajv), which also gives every rejection and its message.
 */

import { decodeCbor } from './cbor-codec.js';
import type { Dictionary, JsonSchema } from './dictionary/index.js';
import { accept, reject, type Result } from './result.js';
import { describeErrors } from './schema.js';
import { typedDecoderOf } from './typed-decoder.js';

/** What the fields are checked against: a dictionary entry (its name goes into the message). */
export interface FieldsEntry {
  readonly def: { readonly name: string };
  readonly schema: JsonSchema;
}

/** 'fields' for telemetry and events, 'args' for telecommands. */
export type FieldsRoot = 'fields' | 'args';

/** bytes[start, end) decoded and validated against the entry's schema. Never throws. */
export function decodeFields(
  dictionary: Dictionary,
  entry: FieldsEntry,
  bytes: Uint8Array,
  view: DataView,
  start: number,
  end: number,
  root: FieldsRoot,
): Result<Record<string, unknown>> {
  const fields = typedDecoderOf(entry.schema)?.(bytes, view, start, end) ?? null;
  return fields === null ? decodeFieldsGeneric(dictionary, entry, bytes, start, end, root) : accept(fields);
}

/** The generic path alone: the reference the generated decoders are tested against. */
export function decodeFieldsGeneric(
  dictionary: Dictionary,
  entry: FieldsEntry,
  bytes: Uint8Array,
  start: number,
  end: number,
  root: FieldsRoot,
): Result<Record<string, unknown>> {
  const decoded = decodeCbor(bytes, start, end);
  if (!decoded.ok) return decoded;
  const validate = dictionary.validator(entry);
  if (!validate(decoded.value))
    return reject(root === 'fields' ? 'fields-invalid' : 'args-invalid', `${entry.def.name}: ${describeErrors(validate.errors, root)}`);
  return decoded;
}
