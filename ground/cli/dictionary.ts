import { parseArgs } from 'node:util';
import { dictionaryDocument, missionDictionary, type FieldDef, type Fields } from '../../protocol/index.js';
import { EXIT } from './exit-codes.js';
import { printJson } from './json.js';

export const DICTIONARY_HELP = `Usage: ground dictionary [--json]

Prints every command, telemetry packet and event of the mission dictionary.
With --json, prints it as one JSON document (format orbital-node-dictionary/1)
with a JSON Schema 2020-12 for every message, for other tools to load.`;

const hex = (value: number, digits: number) => `0x${value.toString(16).padStart(digits, '0')}`;

function describeField(name: string, field: FieldDef): string {
  const schema = field.schema;
  let type: string;
  if (schema.bytes !== undefined) type = `bytes${typeof schema.bytes === 'object' ? `<=${(schema.bytes as { maxLength?: number }).maxLength}` : ''}`;
  else if (Array.isArray(schema.enum)) type = schema.enum.join('|');
  else type = String(schema.type);
  const range = schema.minimum !== undefined || schema.maximum !== undefined ? ` ${schema.minimum ?? ''}..${schema.maximum ?? ''}` : '';
  const unit = field.unit ? ` ${field.unit}` : '';
  const limits = field.limits
    ? ` limits[${[
        field.limits.redLow !== undefined ? `red<${field.limits.redLow}` : '',
        field.limits.yellowLow !== undefined ? `yellow<${field.limits.yellowLow}` : '',
        field.limits.yellowHigh !== undefined ? `yellow>${field.limits.yellowHigh}` : '',
        field.limits.redHigh !== undefined ? `red>${field.limits.redHigh}` : '',
      ]
        .filter(Boolean)
        .join(' ')}]`
    : '';
  return `      ${field.optional ? '[' : ''}${name}${field.optional ? ']' : ''}: ${type}${range}${unit}${limits}  ${field.description}`;
}

const describeFields = (fields: Fields) => Object.entries(fields).map(([name, field]) => describeField(name, field));

export function dictionaryVerb(argv: readonly string[]): number {
  const { values } = parseArgs({ args: [...argv], options: { json: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write(`${DICTIONARY_HELP}\n`);
    return EXIT.ok;
  }
  const dictionary = missionDictionary();
  if (values.json) {
    printJson(dictionaryDocument(dictionary));
    return EXIT.ok;
  }
  const lines: string[] = [];
  for (const subsystem of dictionary.subsystems) {
    lines.push(`${subsystem.name} (APID ${hex(subsystem.apid, 3)}): ${subsystem.description}`);
    lines.push('  commands:');
    for (const def of subsystem.commands) {
      const flags = `${def.hazardous ? ' HAZARDOUS (arm first)' : ''}${def.role !== 'operator' ? ` [${def.role}]` : ''}`;
      lines.push(`    ${def.name} ${hex(def.opcode, 4)}${flags}: ${def.description}`, ...describeFields(def.args));
    }
    lines.push('  telemetry:');
    for (const def of subsystem.telemetry) lines.push(`    ${def.name} ${hex(def.id, 4)} [${def.class}]: ${def.description}`, ...describeFields(def.fields));
    lines.push('  events:');
    for (const def of subsystem.events) lines.push(`    ${def.name} ${hex(def.id, 4)} [${def.severity}]: "${def.message}"`, ...describeFields(def.args));
    lines.push('');
  }
  process.stdout.write(lines.join('\n'));
  return EXIT.ok;
}
