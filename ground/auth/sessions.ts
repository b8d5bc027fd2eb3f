/**
 * Browser sessions: ROUTES.login (ground/api/routes.ts) with a token gives a random session
 * id in an HttpOnly, SameSite=Strict cookie. A session stands for its user
 * as long as the user keeps the token it logged in with (removing the user
 * or rotating the token ends it), and at most SESSION_TTL_MS. Bounded: the
 * oldest session is forgotten first.
 */
import { randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'orbital_session';
export const SESSION_TTL_MS = 12 * 3_600_000;
export const SESSIONS_MAX = 1024;

export interface Session {
  readonly name: string;
  /** The token's hash at login: the session ends when the user's token changes. */
  readonly tokenSha256: string;
  readonly expiresAtMs: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly nowMs: () => number) {}

  get size(): number {
    return this.sessions.size;
  }

  open(name: string, tokenSha256: string): { id: string; session: Session } {
    const id = randomBytes(32).toString('base64url');
    const session: Session = { name, tokenSha256, expiresAtMs: this.nowMs() + SESSION_TTL_MS };
    this.sessions.set(id, session);
    while (this.sessions.size > SESSIONS_MAX) this.sessions.delete(this.sessions.keys().next().value as string);
    return { id, session };
  }

  /** The live session of an id, or undefined (an expired one is forgotten). */
  get(id: string): Session | undefined {
    const session = this.sessions.get(id);
    if (session && session.expiresAtMs <= this.nowMs()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  close(id: string): void {
    this.sessions.delete(id);
  }
}

/** The session id in a Cookie header, if any. */
export function sessionIdOf(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

export function sessionCookie(id: string): string {
  return `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_TTL_MS / 1000}`;
}

export const CLEARED_SESSION_COOKIE = `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
