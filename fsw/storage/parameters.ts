/**
 * The parameter table: every tunable of the flight software, typed and
 * bounded, changed only by whole valid commands, kept in NVM.
 *
 * Stored as one record holding the CBOR map { version, values }, values being
 * a map from parameter name to value.
 */

import { accept, fail, type Outcome } from '../../protocol/index.js';
import { PARAM_COUNT_MAX, checkParamDef, checkParamValue, describeValue, type ParamDef, type ParamValue } from './param-def.js';
import type { ValueStore } from './scoped-records.js';

export type { ParamDef, ParamType, ParamValue } from './param-def.js';

export interface ParamEntry {
  readonly def: ParamDef;
  readonly value: ParamValue;
  readonly isDefault: boolean;
}

export interface LoadedParameters {
  readonly table: ParameterTable;
  readonly source: 'nvm' | 'defaults';
  /** Why the stored table was not used; absent when it was, or when none was ever saved. */
  readonly problem?: string;
}

/** Problems listed in one message before "and N more". */
const PROBLEMS_LISTED_MAX = 3;

export class ParameterTable {
  private readonly defs = new Map<string, ParamDef>();
  private readonly values = new Map<string, ParamValue>();
  private changeCount = 0;

  /** All parameters at their defaults, version 0. Throws on duplicate names or a malformed definition. */
  constructor(defs: readonly ParamDef[]) {
    if (defs.length > PARAM_COUNT_MAX) throw new Error(`parameter table has ${defs.length} definitions, at most ${PARAM_COUNT_MAX}`);
    for (const def of defs) {
      if (this.defs.has(def.name)) throw new Error(`parameter ${def.name} is defined twice`);
      checkParamDef(def);
      this.defs.set(def.name, def);
      this.values.set(def.name, def.default === 0 ? 0 : def.default);
    }
  }

  /** Increases by one on every set or setMany that changes a value; restored by load. */
  get version(): number {
    return this.changeCount;
  }

  has(name: string): boolean {
    return this.defs.has(name);
  }

  /** The definition; throws for an unknown name. */
  def(name: string): ParamDef {
    const def = this.defs.get(name);
    if (!def) throw new Error(`unknown parameter ${name}`);
    return def;
  }

  /** For flight code: throws for an unknown name (a programming error). */
  get(name: string): ParamValue {
    // values holds exactly the defined names, none of them undefined
    const value = this.values.get(name);
    if (value === undefined) throw new Error(`unknown parameter ${name}`);
    return value;
  }

  getNumber(name: string): number {
    return this.typed(name, 'number');
  }

  getBoolean(name: string): boolean {
    return this.typed(name, 'boolean');
  }

  getString(name: string): string {
    return this.typed(name, 'string');
  }

  /** A string parameter whose value is one of `values` (its enum): throws otherwise (a programming error). */
  getChoice<const V extends readonly string[]>(name: string, values: V): V[number] {
    const value = this.typed(name, 'string');
    if (!values.includes(value)) throw new Error(`parameter ${name} is "${value}", not one of ${values.join(', ')}`);
    return value;
  }

  /** For commands from the ground: an unknown name is a typed failure. */
  tryGet(name: string): Outcome<ParamValue> {
    const value = this.values.get(name);
    return value === undefined ? fail(unknownName(name)) : accept(value);
  }

  /** Sets one parameter; an unknown name or invalid value changes nothing. */
  set(name: string, value: unknown): Outcome<void> {
    return this.setMany({ [name]: value });
  }

  /** Sets every entry or, when any is unknown or invalid, none. */
  setMany(entries: Readonly<Record<string, unknown>>): Outcome<void> {
    const checked = this.checkEntries(entries);
    if (!checked.ok) return fail(`${checked.error}; nothing changed`);
    let changed = false;
    for (const [name, value] of checked.value) {
      if (this.values.get(name) !== value) changed = true;
      this.values.set(name, value);
    }
    if (changed) this.changeCount++;
    return accept(undefined);
  }

  /** Every parameter's default, in definition order. */
  defaults(): Record<string, ParamValue> {
    const record: Record<string, ParamValue> = {};
    for (const def of this.defs.values()) record[def.name] = def.default;
    return record;
  }

