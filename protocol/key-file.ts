/**
 * The key file: JSON holding the link's authentication secrets, kept outside
 * the repository with mode 0600. Both the ground (to sign telecommands and
 * verify telemetry) and the flight software (to verify telecommands and sign
 * telemetry) read the same format:
 *
 *   { "format": "orbital-node-keys/2",
 *     "uplink":   { "activeKeyId": 1, "keys": [ { "keyId": 1, "secretHex": "<64 hex digits>" } ] },
 *     "downlink": { "activeKeyId": 2, "keys": [ { "keyId": 2, "secretHex": "<64 hex digits>" } ] } }
 *
 * Key ids are unique across the file. Format 1 (uplink keys only, at the top
 * level) is still read: readOrCreateKeyFile adds a downlink key to it and
 * rewrites it as format 2; readKeyFile refuses it with the way out.
 * Secrets are never printed or logged; errors name the file, not its content.
 */

import { randomBytes } from 'node:crypto';
import { KEY_BYTES, type KeyRing, type KeySet, type LinkKeys } from './auth.js';
import { accept, fail, type Outcome } from './result.js';
import { fileExists, readSecretFile, writeSecretFile } from './secret-file.js';

export const KEY_FILE_FORMAT = 'orbital-node-keys/2';
/** The first format: telecommand keys only. */
export const KEY_FILE_FORMAT_1 = 'orbital-node-keys/1';
export const KEY_ID_MAX = 0xffff;

export interface KeyFile extends LinkKeys {
  readonly path: string;
}

/** What a file holds before it is known to be complete: a format-1 file has no downlink keys. */
interface ParsedKeyFile {
  readonly path: string;
  readonly uplink: KeySet;
  readonly downlink: KeySet | null;
}

/** Reads a complete (format 2) key file. */
export function readKeyFile(path: string): Outcome<KeyFile> {
  const parsed = readParsed(path);
  if (!parsed.ok) return parsed;
  if (!parsed.value.downlink) {
    return fail(
      `key file ${path} is format ${KEY_FILE_FORMAT_1}, with no downlink (telemetry) key: the ground adds one when it starts (npx ground serve --key-file ${path})`,
    );
  }
  return accept({ ...parsed.value, downlink: parsed.value.downlink });
}

function readParsed(path: string): Outcome<ParsedKeyFile> {
  const text = readSecretFile(path, 'key file');
  return text.ok ? parseKeyFile(path, text.value) : text;
}

/** Parses either format; a format-1 file comes back with downlink null. */
export function parseKeyFile(path: string, text: string): Outcome<ParsedKeyFile> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return fail(`key file ${path} is not JSON`);
  }
  const doc = (document ?? {}) as { format?: unknown; uplink?: unknown; downlink?: unknown };
  const seen = new Set<number>();
  if (doc.format === KEY_FILE_FORMAT_1) {
    const uplink = parseKeySet(path, '', document, seen);
    return uplink.ok ? accept({ path, uplink: uplink.value, downlink: null }) : uplink;
  }
  if (doc.format !== KEY_FILE_FORMAT) return fail(`key file ${path}: "format" must be "${KEY_FILE_FORMAT}"`);
  const uplink = parseKeySet(path, 'uplink.', doc.uplink, seen);
  if (!uplink.ok) return uplink;
  const downlink = parseKeySet(path, 'downlink.', doc.downlink, seen);
  if (!downlink.ok) return downlink;
  return accept({ path, uplink: uplink.value, downlink: downlink.value });
}

