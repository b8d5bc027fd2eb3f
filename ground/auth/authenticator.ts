/**
 * Who is asking: a request's bearer token or session cookie against the
 * users file. The file is read at start (created with the flight director
 * `local` when missing), and read again when it changes on disk (at most
 * once a second), so `ground users add` takes effect on a running server;
 * every difference becomes a ground event. Failed logins are counted, slowed
 * down per remote address and reported. User administration through the API
 * writes the file and reports the same events.
 */
import { statSync } from 'node:fs';
import { accept, fail, type Outcome } from '../../protocol/index.js';
import { ROUTES, routeLabel } from '../api/routes.js';
import type { GroundEventName } from '../server/ground-events.js';
import { LoginThrottle, type FailedLogin, type LoginThrottleOptions } from './login-throttle.js';
import type { Role } from './roles.js';
import { SessionStore, sessionIdOf, type Session } from './sessions.js';
import { looksLikeToken, tokenSha256 } from './tokens.js';
import {
  addUser,
  readOrCreateUsersFile,
  readUsersFile,
  removeUser,
  rotateUser,
  writeUsersFile,
  type User,
  type UsersDocument,
  type WithToken,
} from './users-file.js';

/** How often, at most, the users file is looked at for changes. */
export const USERS_FILE_CHECK_MS = 1000;

export interface AuthUser {
  readonly name: string;
  readonly role: Role;
}

export type AuthFailureReason = 'missing' | 'unknown-token' | 'unknown-session' | 'malformed';

export type AuthResult =
  | { readonly ok: true; readonly user: AuthUser; readonly via: 'token' | 'session' }
  | { readonly ok: false; readonly reason: AuthFailureReason; readonly error: string };

export interface AuthCounters {
  /** Requests refused for want of a good token or session, by reason. */
  readonly failures: number;
  readonly failuresByReason: Readonly<Record<string, number>>;
  /** Failed attempts answered late (per-address slow-down). */
  readonly slowed: number;
  readonly sessions: number;
  readonly users: number;
}

export interface AuthenticatorOptions {
  readonly usersFile: string;
  readonly nowMs: () => number;
  /** Lines for the operator (never a token). */
  readonly log: (line: string) => void;
  /** A ground event (user administration, failed logins). */
  readonly event: (name: GroundEventName, args: Readonly<Record<string, string | number>>) => void;
  readonly throttle?: LoginThrottleOptions;
  /** May create the users file's folder (the default place only). */
  readonly makeFolder?: boolean;
}

interface FileStamp {
  readonly mtimeMs: number;
  readonly size: number;
  readonly ino: number;
}

export class Authenticator {
  readonly sessions: SessionStore;
  private readonly throttle: LoginThrottle;
  private document: UsersDocument;
  private byHash = new Map<string, User>();
  private stamp: FileStamp | null;
  private lastCheckMs: number;
  private lastProblem: string | null = null;
  private failures = 0;
  private readonly failuresByReason: Record<string, number> = {};

  private constructor(
    private readonly options: AuthenticatorOptions,
    document: UsersDocument,
  ) {
    this.document = document;
    this.index();
    this.sessions = new SessionStore(options.nowMs);
    this.throttle = new LoginThrottle(options.nowMs, options.throttle);
    this.stamp = stampOf(options.usersFile);
    this.lastCheckMs = options.nowMs();
  }

  /** Reads the users file, or creates it with `local` (its token in the token file beside it, said in the log). */
  static open(options: AuthenticatorOptions): Outcome<Authenticator> {
    const read = readOrCreateUsersFile(options.usersFile, options.nowMs(), options.makeFolder === true);
    if (!read.ok) return read;
    if (read.value.createdTokenFile !== null) {
      options.log(
        `created users file ${options.usersFile} with the flight director "local"; its token is in ${read.value.createdTokenFile} (mode 0600), where the CLI finds it`,
      );
    } else {
      options.log(
        `users from ${options.usersFile} (${read.value.document.users.length}); add one with: npx ground users add NAME --role viewer|operator|flight-director --users-file ${options.usersFile}`,
      );
    }
    return accept(new Authenticator(options, read.value.document));
  }

  get counters(): AuthCounters {
    return {
      failures: this.failures,
      failuresByReason: { ...this.failuresByReason },
      slowed: this.throttle.slowed,
      sessions: this.sessions.size,
      users: this.document.users.length,
    };
  }

