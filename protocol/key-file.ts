/**
 * The key file: JSON holding the link's authentication secrets, kept outside
 * the repository with mode 0600. Both the ground (to sign telecommands and
 * verify telemetry) and the flight software (to verify telecommands and sign
 * telemetry) read the same format, keys by spacecraft and key id:
 *
 *   { "format": "orbital-node-keys/3",
 *     "spacecraft": [
 *       { "spacecraftId": 1,
 *         "uplink":   { "activeKeyId": 1, "keys": [ { "keyId": 1, "secretHex": "<64 hex digits>" } ] },
 *         "downlink": { "activeKeyId": 2, "keys": [ { "keyId": 2, "secretHex": "<64 hex digits>" } ] } } ] }
 *
 * Spacecraft ids are unique in the file, key ids within a spacecraft, and no
 * secret serves two spacecraft (a command signed for one must fail the MAC
 * of every other). The flight software reads its own spacecraft's keys; the
 * ground those of every spacecraft it flies. Format 2 (one spacecraft's
 * "uplink" and "downlink" at the top level) and format 1 (uplink keys only)
 * are still read, as the keys of spacecraft DEFAULT_SPACECRAFT_ID:
 * readOrCreateKeyFile rewrites them as format 3 (adding a downlink key to a
 * format-1 file); readKeyFile reads format 2 as it is and refuses format 1
 * with the way out. Secrets are never printed or logged; errors name the
 * file, not its content.
 */

import { randomBytes } from 'node:crypto';
import { KEY_BYTES, type KeyRing, type KeySet, type LinkKeys } from './auth.js';
import { DEFAULT_SPACECRAFT_ID, SPACECRAFT_ID_MAX } from './frames/link-config.js';
import { accept, fail, type Outcome } from './result.js';
import { fileExists, readSecretFile, writeSecretFile } from './secret-file.js';

export const KEY_FILE_FORMAT = 'orbital-node-keys/3';
/** One spacecraft's keys at the top level. */
export const KEY_FILE_FORMAT_2 = 'orbital-node-keys/2';
/** The first format: telecommand keys only. */
export const KEY_FILE_FORMAT_1 = 'orbital-node-keys/1';
export const KEY_ID_MAX = 0xffff;

/** A key file read for one spacecraft: that spacecraft's keys, and every spacecraft's. */
export interface KeyFile extends LinkKeys {
  readonly path: string;
  readonly spacecraftId: number;
  /** Every spacecraft's keys in the file, by spacecraft id. */
  readonly fleet: ReadonlyMap<number, LinkKeys>;
}

/** What a file holds before it is known to be complete: a format-1 file has no downlink keys. */
interface ParsedKeys {
  readonly uplink: KeySet;
  readonly downlink: KeySet | null;
}

interface ParsedKeyFile {
  readonly path: string;
  readonly format: typeof KEY_FILE_FORMAT | typeof KEY_FILE_FORMAT_2 | typeof KEY_FILE_FORMAT_1;
  readonly spacecraft: ReadonlyMap<number, ParsedKeys>;
}

/**
 * Reads a complete key file (format 3, or 2) for one spacecraft: the one
 * named, else the only one in the file. Formats 1 and 2 hold the keys of
 * DEFAULT_SPACECRAFT_ID (the frames' default spacecraft id).
 */
export function readKeyFile(path: string, spacecraftId?: number): Outcome<KeyFile> {
  const parsed = readParsed(path);
  if (!parsed.ok) return parsed;
  if (parsed.value.format === KEY_FILE_FORMAT_1) {
    return fail(
      `key file ${path} is format ${KEY_FILE_FORMAT_1}, with no downlink (telemetry) key: the ground adds one when it starts (npx ground serve --key-file ${path})`,
    );
  }
  return keysFor(parsed.value, spacecraftId);
}

/** A spacecraft's keys from a parsed file whose every spacecraft has both directions. */
function keysFor(parsed: ParsedKeyFile, spacecraftId: number | undefined): Outcome<KeyFile> {
  const fleet = new Map<number, LinkKeys>();
  for (const [id, keys] of parsed.spacecraft) if (keys.downlink) fleet.set(id, { uplink: keys.uplink, downlink: keys.downlink });
  const ids = [...fleet.keys()];
  const chosen = spacecraftId ?? (ids.length === 1 ? ids[0]! : undefined);
  if (chosen === undefined) return fail(`key file ${parsed.path} holds the keys of spacecraft ${ids.join(', ')}: name the spacecraft`);
  const keys = fleet.get(chosen);
  if (!keys) return fail(`key file ${parsed.path} holds no keys for spacecraft ${chosen} (it has ${ids.join(', ')})`);
  return accept({ path: parsed.path, spacecraftId: chosen, ...keys, fleet });
}

function readParsed(path: string): Outcome<ParsedKeyFile> {
  const text = readSecretFile(path, 'key file');
  return text.ok ? parseKeyFile(path, text.value) : text;
}

