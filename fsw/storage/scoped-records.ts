/**
 * A module's records: the record store seen through the ids that start with
 * the module's name and a dot, so that a module reads and writes only what
 * it owns (asserted on every call; the types say so too).
 */
import type { Outcome } from '../../protocol/index.js';
import type { RecordStore, RecordStoreCounters } from './records.js';

/** Values in records, as the parameter table reads and writes them. */
export interface ValueStore {
  readValue(id: string): Outcome<Record<string, unknown> | null>;
  writeValue(id: string, value: Readonly<Record<string, unknown>>): Outcome<void>;
  counters(): RecordStoreCounters;
}

export interface ModuleRecords<M extends string> {
  /** The record's value, or null: never written, or unusable (reported as an nvm_problem event). */
  read(id: `${M}.${string}`): Record<string, unknown> | null;
  /** Writes the record; a failure is reported as an nvm_problem event, and false. */
  write(id: `${M}.${string}`, value: Readonly<Record<string, unknown>>): boolean;
  /** The same records without the reporting, for a caller that reports itself (the parameter table). */
  readonly values: ValueStore;
}

/** True when `id` belongs to `owner`. */
export function ownsRecord(owner: string, id: string): boolean {
  return id.startsWith(`${owner}.`) && id.length > owner.length + 1;
}

/** The store (made once every module has declared its records) as `owner` may see it; `report` raises the nvm_problem event of a failed read or write. */
export function moduleRecords<M extends string>(store: () => RecordStore, owner: M, report: (id: string, detail: string) => void): ModuleRecords<M> {
  const own = (id: string): string => {
    if (!ownsRecord(owner, id)) throw new Error(`records: ${owner} may not use record "${id}" (its ids start with "${owner}.")`);
    return id;
  };
  const values: ValueStore = {
    readValue: (id) => store().readValue(own(id)),
    writeValue: (id, value) => store().writeValue(own(id), value),
    counters: () => store().counters(),
  };
  return {
    read: (id) => {
      const read = values.readValue(id);
      if (read.ok) return read.value;
      report(id, read.error);
      return null;
    },
    write: (id, value) => {
      const written = values.writeValue(id, value);
      if (!written.ok) report(id, written.error);
      return written.ok;
    },
    values,
  };
}
