/**
 * What a parameter is and which values it takes. The checks here are the
 * only validation of parameter values; their messages name the parameter
 * and its allowed values, for the operator.
 */

import { accept, fail, type Outcome } from '../../protocol/index.js';

export type ParamType = 'number' | 'integer' | 'boolean' | 'string';
export type ParamValue = number | boolean | string;

export interface ParamDef {
  /** Dotted lower-camel path, for example "power.socFloorPct" (unit last). */
  readonly name: string;
  readonly type: ParamType;
  /** Inclusive bounds, for 'number' and 'integer' only. */
  readonly min?: number;
  readonly max?: number;
  /** The allowed values, for 'string' only. */
  readonly enum?: readonly string[];
  readonly default: ParamValue;
  /** Unit symbol, for example %, s, W, C. */
  readonly unit?: string;
  readonly description: string;
}

export const PARAM_TYPES: readonly ParamType[] = ['number', 'integer', 'boolean', 'string'];
export const PARAM_COUNT_MAX = 512;
export const PARAM_NAME_LENGTH_MAX = 64;
/** Longest string value, in UTF-16 code units, for a string parameter without an enum. */
export const PARAM_STRING_LENGTH_MAX = 256;
export const PARAM_ENUM_VALUES_MAX = 64;

const NAME_PATTERN = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/;

/** Throws (a programming error in the definitions) unless def is well formed and its default is one of its own values. */
export function checkParamDef(def: ParamDef): void {
  const name = def.name;
  if (name.length > PARAM_NAME_LENGTH_MAX || !NAME_PATTERN.test(name)) {
    throw new Error(`parameter name "${name}" must be dotted lower-camel words (for example power.socFloorPct), at most ${PARAM_NAME_LENGTH_MAX} characters`);
  }
  if (!PARAM_TYPES.includes(def.type)) throw new Error(`parameter ${name} has unknown type "${String(def.type)}"`);
  if (def.description.length === 0) throw new Error(`parameter ${name} needs a description`);
  const numeric = def.type === 'number' || def.type === 'integer';
  if (!numeric && (def.min !== undefined || def.max !== undefined)) throw new Error(`parameter ${name} is ${def.type}: min and max apply to numbers only`);
  for (const bound of [def.min, def.max]) {
    if (bound !== undefined && !Number.isFinite(bound)) throw new Error(`parameter ${name} has a bound that is not a finite number`);
  }
  if (def.min !== undefined && def.max !== undefined && def.min > def.max) throw new Error(`parameter ${name} has min ${def.min} above max ${def.max}`);
  if (def.enum !== undefined) {
    if (def.type !== 'string') throw new Error(`parameter ${name} is ${def.type}: enum applies to strings only`);
    if (def.enum.length === 0 || def.enum.length > PARAM_ENUM_VALUES_MAX)
      throw new Error(`parameter ${name} enum must list 1 to ${PARAM_ENUM_VALUES_MAX} values`);
    if (new Set(def.enum).size !== def.enum.length) throw new Error(`parameter ${name} enum lists a value twice`);
    if (def.enum.some((v) => v.length > PARAM_STRING_LENGTH_MAX)) throw new Error(`parameter ${name} enum value longer than ${PARAM_STRING_LENGTH_MAX}`);
  }
  const check = checkParamValue(def, def.default);
  if (!check.ok) throw new Error(`default: ${check.error}`);
}

/** The value, when def allows it; otherwise a message naming the parameter, what it takes and what it got. */
export function checkParamValue(def: ParamDef, value: unknown): Outcome<ParamValue> {
  // -0 becomes 0: CBOR stores it as the integer 0, and a loaded table must equal the saved one.
  if (allows(def, value)) return accept(value === 0 ? 0 : value);
  return fail(`parameter ${def.name} must be ${describeAllowed(def)}, got ${describeValue(value)}`);
}

function allows(def: ParamDef, value: unknown): value is ParamValue {
  switch (def.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      if (typeof value !== 'string') return false;
      return def.enum !== undefined ? def.enum.includes(value) : value.length <= PARAM_STRING_LENGTH_MAX;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      if (def.type === 'integer' && !Number.isSafeInteger(value)) return false;
      return (def.min === undefined || value >= def.min) && (def.max === undefined || value <= def.max);
  }
}

/** "an integer from 10 to 90 %", "one of SAFE, NOMINAL", "true or false". */
export function describeAllowed(def: ParamDef): string {
  switch (def.type) {
    case 'boolean':
      return 'true or false';
    case 'string':
      return def.enum !== undefined ? `one of ${def.enum.join(', ')}` : `a string of at most ${PARAM_STRING_LENGTH_MAX} characters`;
    case 'integer':
    case 'number': {
      const kind = def.type === 'integer' ? 'an integer' : 'a number';
      const unit = def.unit !== undefined ? ` ${def.unit}` : '';
      if (def.min !== undefined && def.max !== undefined) return `${kind} from ${def.min} to ${def.max}${unit}`;
      if (def.min !== undefined) return `${kind} of at least ${def.min}${unit}`;
      if (def.max !== undefined) return `${kind} of at most ${def.max}${unit}`;
      return def.type === 'integer' ? 'a whole number within ±2^53' : 'a finite number';
    }
  }
}

/** A short, printable account of any value, for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}... (${value.length} characters)` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Uint8Array) return `a byte string of ${value.length} bytes`;
  if (Array.isArray(value)) return `a list of ${value.length} items`;
  if (typeof value === 'object') return 'a map';
  return `a ${typeof value}`;
}