/** Parses any format; formats 1 and 2 come back as the keys of DEFAULT_SPACECRAFT_ID (a format-1 file's downlink null). */
export function parseKeyFile(path: string, text: string): Outcome<ParsedKeyFile> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return fail(`key file ${path} is not JSON`);
  }
  const doc = (document ?? {}) as { format?: unknown; uplink?: unknown; downlink?: unknown; spacecraft?: unknown };
  const single = (format: ParsedKeyFile['format'], keys: ParsedKeys): Outcome<ParsedKeyFile> =>
    accept({ path, format, spacecraft: new Map([[DEFAULT_SPACECRAFT_ID, keys]]) });
  if (doc.format === KEY_FILE_FORMAT_1) {
    const uplink = parseKeySet(path, '', document, new Set());
    return uplink.ok ? single(KEY_FILE_FORMAT_1, { uplink: uplink.value, downlink: null }) : uplink;
  }
  if (doc.format === KEY_FILE_FORMAT_2) {
    const keys = parseLinkKeys(path, '', doc);
    return keys.ok ? single(KEY_FILE_FORMAT_2, keys.value) : keys;
  }
  if (doc.format !== KEY_FILE_FORMAT) return fail(`key file ${path}: "format" must be "${KEY_FILE_FORMAT}"`);
  if (!Array.isArray(doc.spacecraft) || doc.spacecraft.length === 0) return fail(`key file ${path}: "spacecraft" must be a non-empty array`);
  const spacecraft = new Map<number, ParsedKeys>();
  const owners = new Map<string, number>();
  for (const [index, entry] of (doc.spacecraft as unknown[]).entries()) {
    const at = `spacecraft[${index}].`;
    const { spacecraftId } = (entry ?? {}) as { spacecraftId?: unknown };
    if (!isSpacecraftId(spacecraftId)) return fail(`key file ${path}: ${at}spacecraftId must be an integer 0..${SPACECRAFT_ID_MAX}`);
    if (spacecraft.has(spacecraftId)) return fail(`key file ${path}: spacecraft ${spacecraftId} appears twice`);
    const keys = parseLinkKeys(path, at, entry);
    if (!keys.ok) return keys;
    for (const secret of [...keys.value.uplink.keys.values(), ...keys.value.downlink.keys.values()]) {
      const hex = Buffer.from(secret).toString('hex');
      const owner = owners.get(hex);
      if (owner !== undefined && owner !== spacecraftId)
        return fail(`key file ${path}: spacecraft ${owner} and ${spacecraftId} share a secret (each needs its own)`);
      owners.set(hex, spacecraftId);
    }
    spacecraft.set(spacecraftId, keys.value);
  }
  return accept({ path, format: KEY_FILE_FORMAT, spacecraft });
}

