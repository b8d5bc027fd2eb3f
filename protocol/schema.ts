/**
 * The one ajv instance: JSON Schema 2020-12, plus the "bytes" keyword for CBOR
 * byte strings, which JSON Schema has no type for. A schema of
 * { "bytes": { "minLength": 0, "maxLength": 64 } } (or { "bytes": true })
 * accepts exactly a Uint8Array within those lengths; type "object" never does.
 */

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema } from './dictionary/types.js';

export type Validator = ValidateFunction;

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: false, strict: true, allowUnionTypes: true, messages: true });
  ajv.addKeyword({
    keyword: 'bytes',
    schemaType: ['boolean', 'object'],
    metaSchema: {
      anyOf: [
        { type: 'boolean' },
        {
          type: 'object',
          properties: { minLength: { type: 'integer', minimum: 0 }, maxLength: { type: 'integer', minimum: 0 } },
          additionalProperties: false,
        },
      ],
    },
    errors: true,
    validate: function validateBytes(spec: boolean | { minLength?: number; maxLength?: number }, data: unknown): boolean {
      const self = validateBytes as unknown as { errors: Partial<ErrorObject>[] };
      if (spec === false) return true;
      if (!(data instanceof Uint8Array)) {
        self.errors = [{ keyword: 'bytes', message: 'must be a byte string', params: {} }];
        return false;
      }
      const { minLength = 0, maxLength = Infinity } = spec === true ? {} : spec;
      if (data.length < minLength || data.length > maxLength) {
        self.errors = [{ keyword: 'bytes', message: `must be ${minLength}..${maxLength} bytes, is ${data.length}`, params: {} }];
        return false;
      }
      return true;
    },
  });
  return ajv;
}

const ajv = createAjv();

export function compileSchema(schema: JsonSchema): Validator {
  return ajv.compile(schema);
}

/** The first error of a failed validation as one readable line, for example "args.mode must be equal to one of the allowed values (SAFE, NOMINAL)". */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined, root: string): string {
  const error = errors?.[0];
  if (!error) return `${root} is invalid`;
  let where = root + error.instancePath.replace(/\//g, '.');
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties') {
    where = `${where}.${String(error.params.additionalProperty)}`;
    message = 'is not a known name';
  } else if (error.keyword === 'required') {
    where = `${where}.${String(error.params.missingProperty)}`;
    message = 'is required';
  } else if (error.keyword === 'enum') {
    message = `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
  }
  return `${where} ${message}`;
}
