/**
 * The users file: who may use the ground server, with which role. JSON with
 * mode 0600, beside the key file by default; it holds each token's SHA-256,
 * never a token:
 *
 *   { "format": "orbital-ground-users/1",
 *     "users": [ { "name": "local", "role": "flight-director",
 *                  "tokenSha256": "<64 hex digits>", "createdAtMs": 1795960734113 } ] }
 *
 * Changes are pure functions of the document (each returns the new one and,
 * where a token is made, that token once); the caller writes the file.
 */
import { dirname, join } from 'node:path';
import { accept, fail, fileExists, readSecretFile, writeSecretFile, type Outcome, type SecretWrite } from '../../protocol/index.js';
import { isRole, ROLES, type Role } from './roles.js';
import { newToken, tokenSha256 } from './tokens.js';

export const USERS_FILE_FORMAT = 'orbital-ground-users/1';
/** The most users a file may hold. */
export const USERS_MAX = 256;
/** The user `ground serve` creates when there is no users file. */
export const LOCAL_USER = 'local';
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

export interface User {
  readonly name: string;
  readonly role: Role;
  readonly tokenSha256: string;
  readonly createdAtMs: number;
  /** When the token was last replaced. */
  readonly rotatedAtMs?: number;
}

export interface UsersDocument {
  readonly users: readonly User[];
}

/** A change that made a token: the new document and the token, to be shown once. */
export interface WithToken {
  readonly document: UsersDocument;
  readonly user: User;
  readonly token: string;
}

/** users.json beside the key file. */
export const defaultUsersFilePath = (keyFile: string): string => join(dirname(keyFile), 'users.json');
/** The token file the CLI reads by default: beside the users file. */
export const tokenFilePathOf = (usersFile: string): string => join(dirname(usersFile), 'ground-token');

export function checkUserName(name: string): Outcome<string> {
  return NAME_PATTERN.test(name) ? accept(name) : fail(`user name "${name}" must be 1-32 letters, digits, ".", "_" or "-", starting with a letter or digit`);
}

export function readUsersFile(path: string): Outcome<UsersDocument> {
  const text = readSecretFile(path, 'users file');
  return text.ok ? parseUsers(path, text.value) : text;
}

export function parseUsers(path: string, text: string): Outcome<UsersDocument> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return fail(`users file ${path} is not JSON`);
  }
  const doc = (document ?? {}) as { format?: unknown; users?: unknown };
  if (doc.format !== USERS_FILE_FORMAT) return fail(`users file ${path}: "format" must be "${USERS_FILE_FORMAT}"`);
  if (!Array.isArray(doc.users) || doc.users.length > USERS_MAX) return fail(`users file ${path}: "users" must be an array of at most ${USERS_MAX}`);
  const users: User[] = [];
  for (const [index, entry] of (doc.users as unknown[]).entries()) {
    const { name, role, tokenSha256: hash, createdAtMs, rotatedAtMs } = (entry ?? {}) as Record<string, unknown>;
    const at = `users file ${path}: users[${index}]`;
    if (typeof name !== 'string' || !checkUserName(name).ok) return fail(`${at}.name is not a user name`);
    if (users.some((user) => user.name === name)) return fail(`${at}: the user ${name} appears twice`);
    if (!isRole(role)) return fail(`${at}.role must be one of ${ROLES.join(', ')}`);
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) return fail(`${at}.tokenSha256 must be 64 lower-case hex digits`);
    if (typeof createdAtMs !== 'number' || !Number.isFinite(createdAtMs)) return fail(`${at}.createdAtMs must be a time in milliseconds`);
    if (rotatedAtMs !== undefined && (typeof rotatedAtMs !== 'number' || !Number.isFinite(rotatedAtMs)))
      return fail(`${at}.rotatedAtMs must be a time in milliseconds`);
    users.push({ name, role, tokenSha256: hash, createdAtMs, ...(rotatedAtMs !== undefined ? { rotatedAtMs } : {}) });
  }
  return accept({ users });
}

export function writeUsersFile(path: string, document: UsersDocument, options: SecretWrite = {}): Outcome<null> {
  return writeSecretFile(path, `${JSON.stringify({ format: USERS_FILE_FORMAT, users: document.users }, null, 2)}\n`, 'users file', options);
}

export function addUser(document: UsersDocument, name: string, role: Role, nowMs: number): Outcome<WithToken> {
  const checked = checkUserName(name);
  if (!checked.ok) return checked;
  if (document.users.some((user) => user.name === name)) return fail(`the user ${name} exists already (ground users rotate ${name} gives it a new token)`);
  if (document.users.length >= USERS_MAX) return fail(`the users file holds ${USERS_MAX} users, the most it may`);
  const token = newToken();
  const user: User = { name, role, tokenSha256: tokenSha256(token), createdAtMs: nowMs };
  return accept({ document: { users: [...document.users, user] }, user, token });
}

export function removeUser(document: UsersDocument, name: string): Outcome<UsersDocument> {
  if (!document.users.some((user) => user.name === name)) return fail(`there is no user ${name}`);
  return accept({ users: document.users.filter((user) => user.name !== name) });
}

/** A new token for a user; the old one stops working. */
export function rotateUser(document: UsersDocument, name: string, nowMs: number): Outcome<WithToken> {
  const old = document.users.find((user) => user.name === name);
  if (!old) return fail(`there is no user ${name}`);
  const token = newToken();
  const user: User = { ...old, tokenSha256: tokenSha256(token), rotatedAtMs: nowMs };
  return accept({ document: { users: document.users.map((each) => (each.name === name ? user : each)) }, user, token });
}

/** The token file: the token alone on one line, mode 0600. */
export function writeTokenFile(path: string, token: string): Outcome<null> {
  return writeSecretFile(path, `${token}\n`, 'token file');
}

export function readTokenFile(path: string): Outcome<string> {
  const text = readSecretFile(path, 'token file');
  if (!text.ok) return text;
  const token = text.value.trim();
  return token === '' ? fail(`token file ${path} is empty`) : accept(token);
}

export interface BootstrappedUsers {
  readonly document: UsersDocument;
  /** Set when the file was created now: where the local flight director's token was written. */
  readonly createdTokenFile: string | null;
}

/**
 * The users `ground serve` starts with: the file as it is, or, when there is
 * none, a new one holding the flight director `local`, whose token goes to
 * the token file beside it (the CLI reads it from there). Its folder must
 * exist unless `makeFolder` (the default place).
 */
export function readOrCreateUsersFile(path: string, nowMs: number, makeFolder = false): Outcome<BootstrappedUsers> {
  if (fileExists(path)) {
    const read = readUsersFile(path);
    return read.ok ? accept({ document: read.value, createdTokenFile: null }) : read;
  }
  const added = addUser({ users: [] }, LOCAL_USER, 'flight-director', nowMs);
  if (!added.ok) return added;
  const tokenFile = tokenFilePathOf(path);
  // The users file first (it checks the folder), then the token file beside it.
  const written = writeUsersFile(path, added.value.document, { exclusive: true, makeFolder });
  if (!written.ok) return written;
  const tokenWritten = writeTokenFile(tokenFile, added.value.token);
  if (!tokenWritten.ok) return tokenWritten;
  return accept({ document: added.value.document, createdTokenFile: tokenFile });
}
