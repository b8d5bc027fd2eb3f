/** Conditions on telemetry fields: parsed against the dictionary, evaluated against the latest values. */
import { accept, fail, missionDictionary, type FieldDef, type Outcome } from '../../protocol/index.js';
import { OPERATORS, type Condition, type Literal, type Operator } from './steps.js';

/** "packet.field" <op> <value>, each part checked against the dictionary's declaration. */
export function parseCondition(refText: string | undefined, opText: string | undefined, valueText: string | undefined): Outcome<Condition> {
  if (refText === undefined || opText === undefined || valueText === undefined) return fail('needs <packet.field> <op> <value>');
  const dot = refText.indexOf('.');
  if (dot <= 0) return fail(`"${refText}" is not packet.field`);
  const packet = refText.slice(0, dot);
  const field = refText.slice(dot + 1);
  const entry = missionDictionary().downlink(packet);
  if (entry?.kind !== 'telemetry') return fail(`unknown telemetry packet "${packet}"`);
  const def = entry.def.fields[field];
  if (!def) return fail(`${packet} has no field "${field}"; it has ${Object.keys(entry.def.fields).join(', ')}`);
  if (!(OPERATORS as readonly string[]).includes(opText)) return fail(`"${opText}" is not an operator (${OPERATORS.join(' ')})`);
  const op = opText as Operator;
  const value = parseLiteral(def, op, valueText);
  if (!value.ok) return fail(`${refText}: ${value.error}`);
  return accept({ ref: { packet, field }, op, value: value.value });
}

function parseLiteral(def: FieldDef, op: Operator, text: string): Outcome<Literal> {
  const type = def.schema.type;
  if (type === 'integer' || type === 'number') {
    const value = Number(text);
    return text.trim() !== '' && Number.isFinite(value) ? accept(value) : fail(`"${text}" is not a number`);
  }
  if (op !== '==' && op !== '!=') return fail(`only == and != compare a ${String(type)} field`);
  if (type === 'boolean') return text === 'true' || text === 'false' ? accept(text === 'true') : fail(`"${text}" is not true or false`);
  if (type === 'string') {
    const choices = def.schema.enum;
    return Array.isArray(choices) && !choices.includes(text) ? fail(`"${text}" is not one of ${choices.join(', ')}`) : accept(text);
  }
  return fail(`a ${String(type ?? 'structured')} field cannot be compared`);
}

export function holds(condition: Condition, actual: unknown): boolean {
  const expected = condition.value;
  if (typeof expected === 'number') {
    if (typeof actual !== 'number' || !Number.isFinite(actual)) return false;
    return compareNumbers(condition.op, actual, expected);
  }
  return condition.op === '==' ? actual === expected : actual !== expected;
}

function compareNumbers(op: Operator, a: number, b: number): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

export const describeCondition = (c: Condition) => `${c.ref.packet}.${c.ref.field} ${c.op} ${String(c.value)}`;
