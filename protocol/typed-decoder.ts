/**
 * A decoder generated once per packet type from its dictionary schema: one
 * pass over the CBOR bytes that reads the map the schema declares and checks
 * every field as it goes, with the field names and enumerated texts matched
 * as bytes against strings built at compile time.
 *
 * It only ever says "this is the value" or "not mine": it accepts a subset of
 * what the generic path (cbor-scan, cbor-x, ajv) accepts, giving the same
 * value, and anything else (a malformed or invalid packet, a non-canonical
 * or non-ASCII encoding, a schema keyword it does not know) goes to the
 * generic path, which gives the typed rejection and its message. So the
 * accept/reject behaviour and every error message stay those of the generic
 * path by construction; test/protocol/typed-decoder.test.ts checks the
 * subset claim on every packet type and on random and mutated bytes.
 */

import { DEFAULT_CBOR_LIMITS } from './cbor-scan.js';
import type { JsonSchema } from './dictionary/types.js';

/** Reads one value at the cursor, or returns NOT_MINE. */
type Reader = () => unknown;

const NOT_MINE: unique symbol = Symbol('not-mine');

// The cursor, module state: a decode is synchronous and never re-entered.
let src: Uint8Array = new Uint8Array(0);
let view: DataView = new DataView(src.buffer);
let pos = 0;
let end = 0;
let items = 0;
// The last head read: major type and argument.
let major = 0;
let argument = 0;
/** Bumped per decoded map, to mark the fields seen in it without allocating. */
let epoch = 0;

const TWO_POW_32 = 4294967296;
const { depthMax, itemsMax, textBytesMax } = DEFAULT_CBOR_LIMITS;

/** Reads one item head (counted against the item limit); false where the generic scan could refuse. */
function head(): boolean {
  if (pos >= end || ++items > itemsMax) return false;
  const initial = src[pos++]!;
  major = initial >>> 5;
  const info = initial & 0x1f;
  if (info < 24) {
    argument = info;
  } else if (info === 24) {
    if (pos >= end) return false;
    argument = src[pos++]!;
  } else if (info === 25) {
    if (end - pos < 2) return false;
    argument = (src[pos]! << 8) | src[pos + 1]!;
    pos += 2;
  } else if (info === 26) {
    if (end - pos < 4) return false;
    argument = view.getUint32(pos);
    pos += 4;
  } else if (info === 27) {
    if (end - pos < 8) return false;
    const high = view.getUint32(pos);
    if (high >= 0x200000) return false;
    argument = high * TWO_POW_32 + view.getUint32(pos + 4);
    if (major === 1 && argument === 2 ** 53 - 1) return false;
    pos += 8;
  } else {
    return false;
  }
  return true;
}

/** A number (any CBOR integer or float, as cbor-x decodes it), or NOT_MINE. */
function readNumber(): number | typeof NOT_MINE {
  if (pos >= end) return NOT_MINE;
  const initial = src[pos]!;
  if (initial === 0xfb) {
    if (end - pos < 9 || ++items > itemsMax) return NOT_MINE;
    const value = view.getFloat64(pos + 1);
    pos += 9;
    return value;
  }
  if (initial === 0xfa) {
    if (end - pos < 5 || ++items > itemsMax) return NOT_MINE;
    const value = view.getFloat32(pos + 1);
    pos += 5;
    return value;
  }
  if (initial === 0xf9) {
    if (end - pos < 3 || ++items > itemsMax) return NOT_MINE;
    const value = half(src[pos + 1]!, src[pos + 2]!);
    pos += 3;
    return value;
  }
  if (!head()) return NOT_MINE;
  if (major === 0) return argument;
  if (major === 1) return -1 - argument;
  return NOT_MINE;
}

/** IEEE 754 binary16, finite values only (the others are refused by every number field). */
function half(byte0: number, byte1: number): number {
  const exponent = (byte0 >> 2) & 0x1f;
  if (exponent === 0x1f) return Number.NaN;
  const mantissa = ((byte0 & 3) << 8) | byte1;
  const magnitude = exponent === 0 ? mantissa / 2 ** 24 : (1 + mantissa / 1024) * 2 ** (exponent - 15);
  return byte0 & 0x80 ? -magnitude : magnitude;
}

/** An ASCII text string's bytes, or -1; pos is left after it. */
function textLength(): number {
  if (!head() || major !== 3 || argument > end - pos || argument > textBytesMax) return -1;
  for (let i = pos, stop = pos + argument; i < stop; i++) if (src[i]! >= 0x80) return -1;
  return argument;
}

function asciiAt(start: number, length: number): string {
  let text = '';
  for (let i = start, stop = start + length; i < stop; i++) text += String.fromCharCode(src[i]!);
  return text;
}

/**
 * A text string matched as bytes against known ASCII texts: the index of the
 * match, or -1. A match is ASCII (so valid UTF-8) without a check of its own.
 */
