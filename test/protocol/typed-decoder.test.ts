import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { decodeFields, decodeFieldsGeneric, type FieldsEntry } from '../../protocol/decode-fields.js';
import { compileTypedDecoder, typedDecoderOf } from '../../protocol/typed-decoder.js';
import { encodeCbor, missionDictionary, type JsonSchema } from '../../protocol/index.js';

const dictionary = missionDictionary();
const entries: FieldsEntry[] = [...dictionary.downlinks(), ...dictionary.commands()];
const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The generated decoder accepts only what the generic path accepts, with the same value; decodeFields answers as the generic path, messages included. */
function agree(entry: FieldsEntry, bytes: Uint8Array): boolean {
  const generic = decodeFieldsGeneric(dictionary, entry, bytes, 0, bytes.length, 'fields');
  const typed = typedDecoderOf(entry.schema)?.(bytes, viewOf(bytes), 0, bytes.length) ?? null;
  if (typed !== null) {
    expect(generic.ok).toBe(true);
    if (generic.ok) {
      expect(typed).toStrictEqual(generic.value);
      expect(Object.keys(typed)).toStrictEqual(Object.keys(generic.value));
    }
  }
  expect(decodeFields(dictionary, entry, bytes, viewOf(bytes), 0, bytes.length, 'fields')).toStrictEqual(generic);
  return typed !== null;
}

/** Values a schema accepts (mostly), for the dictionary's keyword subset. */
function arbitraryOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -1e6;
  const max = typeof schema.maximum === 'number' ? schema.maximum : 1e6;
  if (schema.bytes !== undefined) {
    const spec = schema.bytes as { minLength?: number; maxLength?: number };
    return fc.uint8Array({ minLength: spec.minLength ?? 0, maxLength: Math.min(spec.maxLength ?? 64, 64) });
  }
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as string[]));
  switch (schema.type) {
    case 'integer':
      return fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) });
    case 'number':
      return fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, 2 ** 31)) }), fc.double({ min, max, noNaN: true }));
    case 'boolean':
      return fc.boolean();
    case 'string': {
      const maxLength = Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : 32, 40);
      if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).filter((text) => text.length <= maxLength);
      return fc.oneof(fc.string({ maxLength }), fc.string({ maxLength, unit: 'grapheme' }));
    }
    case 'array':
      return fc.array(arbitraryOf(schema.items as JsonSchema), { maxLength: Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 4, 4) });
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const record = Object.fromEntries(Object.entries(properties).map(([name, field]) => [name, arbitraryOf(field)]));
      return fc.record(record, { requiredKeys: (schema.required ?? []) as string[] });
    }
    default:
      return fc.oneof(fc.double({ noNaN: true }), fc.boolean(), fc.string({ maxLength: 8 }));
  }
}

const entryAndValue = fc.constantFrom(...entries).chain((entry) => fc.tuple(fc.constant(entry), arbitraryOf(entry.schema)));

