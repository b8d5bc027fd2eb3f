import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MemoryNvm } from '../../../fsw/storage/nvm.js';
import { PARAM_STRING_LENGTH_MAX, type ParamDef } from '../../../fsw/storage/param-def.js';
import { ParameterTable } from '../../../fsw/storage/parameters.js';
import { RecordStore } from '../../../fsw/storage/records.js';

const DEFS: readonly ParamDef[] = [
  { name: 'power.socFloorPct', type: 'integer', min: 10, max: 90, default: 30, unit: '%', description: 'State of charge below which the payload is shed' },
  { name: 'thermal.setpointC', type: 'number', min: -20, max: 40.5, default: 5, unit: 'C', description: 'Heater set point' },
  { name: 'mode.startup', type: 'string', enum: ['SAFE', 'NOMINAL'], default: 'SAFE', description: 'Mode entered after boot' },
  { name: 'payload.enabled', type: 'boolean', default: false, description: 'Payload allowed to run' },
  { name: 'ops.note', type: 'string', default: '', description: 'Free text from the operators' },
  { name: 'link.retries', type: 'integer', min: 0, default: 3, description: 'Retries of a downlink frame' },
];

function table(): ParameterTable {
  return new ParameterTable(DEFS);
}

function storeOf(image = new Uint8Array(4096)): RecordStore {
  return new RecordStore(new MemoryNvm(image), [
    { id: 'params', slotBytes: 1024 },
    { id: 'other', slotBytes: 64 },
  ]);
}

