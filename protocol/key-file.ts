/**
 * The key file: JSON holding the telecommand authentication secrets, kept
 * outside the repository with mode 0600. Both the ground (to sign) and the
 * flight software (to verify) read the same format:
 *
 *   { "format": "orbital-node-keys/1",
 *     "activeKeyId": 1,
 *     "keys": [ { "keyId": 1, "secretHex": "<64 hex digits>" } ] }
 *
 * Secrets are never printed or logged; errors name the file, not its content.
 */

import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KEY_BYTES, type KeyRing } from './auth.js';
import { accept, fail, type Outcome } from './result.js';

export const KEY_FILE_FORMAT = 'orbital-node-keys/1';
export const KEY_ID_MAX = 0xffff;

export interface KeyFile {
  readonly path: string;
  readonly activeKeyId: number;
  readonly keys: KeyRing;
}

export function readKeyFile(path: string): Outcome<KeyFile> {
  let text: string;
  try {
    const mode = statSync(path).mode;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      return fail(`key file ${path} is readable by others (mode ${(mode & 0o777).toString(8)}); run: chmod 600 ${path}`);
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? `key file ${path} does not exist` : `key file ${path} cannot be read (${code ?? 'error'})`);
  }
  return parseKeyFile(path, text);
}

export function parseKeyFile(path: string, text: string): Outcome<KeyFile> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return fail(`key file ${path} is not JSON`);
  }
  const doc = document as { format?: unknown; activeKeyId?: unknown; keys?: unknown };
  if (doc.format !== KEY_FILE_FORMAT) return fail(`key file ${path}: "format" must be "${KEY_FILE_FORMAT}"`);
  if (!Array.isArray(doc.keys) || doc.keys.length === 0) return fail(`key file ${path}: "keys" must be a non-empty array`);
  const keys = new Map<number, Uint8Array>();
  for (const [index, entry] of (doc.keys as unknown[]).entries()) {
    const { keyId, secretHex } = (entry ?? {}) as { keyId?: unknown; secretHex?: unknown };
    if (!isKeyId(keyId)) return fail(`key file ${path}: keys[${index}].keyId must be an integer 0..${KEY_ID_MAX}`);
    if (typeof secretHex !== 'string' || !new RegExp(`^[0-9a-fA-F]{${KEY_BYTES * 2}}$`).test(secretHex)) {
      return fail(`key file ${path}: keys[${index}].secretHex must be ${KEY_BYTES * 2} hex digits`);
    }
    if (keys.has(keyId)) return fail(`key file ${path}: key id ${keyId} appears twice`);
    keys.set(keyId, new Uint8Array(Buffer.from(secretHex, 'hex')));
  }
  if (!isKeyId(doc.activeKeyId) || !keys.has(doc.activeKeyId)) {
    return fail(`key file ${path}: "activeKeyId" must name one of the keys`);
  }
  return accept({ path, activeKeyId: doc.activeKeyId, keys });
}

/** Creates a key file with one fresh random key (id 1), mode 0600; never overwrites. */
export function createKeyFile(path: string): Outcome<KeyFile> {
  const secretHex = randomBytes(KEY_BYTES).toString('hex');
  const text = `${JSON.stringify({ format: KEY_FILE_FORMAT, activeKeyId: 1, keys: [{ keyId: 1, secretHex }] }, null, 2)}\n`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600); // the process umask cannot widen it
  } catch (error) {
    return fail(`key file ${path} cannot be created (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseKeyFile(path, text);
}

export interface LoadedKeyFile extends KeyFile {
  readonly created: boolean;
}

/** Reads the key file, creating it first when it does not exist. */
export function readOrCreateKeyFile(path: string): Outcome<LoadedKeyFile> {
  let exists = true;
  try {
    statSync(path);
  } catch {
    exists = false;
  }
  const loaded = exists ? readKeyFile(path) : createKeyFile(path);
  return loaded.ok ? accept({ ...loaded.value, created: !exists }) : loaded;
}

function isKeyId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= KEY_ID_MAX;
}
