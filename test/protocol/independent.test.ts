/**
 * Interoperability with test/protocol/independent/icd_client.py, a client
 * written in Python from docs/protocol.md alone (its own CRC, HMAC use and
 * CBOR codec): what it builds, we accept; what we build, it reads.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc16, decodePacket, encodeTelecommand, encodeTelemetry, toHex, type Dictionary } from '../../protocol/index.js';
import { toJsonValue } from '../../ground/cli/json.js';
import { arbitraryOf } from '../helpers/schema-arbitrary.js';
import { TEST_KEY, dictionary } from '../helpers/packets.js';

const CLIENT = new URL('./independent/icd_client.py', import.meta.url).pathname;
const keyHex = toHex(TEST_KEY);
const keys = new Map([[1, TEST_KEY]]);

function python(args: readonly string[]): { code: number; stdout: string } {
  try {
    return { code: 0, stdout: execFileSync('python3', [CLIENT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { code: failed.status, stdout: `${failed.stdout}${failed.stderr}` };
  }
}

/** One valid sample of each message's content, from a fixed seed so the run is repeatable. */
function samples<T extends { schema: Parameters<typeof arbitraryOf>[0] }>(entries: Iterable<T>, seed: number): Array<[T, Record<string, unknown>]> {
  return [...entries].map((entry, index) => [entry, fc.sample(arbitraryOf(entry.schema), { seed: seed + index, numRuns: 1 })[0] as Record<string, unknown>]);
}

const name = (dictionaryEntry: { def: { name: string } }) => dictionaryEntry.def.name;
const commands = (d: Dictionary) => samples(d.commands(), 1000);
const downlinks = (d: Dictionary) => samples(d.downlinks(), 2000);

describe('the independent Python client (written from docs/protocol.md alone)', () => {
  it('reproduces the ICD worked examples byte for byte (its selftest)', () => {
    expect(python(['selftest'])).toEqual({ code: 0, stdout: 'selftest ok\n' });
  });

  it.each(commands(dictionary).map(([entry, args]) => [name(entry), entry, args] as const))('builds a %s telecommand that we accept', (_, entry, args) => {
    const built = python([
      'encode-tc', '--key-hex', keyHex, '--apid', String(entry.subsystem.apid), '--opcode', String(entry.def.opcode),
      '--key-id', '1', '--seq', '18446744073709551615', '--count', '16383', '--time', '4294967295.5', '--args-json', JSON.stringify(toJsonValue(args)),
    ]);
    expect(built.code).toBe(0);
    const bytes = new Uint8Array(Buffer.from(built.stdout.trim(), 'hex'));
    const decoded = decodePacket(bytes, { dictionary, keys, expect: 'tc' });
    expect(decoded.ok ? 'ok' : `${decoded.reason}: ${decoded.detail}`).toBe('ok');
    if (decoded.ok && decoded.value.type === 'tc') {
      expect(decoded.value).toMatchObject({ seq: (1n << 64n) - 1n, timeS: 4294967295.5, opcode: entry.def.opcode });
      expect(decoded.value.args).toEqual(args);
      // The same inputs through our encoder give the same octets.
      const ours = encodeTelecommand({ apid: entry.subsystem.apid, sequenceCount: 16383, timeS: 4294967295.5, opcode: entry.def.opcode, keyId: 1, seq: (1n << 64n) - 1n, args }, TEST_KEY);
      expect(decodePacket(ours, { dictionary, keys }).ok).toBe(true);
    }
  });

  it.each(downlinks(dictionary).map(([entry, data]) => [name(entry), entry, data] as const))('reads our %s telemetry packet', (_, entry, data) => {
    const bytes = encodeTelemetry({ apid: entry.subsystem.apid, sequenceCount: 9, timeS: 86400.125, id: entry.def.id, data });
    const read = python(['decode', toHex(bytes)]);
    expect(read.code).toBe(0);
    const json = JSON.parse(read.stdout);
    expect(json).toMatchObject({ type: 'tm', version: 0, apid: entry.subsystem.apid, sequenceCount: 9, timeS: 86400.125, messageId: entry.def.id, crcOk: true });
    expect(json.payload).toEqual(toJsonValue(data));
  });

  it('authenticates our telecommand with the shared key, and refuses it with another', () => {
    const bytes = encodeTelecommand({ apid: 0x010, sequenceCount: 3, timeS: 60, opcode: 0x0101, keyId: 1, seq: 42n, args: { mode: 'NOMINAL' } }, TEST_KEY);
    const good = python(['decode', '--key-hex', keyHex, toHex(bytes)]);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ type: 'tc', keyId: 1, seq: '42', macOk: true, crcOk: true, payload: { mode: 'NOMINAL' } });
    const bad = python(['decode', '--key-hex', 'ff'.repeat(32), toHex(bytes)]);
    expect(bad.code).toBe(1);
  });

  /** A pong event (APID 0x010, id 0x0182) around the given CBOR user data, with a correct length and CRC. */
  function pongWith(cborHex: string): Uint8Array {
    const cbor = Buffer.from(cborHex.replace(/\s+/g, ''), 'hex');
    const template = encodeTelemetry({ apid: 0x010, sequenceCount: 0, timeS: 0, id: 0x0182, data: { token: 1 } });
    const bytes = new Uint8Array(14 + cbor.length + 2);
    bytes.set(template.subarray(0, 14));
    bytes.set(cbor, 14);
    const view = new DataView(bytes.buffer);
    view.setUint16(4, bytes.length - 7);
    view.setUint16(bytes.length - 2, crc16(bytes, 0, bytes.length - 2));
    return bytes;
  }

  it.each([
    ['nesting 9 levels', 'a1 6161 81 81 81 81 81 81 81 81 01', 'too-deep'],
    ['a repeated key', 'a2 65746f6b656e 01 65746f6b656e 02', 'cbor-invalid'],
    ['a tag', 'a1 65746f6b656e c1 01', 'cbor-invalid'],
    ['an indefinite-length map', 'bf 65746f6b656e 01 ff', 'cbor-invalid'],
    ['undefined', 'a1 65746f6b656e f7', 'cbor-invalid'],
    ['-(2^53)', 'a1 65746f6b656e 3b 001fffffffffffff', 'cbor-invalid'],
    ['a map declaring more pairs than octets allow', 'a1 65746f6b656e ba 00000100', 'cbor-invalid'],
    ['trailing octets', 'a1 65746f6b656e 01 00', 'cbor-invalid'],
  ])('refuses %s for the same reason as we do', (_, cborHex, reason) => {
    const bytes = pongWith(cborHex);
    const ours = decodePacket(bytes, { dictionary });
    expect(ours.ok || ours.reason).toBe(reason);
    const theirs = python(['decode', toHex(bytes)]);
    expect(theirs.code).toBe(1);
    expect(theirs.stdout).toContain(`rejected: ${reason}`);
  });
});
