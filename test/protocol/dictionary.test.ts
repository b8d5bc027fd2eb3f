import { describe, expect, it } from 'vitest';
import {
  COMMAND_ROLES,
  Dictionary,
  SUBSYSTEMS,
  compileSchema,
  dictionaryDocument,
  missionDictionary,
  type CommandArgs,
  type EventArgs,
  type SubsystemDef,
  type TelemetryFields,
} from '../../protocol/index.js';

const dictionary = missionDictionary();

describe('dictionary', () => {
  it('has unique names, opcodes, ids and APIDs', () => {
    const names = SUBSYSTEMS.flatMap((s) => [s.name, ...s.commands.map((c) => c.name), ...s.telemetry.map((t) => t.name), ...s.events.map((e) => e.name)]);
    expect(new Set(names).size).toBe(names.length);
    const opcodes = SUBSYSTEMS.flatMap((s) => s.commands.map((c) => c.opcode));
    expect(new Set(opcodes).size).toBe(opcodes.length);
    const ids = SUBSYSTEMS.flatMap((s) => [...s.telemetry.map((t) => t.id), ...s.events.map((e) => e.id)]);
    expect(new Set(ids).size).toBe(ids.length);
    const apids = SUBSYSTEMS.map((s) => s.apid);
    expect(new Set(apids).size).toBe(apids.length);
  });

  it('declares the ground role of every command once: a flight director for hazardous commands, table loads and saves, and commands carrying other signed commands', () => {
    const roles = Object.fromEntries([...dictionary.commands()].map((entry) => [entry.def.name, entry.def.role]));
    for (const entry of dictionary.commands()) {
      expect(COMMAND_ROLES).toContain(entry.def.role);
      if (entry.def.hazardous) expect([entry.def.name, entry.def.role]).toEqual([entry.def.name, 'flight-director']);
    }
    expect([roles.arm, roles.schedule_insert, roles.routine_add, roles.param_load, roles.param_save]).toEqual(Array(5).fill('flight-director'));
    expect([roles.noop, roles.set_mode, roles.submit_job, roles.param_set]).toEqual(Array(4).fill('operator'));
  });

  it('keeps opcodes and ids within 16 bits and APIDs within 11', () => {
    for (const s of SUBSYSTEMS) {
      expect(s.apid).toBeGreaterThanOrEqual(0);
      expect(s.apid).toBeLessThan(0x7ff); // 0x7ff is the CCSDS idle APID
      for (const id of [...s.commands.map((c) => c.opcode), ...s.telemetry.map((t) => t.id), ...s.events.map((e) => e.id)]) {
        expect(id).toBeGreaterThanOrEqual(0);
        expect(id).toBeLessThanOrEqual(0xffff);
      }
    }
  });

  it('refuses a dictionary with a collision', () => {
    const [executive] = SUBSYSTEMS as [SubsystemDef];
    const clash: SubsystemDef = {
      ...executive,
      name: 'clash',
      apid: 0x7f0,
      telemetry: [],
      events: [],
      commands: [{ ...executive.commands[0]!, name: 'other' }],
    };
    expect(() => new Dictionary([executive, clash])).toThrow(/opcode/);
    expect(() => new Dictionary([executive, { ...clash, apid: executive.apid, commands: [] }])).toThrow(/APID/);
    expect(() => new Dictionary([executive, { ...clash, name: 'noop', commands: [] }])).toThrow(/name/);
  });

  it('declares the executive commands noop, set_mode and ping, and a draft for every onboard module', () => {
    for (const name of ['noop', 'set_mode', 'ping']) expect(dictionary.command(name)?.subsystem.name).toBe('executive');
    expect(SUBSYSTEMS.map((s) => s.name)).toEqual(['executive', 'commanding', 'telemetry', 'storage', 'power', 'thermal', 'memory', 'jobs']);
    for (const s of SUBSYSTEMS.slice(1)) {
      expect(s.commands.length).toBeGreaterThan(0);
      expect(s.telemetry.length).toBeGreaterThan(0);
      expect(s.events.length).toBeGreaterThan(0);
    }
  });

  it('compiles every schema, and every event message names only declared arguments', () => {
    for (const entry of [...dictionary.commands(), ...dictionary.downlinks()]) expect(typeof dictionary.validator(entry)).toBe('function');
    for (const s of SUBSYSTEMS) {
      for (const event of s.events) {
        for (const [, name] of event.message.matchAll(/\{(\w+)\}/g)) expect(Object.keys(event.args)).toContain(name);
      }
    }
  });

  it('gives every telemetry field and argument a description, and numeric limits in order', () => {
    for (const s of SUBSYSTEMS) {
      const all = [...s.commands.map((c) => c.args), ...s.telemetry.map((t) => t.fields), ...s.events.map((e) => e.args)];
      for (const fields of all) {
        for (const field of Object.values(fields)) {
          expect(field.description.length).toBeGreaterThan(0);
          const { redLow = -Infinity, yellowLow = -Infinity, yellowHigh = Infinity, redHigh = Infinity } = field.limits ?? {};
          expect(redLow).toBeLessThanOrEqual(yellowLow);
          expect(yellowLow).toBeLessThan(yellowHigh);
          expect(yellowHigh).toBeLessThanOrEqual(redHigh);
        }
      }
    }
  });

  it('exports a JSON document whose schemas a fresh JSON Schema 2020-12 validator compiles', () => {
    const document = JSON.parse(JSON.stringify(dictionaryDocument(dictionary)));
    expect(document.format).toBe('orbital-node-dictionary/1');
    const setMode = document.subsystems[0].commands.find((c: { name: string }) => c.name === 'set_mode');
    const validate = compileSchema(setMode.schema);
    expect(validate({ mode: 'SAFE' })).toBe(true);
    expect(validate({ mode: 'BOOT' })).toBe(false);
  });
});

