/**
 * The mission dictionary: the subsystems' declarations gathered, checked for
 * unique names, opcodes and ids, and indexed. Schemas compile once, on first
 * use, and are cached.
 */

import { compileSchema, type Validator } from '../schema.js';
import { commanding } from './commanding.js';
import { executive } from './executive.js';
import { jobs } from './jobs.js';
import { memory } from './memory.js';
import { power } from './power.js';
import { storage } from './storage.js';
import { telemetry } from './telemetry.js';
import { thermal } from './thermal.js';
import type { EventName, TelemetryName } from './typed.js';
import type { CommandDef, EventDef, Fields, JsonSchema, SubsystemDef, TelemetryDef } from './types.js';

export * from './text-fit.js';
export * from './types.js';
export type * from './typed.js';

export const SUBSYSTEMS: readonly SubsystemDef[] = [executive, commanding, telemetry, storage, power, thermal, memory, jobs];

export interface CommandEntry {
  readonly kind: 'command';
  readonly subsystem: SubsystemDef;
  readonly def: CommandDef;
  readonly schema: JsonSchema;
}

export interface TelemetryEntry {
  readonly kind: 'telemetry';
  readonly subsystem: SubsystemDef;
  readonly def: TelemetryDef;
  readonly schema: JsonSchema;
}

export interface EventEntry {
  readonly kind: 'event';
  readonly subsystem: SubsystemDef;
  readonly def: EventDef;
  readonly schema: JsonSchema;
}

/** What a telemetry packet's message id names: a telemetry packet or an event. */
export type DownlinkEntry = TelemetryEntry | EventEntry;

/** The JSON Schema of an object holding these fields. */
export function objectSchema(fields: Fields): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, field] of Object.entries(fields)) {
    properties[name] = field.schema;
    if (!field.optional) required.push(name);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

export class Dictionary {
  readonly subsystems: readonly SubsystemDef[];
  private readonly byApid = new Map<number, SubsystemDef>();
  private readonly commandsByName = new Map<string, CommandEntry>();
  private readonly commandsByOpcode = new Map<number, CommandEntry>();
  private readonly downlinkIds = new Map<number, DownlinkEntry>();
  private readonly downlinkNames = new Map<string, DownlinkEntry>();
  private readonly validators = new Map<JsonSchema, Validator>();

  /** Throws when two declarations collide: the dictionary is code, and a collision is a bug. */
  constructor(subsystems: readonly SubsystemDef[] = SUBSYSTEMS) {
    this.subsystems = subsystems;
    const names = new Set<string>();
    const unique = (name: string, what: string) => {
      if (names.has(name)) throw new Error(`dictionary: name "${name}" is declared twice (${what})`);
      names.add(name);
    };
    for (const subsystem of subsystems) {
      unique(subsystem.name, 'subsystem');
      if (this.byApid.has(subsystem.apid)) throw new Error(`dictionary: APID ${subsystem.apid} is declared twice`);
      this.byApid.set(subsystem.apid, subsystem);
      for (const def of subsystem.commands) {
        unique(def.name, 'command');
        if (this.commandsByOpcode.has(def.opcode)) throw new Error(`dictionary: opcode 0x${def.opcode.toString(16)} is declared twice`);
        const entry: CommandEntry = { kind: 'command', subsystem, def, schema: objectSchema(def.args) };
        this.commandsByName.set(def.name, entry);
        this.commandsByOpcode.set(def.opcode, entry);
      }
      const downlink: DownlinkEntry[] = [
        ...subsystem.telemetry.map((def): DownlinkEntry => ({ kind: 'telemetry', subsystem, def, schema: objectSchema(def.fields) })),
        ...subsystem.events.map((def): DownlinkEntry => ({ kind: 'event', subsystem, def, schema: objectSchema(def.args) })),
      ];
      for (const entry of downlink) {
        unique(entry.def.name, entry.kind);
        if (this.downlinkIds.has(entry.def.id)) throw new Error(`dictionary: telemetry id 0x${entry.def.id.toString(16)} is declared twice`);
        this.downlinkIds.set(entry.def.id, entry);
        this.downlinkNames.set(entry.def.name, entry);
      }
    }
  }

  subsystemByApid(apid: number): SubsystemDef | undefined {
    return this.byApid.get(apid);
  }

  command(name: string): CommandEntry | undefined {
    return this.commandsByName.get(name);
  }

  commandByOpcode(opcode: number): CommandEntry | undefined {
    return this.commandsByOpcode.get(opcode);
  }

  downlinkById(id: number): DownlinkEntry | undefined {
    return this.downlinkIds.get(id);
  }

  downlink(name: string): DownlinkEntry | undefined {
    return this.downlinkNames.get(name);
  }

  commands(): IterableIterator<CommandEntry> {
    return this.commandsByName.values();
  }

  downlinks(): IterableIterator<DownlinkEntry> {
    return this.downlinkNames.values();
  }

  /** The compiled validator of an entry's schema, compiled on first use. */
  validator(entry: { readonly schema: JsonSchema }): Validator {
    let validate = this.validators.get(entry.schema);
    if (!validate) {
      validate = compileSchema(entry.schema);
      this.validators.set(entry.schema, validate);
    }
    return validate;
  }
}

let shared: Dictionary | undefined;

/** The mission dictionary, built once per process. */
export function missionDictionary(): Dictionary {
  shared ??= new Dictionary();
  return shared;
}

/** The maxLength of one text field of a packet or event in the mission dictionary (for a copy kept on board, bounded as the packet is). */
export function fieldMaxLength(name: TelemetryName | EventName, field: string): number {
  const entry = missionDictionary().downlink(name);
  const properties = (entry?.schema.properties ?? {}) as Readonly<Record<string, JsonSchema>>;
  const maxLength = properties[field]?.maxLength;
  if (typeof maxLength !== 'number') throw new Error(`dictionary: ${name}.${field} is not a text field with a maxLength`);
  return maxLength;
}

export * from './commanding.js';
export * from './executive.js';
export * from './jobs.js';
export * from './memory.js';
export * from './power.js';
export * from './storage.js';
export * from './telemetry.js';
export * from './thermal.js';