function parseKeySet(path: string, at: string, value: unknown, seen: Set<number>): Outcome<KeySet> {
  if (value === null || typeof value !== 'object') return fail(`key file ${path}: "${at.slice(0, -1)}" must be an object with "activeKeyId" and "keys"`);
  const set = value as { activeKeyId?: unknown; keys?: unknown };
  if (!Array.isArray(set.keys) || set.keys.length === 0) return fail(`key file ${path}: "${at}keys" must be a non-empty array`);
  const keys = new Map<number, Uint8Array>();
  for (const [index, entry] of (set.keys as unknown[]).entries()) {
    const { keyId, secretHex } = (entry ?? {}) as { keyId?: unknown; secretHex?: unknown };
    if (!isKeyId(keyId)) return fail(`key file ${path}: ${at}keys[${index}].keyId must be an integer 0..${KEY_ID_MAX}`);
    if (typeof secretHex !== 'string' || !new RegExp(`^[0-9a-fA-F]{${KEY_BYTES * 2}}$`).test(secretHex)) {
      return fail(`key file ${path}: ${at}keys[${index}].secretHex must be ${KEY_BYTES * 2} hex digits`);
    }
    if (seen.has(keyId)) return fail(`key file ${path}: key id ${keyId} appears twice`);
    seen.add(keyId);
    keys.set(keyId, new Uint8Array(Buffer.from(secretHex, 'hex')));
  }
  if (!isKeyId(set.activeKeyId) || !keys.has(set.activeKeyId)) return fail(`key file ${path}: "${at}activeKeyId" must name one of its keys`);
  return accept({ activeKeyId: set.activeKeyId, keys });
}

const secretHex = () => randomBytes(KEY_BYTES).toString('hex');

function keySetJson(set: KeySet) {
  return { activeKeyId: set.activeKeyId, keys: [...set.keys].map(([keyId, secret]) => ({ keyId, secretHex: Buffer.from(secret).toString('hex') })) };
}

function keyFileText(keys: LinkKeys): string {
  return `${JSON.stringify({ format: KEY_FILE_FORMAT, uplink: keySetJson(keys.uplink), downlink: keySetJson(keys.downlink) }, null, 2)}\n`;
}

const randomSet = (keyId: number): KeySet => ({ activeKeyId: keyId, keys: new Map([[keyId, new Uint8Array(Buffer.from(secretHex(), 'hex'))]]) });

/**
 * Creates a key file with a fresh random uplink key (id 1) and downlink key
 * (id 2), mode 0600; never overwrites; its folder must exist unless
 * `makeFolder` (the default place).
 */
export function createKeyFile(path: string, makeFolder = false): Outcome<KeyFile> {
  const keys: LinkKeys = { uplink: randomSet(1), downlink: randomSet(2) };
  const written = writeSecretFile(path, keyFileText(keys), 'key file', { exclusive: true, makeFolder });
  return written.ok ? accept({ path, ...keys }) : written;
}

export interface LoadedKeyFile extends KeyFile {
  readonly created: boolean;
  /** A format-1 file was given a downlink key (the next free key id) and rewritten as format 2. */
  readonly upgraded: boolean;
}

/** Reads the key file, creating it first when it does not exist (see createKeyFile) and adding a downlink key to a format-1 file. */
export function readOrCreateKeyFile(path: string, makeFolder = false): Outcome<LoadedKeyFile> {
  if (!fileExists(path)) {
    const created = createKeyFile(path, makeFolder);
    return created.ok ? accept({ ...created.value, created: true, upgraded: false }) : created;
  }
  const parsed = readParsed(path);
  if (!parsed.ok) return parsed;
  if (parsed.value.downlink) return accept({ ...parsed.value, downlink: parsed.value.downlink, created: false, upgraded: false });
  const keys: LinkKeys = { uplink: parsed.value.uplink, downlink: randomSet(Math.max(...parsed.value.uplink.keys.keys()) + 1) };
  if (keys.downlink.activeKeyId > KEY_ID_MAX) return fail(`key file ${path}: no free key id for a downlink key`);
  const written = writeSecretFile(path, keyFileText(keys), 'key file');
  return written.ok ? accept({ path, ...keys, created: false, upgraded: true }) : written;
}

/** Key rings by direction, from key ids and secrets (tests and simulations with fixed keys). */
export function linkKeys(uplink: readonly (readonly [number, Uint8Array])[], downlink: readonly (readonly [number, Uint8Array])[]): LinkKeys {
  const set = (entries: readonly (readonly [number, Uint8Array])[]): KeySet => ({ activeKeyId: entries[0]![0], keys: new Map(entries) as KeyRing });
  return { uplink: set(uplink), downlink: set(downlink) };
}

function isKeyId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= KEY_ID_MAX;
}