describe('the types that follow from the declarations', () => {
  // Checked by tsc (test/ is in tsconfig.json): each @ts-expect-error must be an error.
  it('type a command handler arguments, an event arguments and a packet fields, optional fields optional', () => {
    const setMode: CommandArgs<'set_mode'> = { mode: 'NOMINAL' };
    // @ts-expect-error BOOT is not a commandable mode
    const boot: CommandArgs<'set_mode'> = { mode: 'BOOT' };
    const ping: CommandArgs<'ping'> = {};
    const submit: CommandArgs<'submit_job'> = { jobId: 7, kind: 'matmul', size: 32, input: new Uint8Array(8) };
    // @ts-expect-error an event is raised with every argument it declares
    const pong: EventArgs<'pong'> = {};
    const report: TelemetryFields<'schedule_report'> = { entries: [{ releaseS: 1, keyId: 1, seq: '2', command: 'noop' }] };
    const valid = (kind: 'command' | 'downlink', name: string, value: unknown) => {
      const entry = kind === 'command' ? dictionary.command(name) : dictionary.downlink(name);
      return dictionary.validator(entry!)(value);
    };
    expect([
      valid('command', 'set_mode', setMode),
      valid('command', 'set_mode', boot),
      valid('command', 'ping', ping),
      valid('command', 'submit_job', submit),
      valid('downlink', 'pong', pong),
      valid('downlink', 'schedule_report', report),
    ]).toEqual([true, false, true, true, false, true]);
  });
});

describe('the bytes keyword', () => {
  const validate = compileSchema({ type: 'object', properties: { raw: { bytes: { maxLength: 4 } } }, required: ['raw'], additionalProperties: false });

  it('accepts a Uint8Array within its length', () => {
    expect(validate({ raw: new Uint8Array(4) })).toBe(true);
  });

  it('refuses a longer one, a plain object, an array, a string and a number', () => {
    for (const raw of [new Uint8Array(5), { 0: 1 }, [1, 2], 'abcd', 7]) expect(validate({ raw })).toBe(false);
  });
});
