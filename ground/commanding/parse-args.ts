/**
 * Operator arguments, "name=value" text, turned into typed command arguments
 * using the command's declared schema, with a message naming the argument for
 * anything that does not fit. The schema check proper follows in
 * buildTelecommand.
 */

import { fail, accept, fromHex, type CommandEntry, type FieldDef, type Outcome } from '../../protocol/index.js';

export function parseCommandArgs(entry: CommandEntry, words: readonly string[]): Outcome<Record<string, unknown>> {
  const args: Record<string, unknown> = {};
  const declared = entry.def.args;
  const names = Object.keys(declared);
  for (const word of words) {
    const equals = word.indexOf('=');
    if (equals <= 0) return fail(`"${word}" is not name=value (${entry.def.name} takes ${describeArgs(entry)})`);
    const name = word.slice(0, equals);
    const field = declared[name];
    if (!field) return fail(`${entry.def.name} has no argument "${name}"; it takes ${describeArgs(entry)}`);
    if (name in args) return fail(`argument "${name}" is given twice`);
    const value = parseValue(field, word.slice(equals + 1));
    if (!value.ok) return fail(`argument "${name}": ${value.error}`);
    args[name] = value.value;
  }
  const missing = names.filter((name) => !declared[name]!.optional && !(name in args));
  if (missing.length > 0) return fail(`${entry.def.name} needs ${missing.map((name) => `${name}=${placeholder(declared[name]!)}`).join(' ')}`);
  return accept(args);
}

function parseValue(field: FieldDef, text: string): Outcome<unknown> {
  const schema = field.schema;
  if (schema.bytes !== undefined) {
    const bytes = fromHex(text);
    return bytes ? accept(bytes) : fail(`"${text}" is not hex bytes`);
  }
  switch (schema.type) {
    case 'integer': {
      if (!/^-?(0x[0-9a-f]+|\d+)$/i.test(text)) return fail(`"${text}" is not an integer`);
      const value = Number(text.startsWith('-') ? -Number(text.slice(1)) : text);
      const [min, max] = [schema.minimum, schema.maximum].map((bound) => (typeof bound === 'number' ? bound : undefined));
      if (!Number.isSafeInteger(value) || (min !== undefined && value < min) || (max !== undefined && value > max)) {
        return fail(`${text} is out of range: ${min ?? -Number.MAX_SAFE_INTEGER}..${max ?? Number.MAX_SAFE_INTEGER}`);
      }
      return accept(value);
    }
    case 'number': {
      const value = text.trim() === '' ? NaN : Number(text);
      return Number.isFinite(value) ? accept(value) : fail(`"${text}" is not a number`);
    }
    case 'boolean':
      if (['true', 'on', 'yes', '1'].includes(text)) return accept(true);
      if (['false', 'off', 'no', '0'].includes(text)) return accept(false);
      return fail(`"${text}" is not true or false`);
    case 'string':
      if (Array.isArray(schema.enum) && !schema.enum.includes(text)) return fail(`"${text}" is not one of ${schema.enum.join(', ')}`);
      return accept(text);
    default:
      try {
        return accept(JSON.parse(text));
      } catch {
        return fail(`"${text}" is not JSON`);
      }
  }
}

function placeholder(field: FieldDef): string {
  const schema = field.schema;
  if (Array.isArray(schema.enum)) return `<${schema.enum.join('|')}>`;
  if (schema.bytes !== undefined) return '<hex>';
  return `<${String(schema.type ?? 'json')}${field.unit ? ` ${field.unit}` : ''}>`;
}

export function describeArgs(entry: CommandEntry): string {
  const parts = Object.entries(entry.def.args).map(([name, field]) => `${field.optional ? '[' : ''}${name}=${placeholder(field)}${field.optional ? ']' : ''}`);
  return parts.length > 0 ? parts.join(' ') : 'no arguments';
}
