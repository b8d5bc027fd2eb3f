import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addFleetKeys, createKeyFile, DEFAULT_SPACECRAFT_ID, readKeyFile, readOrCreateKeyFile, type KeyFile } from '../../protocol/index.js';

const dir = mkdtempSync(join(tmpdir(), 'key-file-'));
let files = 0;
const hex = (byte: number) => byte.toString(16).padStart(2, '0').repeat(32);
const set = (keyId: number, byte: number) => ({ activeKeyId: keyId, keys: [{ keyId, secretHex: hex(byte) }] });

function write(document: unknown): string {
  const path = join(dir, `keys-${files++}.json`);
  writeFileSync(path, JSON.stringify(document), { mode: 0o600 });
  return path;
}

function read(path: string, spacecraftId?: number): KeyFile {
  const keys = readKeyFile(path, spacecraftId);
  if (!keys.ok) throw new Error(keys.error);
  return keys.value;
}

const twoSpacecraft = () =>
  write({
    format: 'orbital-node-keys/3',
    spacecraft: [
      { spacecraftId: 1, uplink: set(1, 0x11), downlink: set(2, 0x12) },
      { spacecraftId: 2, uplink: set(1, 0x21), downlink: set(2, 0x22) },
    ],
  });

describe('the key file: keys by spacecraft and key id', () => {
  it('gives each spacecraft its own keys, the same key ids with other secrets, and every spacecraft to the ground', () => {
    const path = twoSpacecraft();
    const one = read(path, 1);
    const two = read(path, 2);
    expect(one.spacecraftId).toBe(1);
    expect(Buffer.from(one.uplink.keys.get(1)!).toString('hex')).toBe(hex(0x11));
    expect(Buffer.from(two.uplink.keys.get(1)!).toString('hex')).toBe(hex(0x21));
    expect(Buffer.from(two.downlink.keys.get(2)!).toString('hex')).toBe(hex(0x22));
    expect([...one.fleet.keys()]).toEqual([1, 2]);
    expect(readKeyFile(path)).toEqual({ ok: false, error: `key file ${path} holds the keys of spacecraft 1, 2: name the spacecraft` });
    expect(readKeyFile(path, 3)).toEqual({ ok: false, error: `key file ${path} holds no keys for spacecraft 3 (it has 1, 2)` });
  });

  it('refuses a file whose spacecraft share a secret, repeat, or have no valid id, naming the place', () => {
    const shared = write({
      format: 'orbital-node-keys/3',
      spacecraft: [
        { spacecraftId: 1, uplink: set(1, 0x11), downlink: set(2, 0x12) },
        { spacecraftId: 2, uplink: set(1, 0x21), downlink: set(2, 0x12) },
      ],
    });
    expect(readKeyFile(shared, 1)).toEqual({ ok: false, error: `key file ${shared}: spacecraft 1 and 2 share a secret (each needs its own)` });
    const repeated = write({
      format: 'orbital-node-keys/3',
      spacecraft: [
        { spacecraftId: 5, uplink: set(1, 0x11), downlink: set(2, 0x12) },
        { spacecraftId: 5, uplink: set(1, 0x21), downlink: set(2, 0x22) },
      ],
    });
    expect(readKeyFile(repeated, 5)).toEqual({ ok: false, error: `key file ${repeated}: spacecraft 5 appears twice` });
    const badId = write({ format: 'orbital-node-keys/3', spacecraft: [{ spacecraftId: 1024, uplink: set(1, 0x11), downlink: set(2, 0x12) }] });
    expect(readKeyFile(badId)).toEqual({ ok: false, error: `key file ${badId}: spacecraft[0].spacecraftId must be an integer 0..1023` });
    const empty = write({ format: 'orbital-node-keys/3', spacecraft: [] });
    expect(readKeyFile(empty)).toEqual({ ok: false, error: `key file ${empty}: "spacecraft" must be a non-empty array` });
    const badKey = write({ format: 'orbital-node-keys/3', spacecraft: [{ spacecraftId: 1, uplink: set(1, 0x11), downlink: { activeKeyId: 3, keys: [] } }] });
    expect(readKeyFile(badKey)).toEqual({ ok: false, error: `key file ${badKey}: "spacecraft[0].downlink.keys" must be a non-empty array` });
  });

  it('reads a format-2 file as the default spacecraft, and the ground rewrites it as format 3 with the same keys', () => {
    const path = write({ format: 'orbital-node-keys/2', uplink: set(4, 0x44), downlink: set(5, 0x55) });
    const before = read(path);
    expect(before.spacecraftId).toBe(DEFAULT_SPACECRAFT_ID);
    const loaded = readOrCreateKeyFile(path);
    expect(loaded.ok && loaded.value.upgraded).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      format: 'orbital-node-keys/3',
      spacecraft: [{ spacecraftId: DEFAULT_SPACECRAFT_ID, uplink: set(4, 0x44), downlink: set(5, 0x55) }],
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const after = read(path);
    expect(after.uplink).toEqual(before.uplink);
    expect(after.downlink).toEqual(before.downlink);
  });

  it('creates fresh keys for each spacecraft named, every secret its own, never over an existing file', () => {
    const path = join(dir, 'fleet.json');
    const created = createKeyFile(path, false, [3, 7]);
    expect(created.ok).toBe(true);
    const secrets = [3, 7].flatMap((id) => {
      const keys = read(path, id);
      return [...keys.uplink.keys.values(), ...keys.downlink.keys.values()].map((secret) => Buffer.from(secret).toString('hex'));
    });
    expect(new Set(secrets).size).toBe(4);
    expect(createKeyFile(path, false, [3]).ok).toBe(false);
    expect(createKeyFile(join(dir, 'twice.json'), false, [2, 2])).toEqual({
      ok: false,
      error: `key file ${join(dir, 'twice.json')}: cannot create keys for spacecraft 2, 2 (distinct integers 0..1023)`,
    });
  });

  it("adds fresh keys for a fleet's spacecraft the file lacks, keeping every key it holds; creates the file with them all when missing", () => {
    const path = twoSpacecraft();
    const before = readFileSync(path, 'utf8');
    expect(addFleetKeys(path, false, [1, 2])).toEqual({ ok: true, value: { created: false, added: [] } });
    expect(readFileSync(path, 'utf8')).toBe(before);
    const first = read(path, 1);
    expect(addFleetKeys(path, false, [1, 2, 5])).toEqual({ ok: true, value: { created: false, added: [5] } });
    expect(read(path, 1).uplink).toEqual(first.uplink);
    expect(read(path, 1).downlink).toEqual(first.downlink);
    const added = read(path, 5);
    expect([...added.fleet.keys()]).toEqual([1, 2, 5]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const fresh = join(dir, 'fleet-fresh.json');
    expect(addFleetKeys(fresh, false, [8, 9])).toEqual({ ok: true, value: { created: true, added: [8, 9] } });
    expect([...read(fresh, 9).fleet.keys()]).toEqual([8, 9]);
    const old = write({ format: 'orbital-node-keys/2', uplink: set(1, 0x31), downlink: set(2, 0x32) });
    const refused = addFleetKeys(old, false, [1]);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toContain('is format orbital-node-keys/2: a fleet needs orbital-node-keys/3');
  });
});