  /** The user behind a request's Authorization (Bearer) or session cookie. */
  authenticate(headers: { readonly authorization?: string | undefined; readonly cookie?: string | undefined }): AuthResult {
    this.refresh();
    const authorization = headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) return this.refused('malformed', 'the Authorization header must be "Bearer <token>"');
      const user = this.userOfToken(match[1]!);
      return user
        ? { ok: true, user, via: 'token' }
        : this.refused('unknown-token', "the token is not one of this ground server's users (a wrong, removed or rotated token)");
    }
    const sessionId = sessionIdOf(headers.cookie);
    if (sessionId !== undefined) {
      const user = this.userOfSession(sessionId);
      return user
        ? { ok: true, user, via: 'session' }
        : this.refused('unknown-session', `the session has ended (expired, logged out, or its user changed): log in again with ${routeLabel(ROUTES.login)}`);
    }
    return this.refused(
      'missing',
      `this ground server needs a token: send "Authorization: Bearer <token>" (the CLI reads --token-file, $ORBITAL_GROUND_TOKEN or the token file beside the key file), or log in with ${routeLabel(ROUTES.login)}`,
    );
  }

  /** A browser login: the token for a session. */
  login(token: unknown): Outcome<{ readonly id: string; readonly session: Session; readonly user: AuthUser }> {
    this.refresh();
    const user = typeof token === 'string' ? this.userOfToken(token) : undefined;
    if (!user) {
      this.count('unknown-token');
      return fail("the token is not one of this ground server's users");
    }
    const opened = this.sessions.open(user.name, tokenSha256(token as string));
    return accept({ ...opened, user });
  }

  logout(cookieHeader: string | undefined): void {
    const id = sessionIdOf(cookieHeader);
    if (id !== undefined) this.sessions.close(id);
  }

  /** After a refusal: how long to wait before answering; reports the address as a ground event at most once a window. */
  failedFrom(address: string, reason: AuthFailureReason): FailedLogin {
    const failed = this.throttle.failed(address);
    if (failed.report > 0) this.options.event('login_failed', { remote: address, failures: failed.report, reason });
    return failed;
  }

  succeededFrom(address: string): void {
    this.throttle.succeeded(address);
  }

  // ------------------------------------------------------------ user administration (API)

  users(): Array<{ name: string; role: Role; createdAtMs: number; rotatedAtMs?: number }> {
    this.refresh();
    return this.document.users.map(({ name, role, createdAtMs, rotatedAtMs }) => ({
      name,
      role,
      createdAtMs,
      ...(rotatedAtMs !== undefined ? { rotatedAtMs } : {}),
    }));
  }

  add(name: string, role: Role, by: string): Outcome<WithToken> {
    this.refresh();
    const added = addUser(this.document, name, role, this.options.nowMs());
    if (!added.ok) return added;
    const saved = this.save(added.value.document);
    if (!saved.ok) return saved;
    this.options.event('user_added', { user: name, role, by });
    return added;
  }

  remove(name: string, by: string): Outcome<null> {
    this.refresh();
    const removed = removeUser(this.document, name);
    if (!removed.ok) return removed;
    const saved = this.save(removed.value);
    if (!saved.ok) return saved;
    this.options.event('user_removed', { user: name, by });
    return accept(null);
  }

  rotate(name: string, by: string): Outcome<WithToken> {
    this.refresh();
    const rotated = rotateUser(this.document, name, this.options.nowMs());
    if (!rotated.ok) return rotated;
    const saved = this.save(rotated.value.document);
    if (!saved.ok) return saved;
    this.options.event('user_token_rotated', { user: name, by });
    return rotated;
  }

  // ---------------------------------------------------------------- internals

  private refused(reason: AuthFailureReason, error: string): AuthResult {
    this.count(reason);
    return { ok: false, reason, error };
  }

  private count(reason: string): void {
    this.failures++;
    this.failuresByReason[reason] = (this.failuresByReason[reason] ?? 0) + 1;
  }

  private userOfToken(token: string): AuthUser | undefined {
    if (!looksLikeToken(token)) return undefined;
    const user = this.byHash.get(tokenSha256(token));
    return user ? { name: user.name, role: user.role } : undefined;
  }

  private userOfSession(id: string): AuthUser | undefined {
    const session = this.sessions.get(id);
    const user = session ? this.byHash.get(session.tokenSha256) : undefined;
    if (!session || !user || user.name !== session.name) {
      if (session) this.sessions.close(id);
      return undefined;
    }
    return { name: user.name, role: user.role };
  }

  private index(): void {
    this.byHash = new Map(this.document.users.map((user) => [user.tokenSha256, user]));
  }

  private save(document: UsersDocument): Outcome<null> {
    const written = writeUsersFile(this.options.usersFile, document);
    if (!written.ok) return written;
    this.document = document;
    this.index();
    this.stamp = stampOf(this.options.usersFile);
    return accept(null);
  }

  /** Takes up the file again when it changed on disk (another process: `ground users ...`), reporting each difference. */
  private refresh(): void {
    const now = this.options.nowMs();
    if (now - this.lastCheckMs < USERS_FILE_CHECK_MS) return;
    this.lastCheckMs = now;
    const stamp = stampOf(this.options.usersFile);
    if (stamp !== null && this.stamp !== null && stamp.mtimeMs === this.stamp.mtimeMs && stamp.size === this.stamp.size && stamp.ino === this.stamp.ino) return;
    const read = readUsersFile(this.options.usersFile);
    if (!read.ok) {
      if (read.error !== this.lastProblem) this.options.log(`${read.error}: keeping the ${this.document.users.length} users read before`);
      this.lastProblem = read.error;
      return;
    }
    this.lastProblem = null;
    this.stamp = stamp;
    const before = new Map(this.document.users.map((user) => [user.name, user]));
    const by = 'the users file';
    for (const user of read.value.users) {
      const old = before.get(user.name);
      if (!old) this.options.event('user_added', { user: user.name, role: user.role, by });
      else {
        if (old.role !== user.role) this.options.event('user_role_changed', { user: user.name, from: old.role, to: user.role, by });
        if (old.tokenSha256 !== user.tokenSha256) this.options.event('user_token_rotated', { user: user.name, by });
      }
      before.delete(user.name);
    }
    for (const name of before.keys()) this.options.event('user_removed', { user: name, by });
    this.document = read.value;
    this.index();
  }
}

function stampOf(path: string): FileStamp | null {
  try {
    const stat = statSync(path);
    return { mtimeMs: stat.mtimeMs, size: stat.size, ino: stat.ino };
  } catch {
    return null;
  }
}
