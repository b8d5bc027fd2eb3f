/**
 * Builders for field declarations. They only shorten the declarations: what
 * they return is plain data (a JSON Schema with a description, unit, limits).
 * Their types also carry the TypeScript type of the value the field holds
 * (FieldDef<T>), and `optional: true` makes an optional field, so that the
 * typed views of protocol/dictionary/typed.ts follow from the declarations.
 */

import type { FieldDef, FieldsValue, JsonSchema, Limits, OptionalField } from './types.js';

interface NumberOptions {
  readonly min?: number;
  readonly max?: number;
  readonly unit?: string;
  readonly limits?: Limits;
  readonly optional?: boolean;
}

/** Options that make a field optional. */
type Optional = { readonly optional: true };

function withOptions<T>(schema: JsonSchema, description: string, options: NumberOptions = {}): FieldDef<T> {
  const bounded: Record<string, unknown> = { ...schema };
  if (options.min !== undefined) bounded.minimum = options.min;
  if (options.max !== undefined) bounded.maximum = options.max;
  return {
    schema: bounded,
    description,
    ...(options.unit !== undefined ? { unit: options.unit } : {}),
    ...(options.limits !== undefined ? { limits: options.limits } : {}),
    ...(options.optional ? { optional: true } : {}),
  };
}

export function integer(description: string, options: NumberOptions & Optional): OptionalField<number>;
export function integer(description: string, options?: NumberOptions): FieldDef<number>;
export function integer(description: string, options?: NumberOptions): FieldDef<number> {
  return withOptions({ type: 'integer' }, description, options);
}

export function number(description: string, options: NumberOptions & Optional): OptionalField<number>;
export function number(description: string, options?: NumberOptions): FieldDef<number>;
export function number(description: string, options?: NumberOptions): FieldDef<number> {
  return withOptions({ type: 'number' }, description, options);
}

export function boolean(description: string, options: Optional): OptionalField<boolean>;
export function boolean(description: string, options?: { optional?: boolean }): FieldDef<boolean>;
export function boolean(description: string, options: { optional?: boolean } = {}): FieldDef<boolean> {
  return withOptions({ type: 'boolean' }, description, options);
}

interface TextOptions {
  readonly maxLength: number;
  readonly pattern?: string;
  readonly optional?: boolean;
}

export function text(description: string, options: TextOptions & Optional): OptionalField<string>;
export function text(description: string, options: TextOptions): FieldDef<string>;
export function text(description: string, options: TextOptions): FieldDef<string> {
  const schema: Record<string, unknown> = { type: 'string', maxLength: options.maxLength };
  if (options.pattern !== undefined) schema.pattern = options.pattern;
  return withOptions(schema, description, options);
}

/** One of the listed strings: the value's type is their union. */
export function choice<const V extends readonly string[]>(values: V, description: string, options: Optional): OptionalField<V[number]>;
export function choice<const V extends readonly string[]>(values: V, description: string, options?: { optional?: boolean }): FieldDef<V[number]>;
export function choice<const V extends readonly string[]>(values: V, description: string, options: { optional?: boolean } = {}): FieldDef<V[number]> {
  return withOptions({ type: 'string', enum: [...values] }, description, options);
}

interface BytesOptions {
  readonly maxBytes: number;
  readonly minBytes?: number;
  readonly optional?: boolean;
}

export function bytes(description: string, options: BytesOptions & Optional): OptionalField<Uint8Array>;
export function bytes(description: string, options: BytesOptions): FieldDef<Uint8Array>;
export function bytes(description: string, options: BytesOptions): FieldDef<Uint8Array> {
  const spec: Record<string, number> = { maxLength: options.maxBytes };
  if (options.minBytes !== undefined) spec.minLength = options.minBytes;
  return withOptions({ bytes: spec }, description, options);
}

interface ListOptions {
  readonly maxItems: number;
  readonly unit?: string;
  readonly optional?: boolean;
}

export function list<T>(item: FieldDef<T>, description: string, options: ListOptions & Optional): OptionalField<readonly T[]>;
export function list<T>(item: FieldDef<T>, description: string, options: ListOptions): FieldDef<readonly T[]>;
export function list<T>(item: FieldDef<T>, description: string, options: ListOptions): FieldDef<readonly T[]> {
  return withOptions({ type: 'array', items: item.schema, maxItems: options.maxItems }, description, options);
}

/** A 64-bit unsigned number carried as decimal text (CBOR integers stop at 2^53 here). */
export function uint64Text(description: string): FieldDef<string> {
  return text(description, { maxLength: 20, pattern: '^[0-9]{1,20}$' });
}

/** A nested object with its own fields (for list items and reports). */
export function struct<const F extends Readonly<Record<string, FieldDef>>>(fields: F, description: string, options: Optional): OptionalField<FieldsValue<F>>;
export function struct<const F extends Readonly<Record<string, FieldDef>>>(
  fields: F,
  description: string,
  options?: { optional?: boolean },
): FieldDef<FieldsValue<F>>;
export function struct<const F extends Readonly<Record<string, FieldDef>>>(
  fields: F,
  description: string,
  options: { optional?: boolean } = {},
): FieldDef<FieldsValue<F>> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, field] of Object.entries(fields)) {
    properties[name] = field.schema;
    if (!field.optional) required.push(name);
  }
  return withOptions({ type: 'object', properties, required, additionalProperties: false }, description, options);
}

/** Any map of at most maxProperties entries, checked by whoever uses it (the arguments of another command). */
export function map(description: string, options: { readonly maxProperties: number } & Optional): OptionalField<Readonly<Record<string, unknown>>>;
export function map(description: string, options: { readonly maxProperties: number; readonly optional?: boolean }): FieldDef<Readonly<Record<string, unknown>>>;
export function map(
  description: string,
  options: { readonly maxProperties: number; readonly optional?: boolean },
): FieldDef<Readonly<Record<string, unknown>>> {
  return { schema: { type: 'object', maxProperties: options.maxProperties }, description, ...(options.optional ? { optional: true } : {}) };
}

/** A number, a boolean or a text (parameter values). */
export function scalar(description: string, options: { maxLength: number }): FieldDef<number | boolean | string> {
  return withOptions({ type: ['number', 'boolean', 'string'], maxLength: options.maxLength }, description);
}