describe('the decoder generated per packet type', () => {
  it('is generated for every packet type and event, and for every command but those with free-form arguments', () => {
    const declined = entries.filter((entry) => compileTypedDecoder(entry.schema) === null).map((entry) => entry.def.name);
    expect(declined).toStrictEqual(['routine_add', 'param_set']);
  });

  it('agrees with the generic decoder on every packet type (a sample of valid fields each)', () => {
    const generatedTook: string[] = [];
    for (const entry of entries) {
      const samples = fc.sample(arbitraryOf(entry.schema), { numRuns: 20, seed: 17 });
      let took = 0;
      for (const value of samples) if (agree(entry, new Uint8Array(encodeCbor(value as Record<string, unknown>)))) took++;
      if (took > 0) generatedTook.push(entry.def.name);
    }
    // Not a vacuous agreement: the generated decoder itself took valid fields of every type it was generated for.
    expect(generatedTook).toStrictEqual(entries.filter((entry) => compileTypedDecoder(entry.schema) !== null).map((entry) => entry.def.name));
  });

  test.prop([entryAndValue])('agrees with the generic decoder on random fields of every type', ([entry, value]) => {
    agree(entry, new Uint8Array(encodeCbor(value as Record<string, unknown>)));
  });

  test.prop([entryAndValue, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 })])(
    'agrees with the generic decoder on damaged encodings (never accepting what it refuses)',
    ([entry, value], edits) => {
      const bytes = new Uint8Array(encodeCbor(value as Record<string, unknown>));
      for (const [at, byte] of edits) bytes[at % bytes.length] = byte;
      agree(entry, bytes);
    },
  );

  test.prop([entryAndValue, fc.nat()])('agrees with the generic decoder on every truncation', ([entry, value], cut) => {
    const bytes = new Uint8Array(encodeCbor(value as Record<string, unknown>));
    agree(entry, bytes.subarray(0, cut % (bytes.length + 1)));
  });

  test.prop([fc.constantFrom(...entries), fc.uint8Array({ maxLength: 600 })])('agrees with the generic decoder on random bytes', (entry, bytes) => {
    agree(entry, bytes);
  });

  it('leaves repeated keys, foreign keys, tags and trailing bytes to the generic path and its message', () => {
    const entry = dictionary.downlink('power_hk')!;
    const bytes = new Uint8Array(encodeCbor(fc.sample(arbitraryOf(entry.schema), { numRuns: 1, seed: 3 })[0] as Record<string, unknown>));
    expect(agree(entry, bytes)).toBe(true);
    const trailing = new Uint8Array([...bytes, 0x00]);
    expect(agree(entry, trailing)).toBe(false);
    expect(decodeFields(dictionary, entry, trailing, viewOf(trailing), 0, trailing.length, 'fields')).toStrictEqual({
      ok: false,
      reason: 'cbor-invalid',
      detail: '1 bytes follow the CBOR map',
    });
    // {a: 1, a: 2} against a schema of a: the generic path says why.
    const schema = { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'], additionalProperties: false };
    const repeated = new Uint8Array([0xa2, 0x61, 0x61, 0x01, 0x61, 0x61, 0x02]);
    expect(compileTypedDecoder(schema)!(repeated, viewOf(repeated), 0, repeated.length)).toBeNull();
    const tagged = new Uint8Array([0xa1, 0x61, 0x61, 0xc1, 0x01]);
    expect(compileTypedDecoder(schema)!(tagged, viewOf(tagged), 0, tagged.length)).toBeNull();
    const foreign = new Uint8Array([0xa1, 0x61, 0x62, 0x01]);
    expect(compileTypedDecoder(schema)!(foreign, viewOf(foreign), 0, foreign.length)).toBeNull();
  });

  it('reads half, single and double floats and non-canonical integers as cbor-x does', () => {
    const entry: FieldsEntry = {
      def: { name: 'floats' },
      schema: { type: 'object', properties: { a: { type: 'number' } }, required: ['a'], additionalProperties: false },
    };
    const values = [
      [0xf9, 0x3e, 0x00], // half 1.5
      [0xf9, 0x00, 0x01], // half, smallest subnormal
      [0xf9, 0xfb, 0xff], // half -65504
      [0xf9, 0x7c, 0x00], // half Infinity: refused, as ajv refuses it
      [0xfa, 0x40, 0x49, 0x0f, 0xdb], // single pi
      [0xfb, 0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18], // double pi
      [0x19, 0x00, 0x05], // 5 in two bytes
      [0x3b, 0x00, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe], // -(2^53 - 1)
      [0x1b, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00], // 2^53: refused
    ];
    const accepted = values.map((value) => {
      const bytes = new Uint8Array([0xa1, 0x61, 0x61, ...value]);
      return agree(entry, bytes);
    });
    expect(accepted).toStrictEqual([true, true, true, false, true, true, true, true, false]);
  });

  it('takes the fields in any order, and optional fields left out', () => {
    const entry: FieldsEntry = {
      def: { name: 'order' },
      schema: {
        type: 'object',
        properties: { a: { type: 'integer' }, b: { type: 'boolean' }, c: { type: 'string', maxLength: 4 } },
        required: ['a', 'b'],
        additionalProperties: false,
      },
    };
    for (const value of [{ a: 1, b: true, c: 'x' }, { c: 'x', b: false, a: 2 }, { b: true, a: 3 }, { a: 4, b: true, c: 'toolong' }, { a: 4 }]) {
      agree(entry, new Uint8Array(encodeCbor(value)));
    }
  });
});
