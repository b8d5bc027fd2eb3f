/**
 * Interoperability with test/protocol/independent/icd_client.py, a client
 * written in Python from docs/protocol.md alone (its own CRC, HMAC use and
 * CBOR codec): what it builds, we accept; what we build, it reads. Both
 * directions are authenticated (ICD version 3): telecommands per packet with
 * the uplink key, telemetry per TM frame with the downlink key; TC and TM
 * frames are built and read by both sides.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SPACECRAFT_ID,
  TM_FRAME_BYTES,
  TcDeframer,
  TcFramer,
  TmDeframer,
  TmFramer,
  crc16,
  decodePacket,
  encodeTelecommand,
  encodeTelemetry,
  toHex,
  type Dictionary,
} from '../../protocol/index.js';
import { toJsonValue } from '../../ground/cli/json.js';
import { arbitraryOf } from '../helpers/schema-arbitrary.js';
import { TEST_KEY, TEST_TM_KEY, TEST_TM_KEYS, TEST_TM_SIGNING, dictionary } from '../helpers/packets.js';

const CLIENT = new URL('./independent/icd_client.py', import.meta.url).pathname;
const keyHex = toHex(TEST_KEY);
const keys = new Map([[1, TEST_KEY]]);
/** The downlink key (key id TEST_TM_SIGNING.keyId, 2), which signs telemetry. */
const tmKeyHex = toHex(TEST_TM_KEY);
const tmKeyId = TEST_TM_SIGNING.keyId;

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