  /** Every parameter with its current value, in definition order. */
  entries(): readonly ParamEntry[] {
    return [...this.defs.values()].map((def) => {
      const value = this.values.get(def.name)!;
      return { def, value, isDefault: value === def.default };
    });
  }

  /** Every parameter's current value, in definition order. */
  toRecord(): Record<string, ParamValue> {
    return Object.fromEntries(this.values);
  }

  /**
   * A table from defs holding the record's values. Validates the whole
   * record first: any unknown name or invalid value rejects all of it.
   * Parameters missing from the record take their defaults (so a parameter
   * added by a software update starts at its default). Version 0.
   */
  static fromRecord(defs: readonly ParamDef[], record: unknown): Outcome<ParameterTable> {
    const table = new ParameterTable(defs);
    if (!isPlainMap(record)) return fail(`a parameter table must be a map of names to values, got ${describeValue(record)}`);
    const checked = table.checkEntries(record);
    if (!checked.ok) return fail(`parameter table rejected whole: ${checked.error}`);
    for (const [name, value] of checked.value) table.values.set(name, value);
    return accept(table);
  }

  /** Writes { version, values } to the record. */
  save(store: ValueStore, recordId: string): Outcome<void> {
    return store.writeValue(recordId, { version: this.changeCount, values: this.toRecord() });
  }

  /**
   * The table saved in the record, or the defaults with the reason when the
   * record holds nothing usable (never saved: no problem; corrupt,
   * unreadable or invalid: the problem). Always succeeds: flight software
   * must start with some parameters. Throws for a record id not in the
   * store's layout or malformed definitions.
   */
  static load(defs: readonly ParamDef[], store: ValueStore, recordId: string): Outcome<LoadedParameters> {
    const defaults = new ParameterTable(defs);
    const corruptBefore = store.counters().corruptSlotsSeen;
    const stored = store.readValue(recordId);
    const withDefaults = (problem: string): Outcome<LoadedParameters> =>
      accept({ table: defaults, source: 'defaults', problem: `parameters from record "${recordId}" not used, defaults instead: ${problem}` });
    if (!stored.ok) return withDefaults(stored.error);
    if (stored.value === null) {
      if (store.counters().corruptSlotsSeen > corruptBefore) return withDefaults('both copies are corrupt');
      return accept({ table: defaults, source: 'defaults' });
    }
    const { version, values } = stored.value;
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
      return withDefaults(`the stored version must be a whole number of at least 0, got ${describeValue(version)}`);
    }
    const table = ParameterTable.fromRecord(defs, values);
    if (!table.ok) return withDefaults(table.error);
    table.value.changeCount = version;
    return accept({ table: table.value, source: 'nvm' });
  }

  /** The entries as validated values, or one message listing the problems. */
  private checkEntries(entries: Readonly<Record<string, unknown>>): Outcome<Map<string, ParamValue>> {
    const names = Object.keys(entries);
    if (names.length > this.defs.size) return fail(`${names.length} parameter values given, the table has only ${this.defs.size} parameters`);
    const checked = new Map<string, ParamValue>();
    const problems: string[] = [];
    for (const name of names) {
      const def = this.defs.get(name);
      const value = def ? checkParamValue(def, entries[name]) : fail(unknownName(name));
      if (value.ok) checked.set(name, value.value);
      else problems.push(value.error);
    }
    if (problems.length === 0) return accept(checked);
    const listed = problems.slice(0, PROBLEMS_LISTED_MAX).join('; ');
    const more = problems.length > PROBLEMS_LISTED_MAX ? `; and ${problems.length - PROBLEMS_LISTED_MAX} more` : '';
    return fail(`${listed}${more}`);
  }

  private typed<T extends 'number' | 'boolean' | 'string'>(name: string, type: T): T extends 'number' ? number : T extends 'boolean' ? boolean : string {
    const value = this.get(name);
    if (typeof value !== type) throw new Error(`parameter ${name} is ${typeof value}, not ${type}`);
    return value as T extends 'number' ? number : T extends 'boolean' ? boolean : string;
  }
}

function unknownName(name: string): string {
  return `unknown parameter ${describeValue(name)}`;
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