function matchText(candidates: readonly Uint8Array[], candidateWords: readonly Uint32Array[], first: number): number {
  if (!head() || major !== 3 || argument > end - pos) return -1;
  const length = argument;
  const at = pos;
  pos += length;
  const count = candidates.length;
  for (let k = 0, index = first; k < count; k++, index = index + 1 === count ? 0 : index + 1) {
    const candidate = candidates[index]!;
    if (candidate.length !== length) continue;
    // Four bytes at a time, then the tail.
    const words = candidateWords[index]!;
    let i = 0;
    for (let w = 0; w < words.length && view.getUint32(at + i) === words[w]; w++) i += 4;
    if (i < length - (length & 3)) continue;
    while (i < length && src[at + i] === candidate[i]) i++;
    if (i === length) return index;
  }
  return -1;
}

/** A known text's leading whole 4-byte words, big-endian. */
function wordsOf(text: Uint8Array): Uint32Array {
  const words = new Uint32Array(text.length >>> 2);
  const textView = new DataView(text.buffer, text.byteOffset, text.byteLength);
  for (let w = 0; w < words.length; w++) words[w] = textView.getUint32(w * 4);
  return words;
}

const ascii = (text: string): Uint8Array | null => (/^[\x00-\x7f]*$/.test(text) ? Uint8Array.from(text, (c) => c.charCodeAt(0)) : null);

const KNOWN: Readonly<Record<string, readonly string[]>> = {
  number: ['type', 'minimum', 'maximum'],
  integer: ['type', 'minimum', 'maximum'],
  boolean: ['type'],
  string: ['type', 'maxLength', 'pattern', 'enum'],
  array: ['type', 'items', 'maxItems'],
  object: ['type', 'properties', 'required', 'additionalProperties'],
  bytes: ['bytes'],
};

const numberOr = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);

/** The reader of one schema, or null when the schema uses anything this compiler does not handle (the generic path then decodes it). */
export function compileReader(schema: JsonSchema, level = 1): Reader | null {
  const kind = schema.bytes !== undefined && schema.type === undefined ? 'bytes' : schema.type;
  if (typeof kind !== 'string') return null;
  const known = KNOWN[kind];
  if (!known || Object.keys(schema).some((keyword) => !known.includes(keyword))) return null;
  const min = numberOr(schema.minimum, Number.NEGATIVE_INFINITY);
  const max = numberOr(schema.maximum, Number.POSITIVE_INFINITY);
  switch (kind) {
    case 'number':
      return () => {
        const value = readNumber();
        // ajv in strict mode: a number is finite.
        return value !== NOT_MINE && Number.isFinite(value) && value >= min && value <= max ? value : NOT_MINE;
      };
    case 'integer':
      return () => {
        const value = readNumber();
        return value !== NOT_MINE && Number.isFinite(value) && value % 1 === 0 && value >= min && value <= max ? value : NOT_MINE;
      };
    case 'boolean':
      return () => {
        if (pos >= end || ++items > itemsMax) return NOT_MINE;
        const initial = src[pos++]!;
        return initial === 0xf5 ? true : initial === 0xf4 ? false : NOT_MINE;
      };
    case 'string':
      return compileText(schema);
    case 'bytes':
      return compileBytes(schema.bytes);
    case 'array':
      return compileArray(schema, level);
    default:
      return compileObject(schema, level);
  }
}

function compileText(schema: JsonSchema): Reader | null {
  if (schema.enum !== undefined) {
    if (!Array.isArray(schema.enum) || schema.maxLength !== undefined || schema.pattern !== undefined) return null;
    const values = schema.enum as unknown[];
    if (!values.every((value) => typeof value === 'string')) return null;
    const encoded = values.map((value) => ascii(value as string));
    if (encoded.some((bytes) => bytes === null)) return null;
    const candidates = encoded as Uint8Array[];
    const candidateWords = candidates.map(wordsOf);
    return () => {
      const index = matchText(candidates, candidateWords, 0);
      return index < 0 ? NOT_MINE : values[index];
    };
  }
  const maxLength = numberOr(schema.maxLength, Number.POSITIVE_INFINITY);
  if (schema.pattern !== undefined && typeof schema.pattern !== 'string') return null;
  // As ajv compiles it (unicodeRegExp).
  const pattern = schema.pattern === undefined ? null : new RegExp(schema.pattern as string, 'u');
  return () => {
    const length = textLength();
    // Only ASCII here, so the byte count is ajv's code point count.
    if (length < 0 || length > maxLength) return NOT_MINE;
    const text = asciiAt(pos, length);
    pos += length;
    return pattern === null || pattern.test(text) ? text : NOT_MINE;
  };
}

function compileBytes(spec: unknown): Reader | null {
  if (spec === false || spec === null || (typeof spec !== 'object' && spec !== true)) return null;
  const bounds = spec === true ? {} : (spec as { minLength?: unknown; maxLength?: unknown });
  if (Object.keys(bounds).some((keyword) => keyword !== 'minLength' && keyword !== 'maxLength')) return null;
  const minLength = numberOr(bounds.minLength, 0);
  const maxLength = numberOr(bounds.maxLength, Number.POSITIVE_INFINITY);
  return () => {
    if (!head() || major !== 2 || argument > end - pos || argument < minLength || argument > maxLength) return NOT_MINE;
    // A plain Uint8Array copy, as the generic path's decoder gives (never a view of the datagram, never a Buffer).
    const copy = new Uint8Array(argument);
    copy.set(src.subarray(pos, pos + argument));
    pos += argument;
    return copy;
  };
}

