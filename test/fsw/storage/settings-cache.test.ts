import { describe, expect, it } from 'vitest';
import { MemoryNvm } from '../../../fsw/storage/nvm.js';
import type { ParamDef } from '../../../fsw/storage/param-def.js';
import { ParameterTable } from '../../../fsw/storage/parameters.js';
import { RecordStore } from '../../../fsw/storage/records.js';
import { cachedSettings } from '../../../fsw/storage/settings-cache.js';

const DEFS: readonly ParamDef[] = [
  { name: 'a.limitC', type: 'number', min: 0, max: 100, default: 10, unit: 'C', description: 'A limit' },
  { name: 'a.enabled', type: 'boolean', default: true, description: 'Enabled' },
];

function counted() {
  let reads = 0;
  const settings = cachedSettings((params) => {
    reads++;
    return { limitC: params.getNumber('a.limitC'), enabled: params.getBoolean('a.enabled') };
  });
  return { settings, reads: () => reads };
}

describe('cached settings', () => {
  it('reads the table once while its version stays, and again after each change', () => {
    const table = new ParameterTable(DEFS);
    const { settings, reads } = counted();
    const first = settings(table);
    expect(first).toEqual({ limitC: 10, enabled: true });
    expect(settings(table)).toBe(first);
    expect(reads()).toBe(1);
    // a set to the value it has changes nothing, not even the version
    expect(table.set('a.limitC', 10).ok).toBe(true);
    expect(settings(table)).toBe(first);
    expect(reads()).toBe(1);
    expect(table.set('a.limitC', 42).ok).toBe(true);
    expect(settings(table)).toEqual({ limitC: 42, enabled: true });
    expect(reads()).toBe(2);
    expect(table.setMany({ 'a.limitC': 1, 'a.enabled': false }).ok).toBe(true);
    expect(settings(table)).toEqual({ limitC: 1, enabled: false });
    expect(reads()).toBe(3);
  });

  it('reads again from a replacing table even when it carries the same version (param_load)', () => {
    const store = new RecordStore(new MemoryNvm(new Uint8Array(4096)), [{ id: 'params', slotBytes: 1024 }]);
    const table = new ParameterTable(DEFS);
    expect(table.set('a.limitC', 20).ok).toBe(true);
    expect(table.save(store, 'params').ok).toBe(true);
    const { settings, reads } = counted();
    expect(table.set('a.limitC', 30).ok).toBe(true);
    expect(table.set('a.limitC', 20).ok).toBe(true);
    expect(settings(table).limitC).toBe(20);
    const loaded = ParameterTable.load(DEFS, store, 'params');
    expect(loaded.ok && loaded.value.source).toBe('nvm');
    if (!loaded.ok) return;
    expect(loaded.value.table.set('a.limitC', 60).ok).toBe(true);
    expect(loaded.value.table.set('a.limitC', 70).ok).toBe(true);
    // the loaded table (saved at 1, two changes since) has the old table's version: only its identity tells
    expect(loaded.value.table.version).toBe(3);
    expect(table.version).toBe(3);
    expect(settings(loaded.value.table).limitC).toBe(70);
    expect(reads()).toBe(2);
    expect(settings(table).limitC).toBe(20);
    expect(reads()).toBe(3);
  });
});