describe('parameter table', () => {
  it('starts at the defaults, version 0, and lists every parameter in definition order', () => {
    const t = table();
    expect(t.version).toBe(0);
    expect(t.get('power.socFloorPct')).toBe(30);
    expect(t.getNumber('thermal.setpointC')).toBe(5);
    expect(t.getString('mode.startup')).toBe('SAFE');
    expect(t.getBoolean('payload.enabled')).toBe(false);
    const defaults = { 'power.socFloorPct': 30, 'thermal.setpointC': 5, 'mode.startup': 'SAFE', 'payload.enabled': false, 'ops.note': '', 'link.retries': 3 };
    expect(t.defaults()).toEqual(defaults);
    expect(t.toRecord()).toEqual(defaults);
    expect(Object.keys(t.toRecord())).toEqual(DEFS.map((d) => d.name));
    expect(t.entries().map((e) => [e.def.name, e.value, e.isDefault])).toEqual(DEFS.map((d) => [d.name, d.default, true]));
  });

  it('throws on programming errors: unknown names in flight code, duplicate names, defaults outside their own range', () => {
    const t = table();
    expect(() => t.get('power.nope')).toThrow('unknown parameter power.nope');
    expect(() => t.getBoolean('power.socFloorPct')).toThrow(/is number, not boolean/);
    const base: ParamDef = { name: 'a.b', type: 'integer', min: 0, max: 10, default: 5, description: 'd' };
    expect(() => new ParameterTable([base, { ...base }])).toThrow('parameter a.b is defined twice');
    expect(() => new ParameterTable([{ ...base, default: 11 }])).toThrow('default: parameter a.b must be an integer from 0 to 10, got 11');
    expect(() => new ParameterTable([{ ...base, default: 2.5 }])).toThrow(/must be an integer/);
    expect(() => new ParameterTable([{ ...base, min: 8, max: 2 }])).toThrow(/min 8 above max 2/);
    expect(() => new ParameterTable([{ ...base, name: 'Bad Name' }])).toThrow(/dotted lower-camel/);
    expect(() => new ParameterTable([{ ...base, type: 'boolean', min: undefined, max: undefined, default: 'x' }])).toThrow(/must be true or false/);
    expect(() => new ParameterTable([{ ...base, type: 'string', default: 'A', enum: ['A', 'A'] }])).toThrow(/min and max apply to numbers only/);
    expect(() => new ParameterTable([{ name: 'a.b', type: 'string', default: 'C', enum: ['A', 'B'], description: 'd' }])).toThrow(
      'default: parameter a.b must be one of A, B, got "C"',
    );
    expect(() => new ParameterTable([{ name: 'a.b', type: 'integer', default: 1, enum: ['A'], description: 'd' }])).toThrow(/enum applies to strings only/);
  });

  it('accepts values within range and refuses those outside, naming the parameter and its range; nothing changes', () => {
    const t = table();
    expect(t.set('power.socFloorPct', 10)).toEqual({ ok: true, value: undefined });
    expect(t.set('power.socFloorPct', 90)).toEqual({ ok: true, value: undefined });
    const low = t.set('power.socFloorPct', 9);
    expect(low.ok || low.error).toBe('parameter power.socFloorPct must be an integer from 10 to 90 %, got 9; nothing changed');
    const high = t.set('thermal.setpointC', 40.6);
    expect(high.ok || high.error).toBe('parameter thermal.setpointC must be a number from -20 to 40.5 C, got 40.6; nothing changed');
    expect(t.set('thermal.setpointC', -20).ok).toBe(true);
    const negative = t.set('link.retries', -1);
    expect(negative.ok || negative.error).toBe('parameter link.retries must be an integer of at least 0, got -1; nothing changed');
    expect(t.set('link.retries', 1_000_000).ok).toBe(true);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '50', null, undefined, true, [50], { v: 50 }, new Uint8Array(1)]) {
      expect(t.set('power.socFloorPct', bad).ok).toBe(false);
    }
    expect(t.get('power.socFloorPct')).toBe(90);
    expect(t.get('thermal.setpointC')).toBe(-20);
  });

  it('refuses a fractional value for an integer parameter and accepts it for a number one', () => {
    const t = table();
    const result = t.set('power.socFloorPct', 45.5);
    expect(result.ok || result.error).toMatch(/power.socFloorPct must be an integer from 10 to 90 %, got 45.5/);
    expect(t.set('link.retries', 2 ** 53).ok).toBe(false);
    expect(t.set('thermal.setpointC', 12.25).ok).toBe(true);
    expect(t.get('thermal.setpointC')).toBe(12.25);
    expect(t.set('thermal.setpointC', -0).ok).toBe(true);
    expect(Object.is(t.get('thermal.setpointC'), 0)).toBe(true); // -0 is stored as 0, as CBOR would
  });

  it('holds strings to their enum, booleans to true or false, free strings to a length', () => {
    const t = table();
    const mode = t.set('mode.startup', 'FAST');
    expect(mode.ok || mode.error).toBe('parameter mode.startup must be one of SAFE, NOMINAL, got "FAST"; nothing changed');
    expect(t.set('mode.startup', 'safe').ok).toBe(false);
    expect(t.set('mode.startup', 'NOMINAL').ok).toBe(true);
    const flag = t.set('payload.enabled', 1);
    expect(flag.ok || flag.error).toBe('parameter payload.enabled must be true or false, got 1; nothing changed');
    expect(t.set('payload.enabled', true).ok).toBe(true);
    expect(t.set('ops.note', 'x'.repeat(PARAM_STRING_LENGTH_MAX)).ok).toBe(true);
    const long = t.set('ops.note', 'y'.repeat(PARAM_STRING_LENGTH_MAX + 1));
    expect(long.ok || long.error).toMatch(/^parameter ops.note must be a string of at most 256 characters, got "y{40}"\.\.\. \(257 characters\)/);
    expect(t.toRecord()).toMatchObject({ 'mode.startup': 'NOMINAL', 'payload.enabled': true, 'ops.note': 'x'.repeat(PARAM_STRING_LENGTH_MAX) });
  });

  it('answers ground requests for unknown names with a typed failure', () => {
    const t = table();
    expect(t.tryGet('power.socFloorPct')).toEqual({ ok: true, value: 30 });
    const get = t.tryGet('power.socCeilingPct');
    expect(get.ok || get.error).toBe('unknown parameter "power.socCeilingPct"');
    const set = t.set('power.socCeilingPct', 50);
    expect(set.ok || set.error).toBe('unknown parameter "power.socCeilingPct"; nothing changed');
    expect(t.version).toBe(0);
  });

  it('sets many parameters all or nothing', () => {
    const t = table();
    const bad = t.setMany({ 'power.socFloorPct': 40, 'mode.startup': 'NOMINAL', 'payload.enabled': 'yes', 'nope.x': 1 });
    expect(bad.ok || bad.error).toBe('parameter payload.enabled must be true or false, got "yes"; unknown parameter "nope.x"; nothing changed');
    expect(t.toRecord()).toEqual(t.defaults());
    expect(t.version).toBe(0);
    const many = t.setMany({ a1: 1, a2: 2, a3: 3, a4: 4, a5: 5 });
    expect(many.ok || many.error).toMatch(/; and 2 more; nothing changed$/);
    expect(t.setMany({ 'power.socFloorPct': 40, 'mode.startup': 'NOMINAL' })).toEqual({ ok: true, value: undefined });
    expect(t.get('power.socFloorPct')).toBe(40);
    expect(t.get('mode.startup')).toBe('NOMINAL');
    const flood = t.setMany(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`p${i}`, i])));
    expect(flood.ok || flood.error).toMatch(/1000 parameter values given, the table has only 6 parameters/);
  });

  it('increases the version by one on every successful change, and only then', () => {
    const t = table();
    expect(t.set('power.socFloorPct', 50).ok).toBe(true);
    expect(t.version).toBe(1);
    expect(t.setMany({ 'power.socFloorPct': 55, 'link.retries': 4 }).ok).toBe(true);
    expect(t.version).toBe(2);
    expect(t.set('power.socFloorPct', 55).ok).toBe(true); // same value: no change
    expect(t.version).toBe(2);
    expect(t.set('power.socFloorPct', 5).ok).toBe(false);
    expect(t.version).toBe(2);
    expect(t.set('power.socFloorPct', 30).ok).toBe(true);
    expect(t.version).toBe(3);
    expect(t.entries().find((e) => e.def.name === 'power.socFloorPct')?.isDefault).toBe(true);
  });

  it('builds from a whole record, defaults for missing entries, and rejects the record whole for any bad entry', () => {
    const partial = ParameterTable.fromRecord(DEFS, { 'power.socFloorPct': 60, 'mode.startup': 'NOMINAL' });
    if (!partial.ok) throw new Error(partial.error);
    expect(partial.value.toRecord()).toEqual({ ...table().defaults(), 'power.socFloorPct': 60, 'mode.startup': 'NOMINAL' });
    expect(partial.value.version).toBe(0);
    const unknown = ParameterTable.fromRecord(DEFS, { 'power.socFloorPct': 60, 'power.old': 1 });
    expect(unknown.ok || unknown.error).toBe('parameter table rejected whole: unknown parameter "power.old"');
    const invalid = ParameterTable.fromRecord(DEFS, { 'power.socFloorPct': 60, 'link.retries': 0.5 });
    expect(invalid.ok || invalid.error).toBe('parameter table rejected whole: parameter link.retries must be an integer of at least 0, got 0.5');
    for (const notMap of [null, [1], 'x', 3, new Uint8Array(2)]) {
      const result = ParameterTable.fromRecord(DEFS, notMap);
      expect(result.ok || result.error).toMatch(/^a parameter table must be a map of names to values/);
    }
  });

  it('saves to NVM and loads back the values and the version', () => {
    const image = new Uint8Array(4096);
    const t = table();
    t.setMany({ 'power.socFloorPct': 77, 'thermal.setpointC': -3.75, 'mode.startup': 'NOMINAL', 'payload.enabled': true, 'ops.note': 'hello ☀' });
    t.set('link.retries', 9);
    expect(t.save(storeOf(image), 'params')).toEqual({ ok: true, value: undefined });
    const loaded = ParameterTable.load(DEFS, storeOf(image), 'params');
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.value.source).toBe('nvm');
    expect(loaded.value.problem).toBeUndefined();
    expect(loaded.value.table.toRecord()).toEqual(t.toRecord());
    expect(loaded.value.table.version).toBe(2);
    loaded.value.table.set('link.retries', 10);
    expect(loaded.value.table.version).toBe(3);
  });

  it('loads the defaults when nothing was saved, and the defaults with the problem when the record is unusable', () => {
    const never = ParameterTable.load(DEFS, storeOf(), 'params');
    expect(never.ok && never.value.source).toBe('defaults');
    expect(never.ok && never.value.problem).toBeUndefined();
    expect(never.ok && never.value.table.toRecord()).toEqual(table().defaults());

    const cases: [string, (store: RecordStore) => void, RegExp][] = [
      [
        'out of range',
        (s) => s.writeValue('params', { version: 4, values: { 'power.socFloorPct': 95 } }),
        /power.socFloorPct must be an integer from 10 to 90 %, got 95/,
      ],
      ['unknown name', (s) => s.writeValue('params', { version: 4, values: { 'power.removed': 1 } }), /unknown parameter "power.removed"/],
      ['bad version', (s) => s.writeValue('params', { version: -1, values: {} }), /stored version must be a whole number of at least 0, got -1/],
      ['no values', (s) => s.writeValue('params', { version: 1 }), /must be a map of names to values, got nothing/],
      ['not CBOR', (s) => s.write('params', new Uint8Array([0xff, 0x00])), /does not hold a readable value/],
    ];
    for (const [, prepare, problem] of cases) {
      const image = new Uint8Array(4096);
      prepare(storeOf(image));
      const loaded = ParameterTable.load(DEFS, storeOf(image), 'params');
      if (!loaded.ok) throw new Error(loaded.error);
      expect(loaded.value.source).toBe('defaults');
      expect(loaded.value.problem).toMatch(/^parameters from record "params" not used, defaults instead: /);
      expect(loaded.value.problem).toMatch(problem);
      expect(loaded.value.table.toRecord()).toEqual(table().defaults());
      expect(loaded.value.table.version).toBe(0);
    }

    const image = new Uint8Array(4096);
    const t = table();
    t.save(storeOf(image), 'params');
    t.save(storeOf(image), 'params');
    image[20]! ^= 1;
    image[1024 + 20]! ^= 1;
    const corrupt = ParameterTable.load(DEFS, storeOf(image), 'params');
    expect(corrupt.ok && corrupt.value.problem).toBe('parameters from record "params" not used, defaults instead: both copies are corrupt');
  });

  it('keeps the values a software update kept and gives an added parameter its default', () => {
    const image = new Uint8Array(4096);
    const old = new ParameterTable(DEFS.slice(0, 3));
    old.set('power.socFloorPct', 42);
    old.save(storeOf(image), 'params');
    const loaded = ParameterTable.load(DEFS, storeOf(image), 'params');
    expect(loaded.ok && loaded.value.source).toBe('nvm');
    expect(loaded.ok && loaded.value.table.get('power.socFloorPct')).toBe(42);
    expect(loaded.ok && loaded.value.table.get('link.retries')).toBe(3);
  });

  const valueArb = (def: ParamDef): fc.Arbitrary<unknown> => {
    switch (def.type) {
      case 'integer':
        return fc.integer({ min: def.min ?? -1e9, max: def.max ?? 1e9 });
      case 'number':
        return fc.double({ min: def.min ?? -1e9, max: def.max ?? 1e9, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'string':
        return def.enum ? fc.constantFrom(...def.enum) : fc.string({ maxLength: PARAM_STRING_LENGTH_MAX });
    }
  };
  const changesArb = fc.array(fc.record(Object.fromEntries(DEFS.map((d) => [d.name, valueArb(d)])), { requiredKeys: [] }), { maxLength: 5 });

  test.prop([changesArb])('any sequence of valid changes round-trips through NVM with its version', (changes) => {
    const image = new Uint8Array(4096);
    const t = table();
    let expectedVersion = 0;
    for (const change of changes) {
      const before = t.toRecord();
      expect(t.setMany(change)).toEqual({ ok: true, value: undefined });
      if (Object.entries(change).some(([name, value]) => before[name] !== value)) expectedVersion++;
      expect(t.version).toBe(expectedVersion);
      expect(t.save(storeOf(image), 'params').ok).toBe(true);
    }
    const loaded = ParameterTable.load(DEFS, storeOf(image), 'params');
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.value.source).toBe(changes.length === 0 ? 'defaults' : 'nvm');
    expect(loaded.value.table.toRecord()).toEqual(t.toRecord());
    expect(loaded.value.table.version).toBe(t.version);
  });
});