function compileArray(schema: JsonSchema, level: number): Reader | null {
  if (level > depthMax || typeof schema.items !== 'object' || schema.items === null) return null;
  const item = compileReader(schema.items as JsonSchema, level + 1);
  if (!item) return null;
  const maxItems = numberOr(schema.maxItems, Number.POSITIVE_INFINITY);
  return () => {
    if (!head() || major !== 4 || argument > maxItems || argument > end - pos) return NOT_MINE;
    const count = argument;
    const values: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const value = item();
      if (value === NOT_MINE) return NOT_MINE;
      values.push(value);
    }
    return values;
  };
}

function compileObject(schema: JsonSchema, level: number): Reader | null {
  if (level > depthMax || schema.additionalProperties !== false || typeof schema.properties !== 'object' || schema.properties === null) return null;
  const entries = Object.entries(schema.properties as Record<string, JsonSchema>);
  const names = entries.map(([name]) => name);
  const encoded = names.map(ascii);
  if (encoded.some((bytes) => bytes === null) || names.includes('__proto__')) return null;
  const keys = encoded as Uint8Array[];
  const keyWords = keys.map(wordsOf);
  const readers: Reader[] = [];
  for (const [, fieldSchema] of entries) {
    const reader = compileReader(fieldSchema, level + 1);
    if (!reader) return null;
    readers.push(reader);
  }
  const required = Array.isArray(schema.required) ? (schema.required as unknown[]) : [];
  if (!required.every((name) => typeof name === 'string' && names.includes(name))) return null;
  const requiredCount = required.length;
  const isRequired = names.map((name) => required.includes(name));
  const seenAt = new Float64Array(names.length).fill(-1);
  const count = names.length;
  const values: unknown[] = new Array(count).fill(undefined);
  const inOrder = literalOf(names);
  return () => {
    if (!head() || major !== 5 || argument * 2 > end - pos) return NOT_MINE;
    const pairs = argument;
    const mark = ++epoch;
    let requiredSeen = 0;
    // All fields: gathered in the scratch and built as one literal (a map cannot nest in a map of its own type).
    const value: Record<string, unknown> | null = pairs === count ? null : {};
    for (let i = 0; i < pairs; i++) {
      // Senders write the fields in declaration order: try the i-th name first.
      const index = matchText(keys, keyWords, i < count ? i : 0);
      // Unknown (or non-ASCII, or non-canonical) names and repeated names: the generic path says why.
      if (index < 0 || seenAt[index] === mark) return NOT_MINE;
      seenAt[index] = mark;
      if (isRequired[index]) requiredSeen++;
      const field = readers[index]!();
      if (field === NOT_MINE) return NOT_MINE;
      if (value !== null) value[names[index]!] = field;
      // Every field, but not in declaration order: rare enough for the generic path.
      else if (index !== i) return NOT_MINE;
      else values[i] = field;
    }
    if (requiredSeen !== requiredCount) return NOT_MINE;
    return value ?? inOrder(values);
  };
}

/**
 * Every field once, in declaration order (what our senders write): one
 * object literal, so every packet of a type shares one object shape, built
 * in wire order as the generic decoder builds it.
 */
function literalOf(names: readonly string[]): (values: readonly unknown[]) => Record<string, unknown> {
  const body = names.map((name, index) => `${JSON.stringify(name)}: values[${index}]`).join(', ');
  return new Function('values', `return { ${body} };`) as (values: readonly unknown[]) => Record<string, unknown>;
}

/** A packet type's decoder: bytes[start, end) to its checked fields, or null (then the generic path decides). */
export type TypedDecoder = (bytes: Uint8Array, bytesView: DataView, start: number, end: number) => Record<string, unknown> | null;

/** Generates the decoder of one schema; null when the schema is not one it handles. */
export function compileTypedDecoder(schema: JsonSchema): TypedDecoder | null {
  const top = schema.type === 'object' ? compileReader(schema) : null;
  if (!top) return null;
  return (bytes, bytesView, start, stop) => {
    src = bytes;
    view = bytesView;
    pos = start;
    end = stop;
    items = 0;
    let value: unknown;
    try {
      value = top();
    } catch {
      value = NOT_MINE;
    }
    // The datagram is not kept alive by the cursor.
    src = EMPTY;
    view = EMPTY_VIEW;
    return value !== NOT_MINE && pos === stop ? (value as Record<string, unknown>) : null;
  };
}

const EMPTY = new Uint8Array(0);
const EMPTY_VIEW = new DataView(EMPTY.buffer);

const decoders = new WeakMap<JsonSchema, TypedDecoder | null>();

/** The generated decoder of an entry's schema, generated on first use. */
export function typedDecoderOf(schema: JsonSchema): TypedDecoder | null {
  let decoder = decoders.get(schema);
  if (decoder === undefined) {
    decoder = compileTypedDecoder(schema);
    decoders.set(schema, decoder);
  }
  return decoder;
}
