/**
 * `ground users add|list|remove|rotate`: the users file, edited in place by
 * its owner (it is mode 0600); a running `ground serve` takes the change up
 * within a second and reports it as a ground event. A new token is printed
 * once, alone on standard output; the file keeps only its SHA-256.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileExists, type Outcome } from '../../protocol/index.js';
import { ROLES, isRole } from '../auth/roles.js';
import { tokenSha256 } from '../auth/tokens.js';
import {
  addUser,
  defaultUsersFilePath,
  readTokenFile,
  readUsersFile,
  removeUser,
  rotateUser,
  tokenFilePathOf,
  writeTokenFile,
  writeUsersFile,
  type UsersDocument,
  type WithToken,
} from '../auth/users-file.js';
import { defaultKeyFilePath } from '../client/token.js';
import { EXIT, environmentError, usageError } from './exit-codes.js';
import { printJson } from './json.js';
import { table } from './table.js';

export const USERS_HELP = `Usage: ground users <add|list|remove|rotate> [NAME] [options]

The ground server's users, their roles and tokens, kept in the users file
(mode 0600; it holds each token's SHA-256, never the token). A running
ground serve takes changes up within a second.

  add NAME --role ROLE   a new user; prints its token alone on standard output, once
  list                   every user and role (never a token)
  remove NAME            the user's token stops working at once
  rotate NAME            a new token for the user, printed once; the old one stops working

Roles: viewer (reads), operator (also commands), flight-director (also
hazardous commands, parameter-table loads and saves, user administration).

Options:
  --role ROLE       add: ${ROLES.join(', ')}
  --users-file F    default: users.json beside the key file (${defaultUsersFilePath(defaultKeyFilePath())})
  --json            add, rotate: {"name", "role", "token"}; list: {"users": [...]}
  --help            this text

Exit codes: 0 done; 2 bad usage, unknown or existing user; 3 the users file
cannot be read or written.

Example: ground users add alice --role operator > alice.token`;

export function usersVerb(argv: readonly string[]): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { role: { type: 'string' }, 'users-file': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(`${USERS_HELP}\n`);
    return EXIT.ok;
  }
  const [action, name, ...extra] = positionals;
  if (extra.length > 0) throw usageError(`users ${action} takes one name; unexpected: ${extra.join(' ')}`);
  const path = resolve(values['users-file'] ?? defaultUsersFilePath(defaultKeyFilePath()));
  const json = values.json === true;
  const needName = () => {
    if (name === undefined) throw usageError(`users ${action} needs a user name`);
    return name;
  };
  switch (action) {
    case 'list': {
      const users = read(path, true).users.map(({ name: user, role, createdAtMs, rotatedAtMs }) => ({
        name: user,
        role,
        created: new Date(createdAtMs).toISOString(),
        ...(rotatedAtMs !== undefined ? { rotated: new Date(rotatedAtMs).toISOString() } : {}),
      }));
      if (json) printJson({ users });
      else process.stdout.write(users.length === 0 ? `no users in ${path}\n` : `${table(users).join('\n')}\n`);
      return EXIT.ok;
    }
    case 'add': {
      const user = needName();
      if (!isRole(values.role)) throw usageError(`users add needs --role ${ROLES.join('|')}${values.role !== undefined ? ` (not "${values.role}")` : ''}`);
      const added = check(addUser(read(path, false), user, values.role, Date.now()));
      save(path, added.document, values['users-file'] === undefined);
      announce(added, json, `added ${user} (${values.role}) to ${path}`);
      return EXIT.ok;
    }
    case 'rotate': {
      const user = needName();
      const before = read(path, true);
      const rotated = check(rotateUser(before, user, Date.now()));
      save(path, rotated.document);
      followTokenFile(path, before, user, rotated.token);
      announce(rotated, json, `new token for ${user} in ${path}; the old one no longer works`);
      return EXIT.ok;
    }
    case 'remove': {
      const user = needName();
      const before = read(path, true);
      save(path, check(removeUser(before, user)));
      followTokenFile(path, before, user, null);
      if (json) printJson({ removed: user });
      else process.stderr.write(`removed ${user} from ${path}; its token no longer works\n`);
      return EXIT.ok;
    }
    default:
      throw usageError(`users needs add, list, remove or rotate${action !== undefined ? ` (not "${action}")` : ''} (see: ground users --help)`);
  }
}

function read(path: string, mustExist: boolean): UsersDocument {
  if (!mustExist && !fileExists(path)) return { users: [] };
  const read = readUsersFile(path);
  if (!read.ok) throw environmentError(read.error);
  return read.value;
}

function check<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw usageError(outcome.error);
  return outcome.value;
}

function save(path: string, document: UsersDocument, makeFolder = false): void {
  const written = writeUsersFile(path, document, { makeFolder });
  if (!written.ok) throw environmentError(written.error);
}

/** The token alone on standard output (or the JSON), and what happened on standard error. */
function announce(made: WithToken, json: boolean, said: string): void {
  if (json) printJson({ name: made.user.name, role: made.user.role, token: made.token });
  else {
    process.stdout.write(`${made.token}\n`);
    process.stderr.write(`${said}; the token above is shown only this once\n`);
  }
}

/** The token file beside the users file follows its user: the new token after a rotation, gone after a removal. */
function followTokenFile(usersFile: string, before: UsersDocument, name: string, newToken: string | null): void {
  const tokenFile = tokenFilePathOf(usersFile);
  const held = fileExists(tokenFile) ? readTokenFile(tokenFile) : null;
  const owner = held?.ok ? before.users.find((user) => user.tokenSha256 === tokenSha256(held.value)) : undefined;
  if (owner?.name !== name) return;
  if (newToken === null) {
    rmSync(tokenFile, { force: true });
    process.stderr.write(`removed the token file ${tokenFile}, which held ${name}'s token\n`);
    return;
  }
  const written = writeTokenFile(tokenFile, newToken);
  if (!written.ok) throw environmentError(written.error);
  process.stderr.write(`the token file ${tokenFile} holds the new token\n`);
}
