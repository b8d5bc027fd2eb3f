/**
 * A module's settings read from the parameter table once per table version:
 * modules read their parameters every tick, but the table changes only on a
 * command. The settings are read again when the table's version changes or
 * when the table itself is replaced (param_load, a boot), since a loaded
 * table may carry the version of the one it replaces.
 */
import type { ParameterTable } from './parameters.js';

export type SettingsReader<T> = (params: ParameterTable) => T;

/** A reader that returns the settings last read while the table and its version are unchanged. */
export function cachedSettings<T>(read: SettingsReader<T>): SettingsReader<T> {
  let settings: T | undefined;
  let from: ParameterTable | null = null;
  let version = -1;
  return (params) => {
    if (from !== params || version !== params.version) {
      settings = read(params);
      from = params;
      version = params.version;
    }
    return settings as T;
  };
}
