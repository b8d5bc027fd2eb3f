/**
 * fast-check arbitraries for values valid under the dictionary's JSON Schema
 * subset: integer, number, boolean, string (enum, maxLength, pattern), array,
 * object (properties, required, additionalProperties false) and the "bytes"
 * extension. Anything else is a test bug and throws.
 */

import fc from 'fast-check';
import type { JsonSchema } from '../../protocol/index.js';

export function arbitraryOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.bytes !== undefined) {
    const spec = schema.bytes === true ? {} : (schema.bytes as { minLength?: number; maxLength?: number });
    return fc.uint8Array({ minLength: spec.minLength ?? 0, maxLength: Math.min(spec.maxLength ?? 256, 256) });
  }
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.type)) return fc.oneof(...(schema.type as string[]).map((type) => arbitraryOf({ ...schema, type })));
  const min = schema.minimum as number | undefined;
  const max = schema.maximum as number | undefined;
  switch (schema.type) {
    case 'integer':
      // Up to 2^53 - 1: what a CBOR integer carries in this protocol.
      return fc.bigInt({ min: BigInt(min ?? -(2 ** 53 - 1)), max: BigInt(max ?? 2 ** 53 - 1) }).map(Number);
    case 'number':
      return fc.oneof(
        fc.double({ min: min ?? -1e12, max: max ?? 1e12, noNaN: true, noDefaultInfinity: true }).map((value) => (Object.is(value, -0) ? 0 : value)),
        fc.integer({ min: Math.ceil(min ?? -1e6), max: Math.floor(max ?? 1e6) }),
      );
    case 'boolean':
      return fc.boolean();
    case 'string':
      if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern));
      // One unit is one code point, as JSON Schema counts maxLength.
      return fc.string({ unit: 'binary', maxLength: (schema.maxLength as number | undefined) ?? 64 });
    case 'array':
      return fc.array(arbitraryOf(schema.items as JsonSchema), { maxLength: Math.min((schema.maxItems as number | undefined) ?? 16, 16) });
    case 'object': {
      if (schema.properties === undefined) {
        // A free-form map (routine arguments): small, of scalars.
        const scalarValue = fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 16 }));
        return fc.dictionary(
          fc.string({ minLength: 1, maxLength: 12 }).filter((key) => key !== '__proto__'),
          scalarValue,
          { maxKeys: Math.min((schema.maxProperties as number | undefined) ?? 8, 8) },
        );
      }
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required ?? []) as string[]);
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, inner] of Object.entries(properties)) shape[name] = arbitraryOf(inner);
      return fc.record(shape, { requiredKeys: [...required] });
    }
    default:
      throw new Error(`schema-arbitrary: unsupported schema ${JSON.stringify(schema)}`);
  }
}
