/**
 * The dictionary as one JSON document for third-party tools: every command,
 * telemetry packet and event with its JSON Schema 2020-12 and field metadata,
 * plus the protocol constants a client needs.
 */

import { PROTOCOL_LIMITS } from '../limits.js';
import { MISSION_EPOCH_ISO } from '../time-code.js';
import { objectSchema, type Dictionary } from './index.js';
import type { Fields } from './types.js';

export const DICTIONARY_FORMAT = 'orbital-node-dictionary/1';

function describeFields(fields: Fields) {
  return Object.entries(fields).map(([name, field]) => ({
    name,
    description: field.description,
    ...(field.unit !== undefined ? { unit: field.unit } : {}),
    ...(field.limits !== undefined ? { limits: field.limits } : {}),
    optional: field.optional === true,
    schema: field.schema,
  }));
}

function schemaDocument(fields: Fields) {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...objectSchema(fields) };
}

export function dictionaryDocument(dictionary: Dictionary) {
  return {
    format: DICTIONARY_FORMAT,
    notes: [
      'Schemas are JSON Schema 2020-12. The extension keyword "bytes" ({"minLength", "maxLength"} or true) marks a CBOR byte string.',
      'The packet layout, CRC, MAC and CBOR rules are in docs/protocol.md.',
    ],
    protocol: { missionEpochUtc: MISSION_EPOCH_ISO, limits: PROTOCOL_LIMITS },
    subsystems: dictionary.subsystems.map((subsystem) => ({
      name: subsystem.name,
      apid: subsystem.apid,
      description: subsystem.description,
      commands: subsystem.commands.map((def) => ({
        name: def.name,
        opcode: def.opcode,
        hazardous: def.hazardous,
        role: def.role,
        description: def.description,
        args: describeFields(def.args),
        schema: schemaDocument(def.args),
      })),
      telemetry: subsystem.telemetry.map((def) => ({
        name: def.name,
        id: def.id,
        class: def.class,
        description: def.description,
        fields: describeFields(def.fields),
        schema: schemaDocument(def.fields),
      })),
      events: subsystem.events.map((def) => ({
        name: def.name,
        id: def.id,
        severity: def.severity,
        message: def.message,
        args: describeFields(def.args),
        schema: schemaDocument(def.args),
      })),
    })),
  };
}
