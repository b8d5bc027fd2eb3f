/**
 * Builders for field declarations. They only shorten the declarations: what
 * they return is plain data (a JSON Schema with a description, unit, limits).
 */

import type { FieldDef, JsonSchema, Limits } from './types.js';

interface NumberOptions {
  readonly min?: number;
  readonly max?: number;
  readonly unit?: string;
  readonly limits?: Limits;
  readonly optional?: boolean;
}

function withOptions(schema: JsonSchema, description: string, options: NumberOptions = {}): FieldDef {
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

export function integer(description: string, options?: NumberOptions): FieldDef {
  return withOptions({ type: 'integer' }, description, options);
}

export function number(description: string, options?: NumberOptions): FieldDef {
  return withOptions({ type: 'number' }, description, options);
}

export function boolean(description: string, options: { optional?: boolean } = {}): FieldDef {
  return withOptions({ type: 'boolean' }, description, options);
}

export function text(description: string, options: { maxLength: number; pattern?: string; optional?: boolean }): FieldDef {
  const schema: Record<string, unknown> = { type: 'string', maxLength: options.maxLength };
  if (options.pattern !== undefined) schema.pattern = options.pattern;
  return withOptions(schema, description, options);
}

export function choice(values: readonly string[], description: string, options: { optional?: boolean } = {}): FieldDef {
  return withOptions({ type: 'string', enum: [...values] }, description, options);
}

export function bytes(description: string, options: { maxBytes: number; minBytes?: number; optional?: boolean }): FieldDef {
  const spec: Record<string, number> = { maxLength: options.maxBytes };
  if (options.minBytes !== undefined) spec.minLength = options.minBytes;
  return withOptions({ bytes: spec }, description, options);
}

export function list(item: FieldDef, description: string, options: { maxItems: number; unit?: string; optional?: boolean }): FieldDef {
  return withOptions({ type: 'array', items: item.schema, maxItems: options.maxItems }, description, options);
}

/** A 64-bit unsigned number carried as decimal text (CBOR integers stop at 2^53 here). */
export function uint64Text(description: string): FieldDef {
  return text(description, { maxLength: 20, pattern: '^[0-9]{1,20}$' });
}

/** A nested object with its own fields (for list items and reports). */
export function struct(fields: Readonly<Record<string, FieldDef>>, description: string, options: { optional?: boolean } = {}): FieldDef {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, field] of Object.entries(fields)) {
    properties[name] = field.schema;
    if (!field.optional) required.push(name);
  }
  return withOptions({ type: 'object', properties, required, additionalProperties: false }, description, options);
}

/** A number, a boolean or a text (parameter values). */
export function scalar(description: string, options: { maxLength: number }): FieldDef {
  return withOptions({ type: ['number', 'boolean', 'string'], maxLength: options.maxLength }, description);
}