/** One spacecraft's "uplink" and "downlink" sets; key ids unique across the two. */
function parseLinkKeys(path: string, at: string, value: unknown): Outcome<LinkKeys> {
  const doc = (value ?? {}) as { uplink?: unknown; downlink?: unknown };
  const seen = new Set<number>();
  const uplink = parseKeySet(path, `${at}uplink.`, doc.uplink, seen);
  if (!uplink.ok) return uplink;
  const downlink = parseKeySet(path, `${at}downlink.`, doc.downlink, seen);
  if (!downlink.ok) return downlink;
  return accept({ uplink: uplink.value, downlink: downlink.value });
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

function keyFileText(fleet: ReadonlyMap<number, LinkKeys>): string {
  const spacecraft = [...fleet].map(([spacecraftId, keys]) => ({ spacecraftId, uplink: keySetJson(keys.uplink), downlink: keySetJson(keys.downlink) }));
  return `${JSON.stringify({ format: KEY_FILE_FORMAT, spacecraft }, null, 2)}\n`;
}

const randomSet = (keyId: number): KeySet => ({ activeKeyId: keyId, keys: new Map([[keyId, new Uint8Array(Buffer.from(secretHex(), 'hex'))]]) });

/**
 * Creates a key file with a fresh random uplink key (id 1) and downlink key
 * (id 2) for each spacecraft named (default: DEFAULT_SPACECRAFT_ID), mode
 * 0600; never overwrites; its folder must exist unless `makeFolder` (the
 * default place). Read back for the first spacecraft named.
 */
export function createKeyFile(path: string, makeFolder = false, spacecraftIds: readonly number[] = [DEFAULT_SPACECRAFT_ID]): Outcome<KeyFile> {
  const bad = spacecraftIds.find((id) => !isSpacecraftId(id));
  if (spacecraftIds.length === 0 || bad !== undefined || new Set(spacecraftIds).size !== spacecraftIds.length) {
    return fail(`key file ${path}: cannot create keys for spacecraft ${spacecraftIds.join(', ') || '(none)'} (distinct integers 0..${SPACECRAFT_ID_MAX})`);
  }
  const fleet = new Map<number, LinkKeys>(spacecraftIds.map((id) => [id, { uplink: randomSet(1), downlink: randomSet(2) }]));
  const written = writeSecretFile(path, keyFileText(fleet), 'key file', { exclusive: true, makeFolder });
  const first = spacecraftIds[0]!;
  return written.ok ? accept({ path, spacecraftId: first, ...fleet.get(first)!, fleet }) : written;
}

export interface LoadedKeyFile extends KeyFile {
  readonly created: boolean;
  /** A format-1 or format-2 file was rewritten as format 3 (a format-1 file given a downlink key, the next free key id). */
  readonly upgraded: boolean;
}

/**
 * Reads the key file for a spacecraft (as readKeyFile), creating it first
 * when it does not exist (see createKeyFile) and rewriting a format-1 or
 * format-2 file as format 3.
 */
export function readOrCreateKeyFile(path: string, makeFolder = false, spacecraftId?: number): Outcome<LoadedKeyFile> {
  if (!fileExists(path)) {
    const created = createKeyFile(path, makeFolder, [spacecraftId ?? DEFAULT_SPACECRAFT_ID]);
    return created.ok ? accept({ ...created.value, created: true, upgraded: false }) : created;
  }
  const parsed = readParsed(path);
  if (!parsed.ok) return parsed;
  if (parsed.value.format === KEY_FILE_FORMAT) {
    const keys = keysFor(parsed.value, spacecraftId);
    return keys.ok ? accept({ ...keys.value, created: false, upgraded: false }) : keys;
  }
  const old = parsed.value.spacecraft.get(DEFAULT_SPACECRAFT_ID)!;
  const downlink = old.downlink ?? randomSet(Math.max(...old.uplink.keys.keys()) + 1);
  if (downlink.activeKeyId > KEY_ID_MAX) return fail(`key file ${path}: no free key id for a downlink key`);
  const fleet = new Map<number, LinkKeys>([[DEFAULT_SPACECRAFT_ID, { uplink: old.uplink, downlink }]]);
  const written = writeSecretFile(path, keyFileText(fleet), 'key file');
  if (!written.ok) return written;
  const keys = keysFor({ path, format: KEY_FILE_FORMAT, spacecraft: fleet }, spacecraftId);
  return keys.ok ? accept({ ...keys.value, created: false, upgraded: true }) : keys;
}

/** Key rings by direction, from key ids and secrets (tests and simulations with fixed keys). */
export function linkKeys(uplink: readonly (readonly [number, Uint8Array])[], downlink: readonly (readonly [number, Uint8Array])[]): LinkKeys {
  const set = (entries: readonly (readonly [number, Uint8Array])[]): KeySet => ({ activeKeyId: entries[0]![0], keys: new Map(entries) as KeyRing });
  return { uplink: set(uplink), downlink: set(downlink) };
}

function isSpacecraftId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= SPACECRAFT_ID_MAX;
}

function isKeyId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= KEY_ID_MAX;
}

/**
 * Makes sure the key file holds keys for every spacecraft of a fleet (the
 * ground of a fleet, at start): created with them all when missing (as
 * createKeyFile), or, for a format-3 file, fresh keys added for the
 * spacecraft it lacks (the file rewritten, mode 0600); the keys it already
 * holds are never changed. Says which were added. An older format is
 * refused: a lone ground upgrades it (readOrCreateKeyFile) first.
 */
export function addFleetKeys(
  path: string,
  makeFolder: boolean,
  spacecraftIds: readonly number[],
): Outcome<{ readonly created: boolean; readonly added: readonly number[] }> {
  if (!fileExists(path)) {
    const created = createKeyFile(path, makeFolder, spacecraftIds);
    return created.ok ? accept({ created: true, added: [...spacecraftIds] }) : created;
  }
  const parsed = readParsed(path);
  if (!parsed.ok) return parsed;
  if (parsed.value.format !== KEY_FILE_FORMAT) {
    return fail(
      `key file ${path} is format ${parsed.value.format}: a fleet needs ${KEY_FILE_FORMAT} (start one ground on it first, which rewrites it, or move it aside)`,
    );
  }
  const bad = spacecraftIds.find((id) => !isSpacecraftId(id));
  if (bad !== undefined) return fail(`key file ${path}: spacecraft ${bad} is not 0..${SPACECRAFT_ID_MAX}`);
  const fleet = new Map<number, LinkKeys>();
  for (const [id, keys] of parsed.value.spacecraft) fleet.set(id, { uplink: keys.uplink, downlink: keys.downlink! });
  const added = spacecraftIds.filter((id) => !fleet.has(id));
  if (added.length === 0) return accept({ created: false, added });
  for (const id of added) fleet.set(id, { uplink: randomSet(1), downlink: randomSet(2) });
  const written = writeSecretFile(path, keyFileText(fleet), 'key file');
  return written.ok ? accept({ created: false, added }) : written;
}