/** True when the value holds an integer of magnitude 2^32 or more, which ICD 7 lets encoders write two ways. */
function hasWideInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) >= 2 ** 32;
  if (Array.isArray(value)) return value.some(hasWideInteger);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) return Object.values(value).some(hasWideInteger);
  return false;
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
      'encode-tc',
      '--key-hex',
      keyHex,
      '--apid',
      String(entry.subsystem.apid),
      '--opcode',
      String(entry.def.opcode),
      '--key-id',
      '1',
      '--seq',
      '18446744073709551615',
      '--count',
      '16383',
      '--time',
      '4294967295.5',
      '--args-json',
      JSON.stringify(toJsonValue(args)),
    ]);
    expect(built.code).toBe(0);
    const bytes = new Uint8Array(Buffer.from(built.stdout.trim(), 'hex'));
    const decoded = decodePacket(bytes, { dictionary, keys, expect: 'tc' });
    expect(decoded.ok ? 'ok' : `${decoded.reason}: ${decoded.detail}`).toBe('ok');
    if (decoded.ok && decoded.value.type === 'tc') {
      expect(decoded.value).toMatchObject({ seq: (1n << 64n) - 1n, timeS: 4294967295.5, opcode: entry.def.opcode });
      expect(decoded.value.args).toEqual(args);
      // The same inputs through our encoder give the same octets.
      const ours = encodeTelecommand(
        { apid: entry.subsystem.apid, sequenceCount: 16383, timeS: 4294967295.5, opcode: entry.def.opcode, keyId: 1, seq: (1n << 64n) - 1n, args },
        TEST_KEY,
      );
      expect(decodePacket(ours, { dictionary, keys }).ok).toBe(true);
    }
  });

  it.each(downlinks(dictionary).map(([entry, data]) => [name(entry), entry, data] as const))(
    'builds a %s telemetry packet that we accept',
    (_, entry, data) => {
      const encodeTm = (...extra: string[]) =>
        python([
          'encode-tm',
          '--apid',
          String(entry.subsystem.apid),
          '--id',
          String(entry.def.id),
          '--count',
          '16383',
          '--time',
          '4294967295.5',
          '--data-json',
          JSON.stringify(toJsonValue(data)),
          ...extra,
        ]);
      // Python's own choice (ICD 7: shortest integers) and the reference encoder's (ICD 7: integers of 2^32 or more as doubles).
      const built = encodeTm();
      const reference = encodeTm('--wide-ints-as-doubles');
      expect(built.code).toBe(0);
      expect(reference.code).toBe(0);
      if (!hasWideInteger(data)) expect(reference.stdout).toBe(built.stdout);
      for (const hex of [built.stdout.trim(), reference.stdout.trim()]) {
        const bytes = new Uint8Array(Buffer.from(hex, 'hex'));
        const decoded = decodePacket(bytes, { dictionary, expect: 'tm' });
        expect(decoded.ok ? 'ok' : `${decoded.reason}: ${decoded.detail}`).toBe('ok');
        expect(decoded.ok && decoded.value.type).toBe('tm');
        if (decoded.ok && decoded.value.type === 'tm') {
          expect(decoded.value).toMatchObject({ timeS: 4294967295.5, id: entry.def.id });
          expect(decoded.value.header).toMatchObject({ apid: entry.subsystem.apid, sequenceCount: 16383 });
          expect(decoded.value.data).toEqual(data);
        }
      }
      // The same inputs through our encoder give the same octets.
      const ours = encodeTelemetry({ apid: entry.subsystem.apid, sequenceCount: 16383, timeS: 4294967295.5, id: entry.def.id, data });
      expect(toHex(ours)).toBe(reference.stdout.trim());
    },
  );

  it.each(downlinks(dictionary).map(([entry, data]) => [name(entry), entry, data] as const))('reads our %s telemetry packet', (_, entry, data) => {
    const bytes = encodeTelemetry({ apid: entry.subsystem.apid, sequenceCount: 9, timeS: 86400.125, id: entry.def.id, data });
    const read = python(['decode', toHex(bytes)]);
    expect(read.code).toBe(0);
    const json = JSON.parse(read.stdout);
    expect(json).toMatchObject({
      type: 'tm',
      version: 0,
      apid: entry.subsystem.apid,
      sequenceCount: 9,
      timeS: 86400.125,
      messageId: entry.def.id,
      macOk: null,
      crcOk: true,
    });
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

  const pong = (sequenceCount: number) => encodeTelemetry({ apid: 0x010, sequenceCount, timeS: 3600.25, id: 0x0182, data: { token: 42 } });
  const tmFramer = (signing = TEST_TM_SIGNING) => new TmFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: TM_FRAME_BYTES, signing });

  it('authenticates our TM frames with the downlink key, reassembles packets across them, and refuses them with another key (and with the uplink key)', () => {
    const framer = tmFramer();
    // A 2000-octet packet spans two frames; then a pong in the second frame.
    const long = new Uint8Array(2000);
    long.set(pong(1).subarray(0, 6));
    new DataView(long.buffer).setUint16(4, long.length - 7);
    const queue = [pong(0), long, pong(2)];
    const frames = [framer.frame(1, () => queue.shift()), framer.frame(1, () => queue.shift())].map((frame) => toHex(frame.bytes));
    const good = python(['deframe-tm', '--key-hex', tmKeyHex, '--key-id', String(tmKeyId), ...frames]);
    expect(good.code).toBe(0);
    const read = JSON.parse(good.stdout);
    expect(read.packets).toEqual([toHex(pong(0)), toHex(long), toHex(pong(2))]);
    expect(read.frames.map((frame: { macOk: boolean; seq: string }) => [frame.macOk, frame.seq])).toEqual([
      [true, '1'],
      [true, '2'],
    ]);
    for (const wrongHex of ['ff'.repeat(32), keyHex]) {
      const bad = python(['deframe-tm', '--key-hex', wrongHex, frames[0]!]);
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.stdout).frames[0].rejected).toBe('bad-mac');
    }
    // A replayed frame is refused; a lost frame is counted and the packet it cut is not delivered.
    const replayed = JSON.parse(python(['deframe-tm', '--key-hex', tmKeyHex, frames[0]!, frames[0]!]).stdout);
    expect(replayed.frames[1].rejected).toBe('replay');
    const rest = [pong(3)];
    const third = toHex(framer.frame(1, () => rest.shift()).bytes);
    const lossy = JSON.parse(python(['deframe-tm', '--key-hex', tmKeyHex, frames[0]!, third]).stdout);
    expect(lossy).toMatchObject({ lostByVc: { 1: 1 }, packetsCut: 1, packets: [toHex(pong(0)), toHex(pong(3))] });
  });

  it('builds TM frames that we authenticate and deframe, and refuses ours signed with the uplink key', () => {
    const built = python([
      'frame-tm',
      '--key-hex',
      tmKeyHex,
      '--key-id',
      String(tmKeyId),
      '--seq',
      '9',
      '--vcid',
      '0',
      '--mc',
      '3',
      '--vc',
      '4',
      toHex(pong(5)),
    ]);
    expect(built.code).toBe(0);
    const deframer = new TmDeframer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: TM_FRAME_BYTES, keys: TEST_TM_KEYS });
    const frame = new Uint8Array(Buffer.from(built.stdout.trim(), 'hex'));
    const taken = deframer.accept(frame);
    expect(taken.ok && { packets: taken.packets.map(toHex), vc: taken.frame.virtualCount, seq: taken.frame.sequence }).toEqual({
      packets: [toHex(pong(5))],
      vc: 4,
      seq: 9n,
    });
    const withUplink = python([
      'frame-tm',
      '--key-hex',
      keyHex,
      '--key-id',
      String(tmKeyId),
      '--seq',
      '10',
      '--vcid',
      '0',
      '--mc',
      '4',
      '--vc',
      '5',
      toHex(pong(6)),
    ]);
    expect(deframer.accept(new Uint8Array(Buffer.from(withUplink.stdout.trim(), 'hex')))).toMatchObject({ ok: false, reason: 'bad-mac' });
    const ours = tmFramer({ keyId: tmKeyId, key: TEST_KEY }).frame(0, () => undefined);
    expect(new TmDeframer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: TM_FRAME_BYTES, keys: TEST_TM_KEYS }).accept(ours.bytes)).toMatchObject({
      ok: false,
      reason: 'bad-mac',
    });
  });

  it('builds a TC frame that we accept and take the telecommand out of; a frame for another spacecraft is refused', () => {
    const command = encodeTelecommand({ apid: 0x010, sequenceCount: 3, timeS: 60, opcode: 0x0101, keyId: 1, seq: 42n, args: { mode: 'NOMINAL' } }, TEST_KEY);
    const built = python(['frame-tc', toHex(command)]);
    expect(built.code).toBe(0);
    const frame = new Uint8Array(Buffer.from(built.stdout.trim(), 'hex'));
    expect(toHex(frame)).toBe(toHex(new TcFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID }).frames([command])[0]!));
    const numbered = new Uint8Array(Buffer.from(python(['frame-tc', '--nseq', '7', toHex(command)]).stdout.trim(), 'hex'));
    expect(numbered[4]).toBe(7);
    const taken = new TcDeframer(DEFAULT_SPACECRAFT_ID).accept(frame);
    expect(taken.ok && taken.value.map(toHex)).toEqual([toHex(command)]);
    const other = python(['frame-tc', '--scid', '166', toHex(command)]);
    expect(new TcDeframer(DEFAULT_SPACECRAFT_ID).accept(new Uint8Array(Buffer.from(other.stdout.trim(), 'hex')))).toMatchObject({
      ok: false,
      reason: 'wrong-spacecraft',
    });
  });

  /**
   * A pong event (APID 0x010, id 0x0182) around the given CBOR user data, with a correct
   * length and CRC: intact, so that the CBOR is the first thing a receiver can refuse.
   */
  function pongWith(cborHex: string): Uint8Array {
    const cbor = Buffer.from(cborHex.replace(/\s+/g, ''), 'hex');
    const template = encodeTelemetry({ apid: 0x010, sequenceCount: 0, timeS: 0, id: 0x0182, data: { token: 1 } });
    const userAt = 14;
    const bytes = new Uint8Array(userAt + cbor.length + 2);
    bytes.set(template.subarray(0, userAt));
    bytes.set(cbor, userAt);
    const view = new DataView(bytes.buffer);
    view.setUint16(4, bytes.length - 7);
    view.setUint16(bytes.length - 2, crc16(bytes, 0, bytes.length - 2));
    return bytes;
  }

  it('frames pongWith as both sides accept, given valid CBOR', () => {
    const bytes = pongWith('a1 65746f6b656e 182a');
    expect(bytes.length).toBe(25);
    const ours = decodePacket(bytes, { dictionary });
    expect(ours.ok && ours.value).toMatchObject({ type: 'tm', data: { token: 42 } });
    const theirs = python(['decode', toHex(bytes)]);
    expect(theirs.code).toBe(0);
    expect(JSON.parse(theirs.stdout)).toMatchObject({ crcOk: true, payload: { token: 42 } });
  });

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
