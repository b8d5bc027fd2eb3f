/**
 * The operator API's routes, as ground/api/contract.ts declares them: each
 * with the least role it needs (null: open to anyone, for the login
 * itself). Handlers get the checked query, the parsed body and the user.
 */
import type { Dictionary } from '../../protocol/index.js';
import type { StatusResponse } from '../api/contract.js';
import type { Archive } from '../archive/archive.js';
import { archiveCsv, archiveRows, checkSelection, type ArchiveKind } from '../archive/queries.js';
import type { AuthUser, Authenticator } from '../auth/authenticator.js';
import { isRole, ROLES, type Role } from '../auth/roles.js';
import { CLEARED_SESSION_COOKIE, sessionCookie } from '../auth/sessions.js';
import { apiFailure, type ApiFailure, type Submitted } from './api-result.js';
import type { LatestTelemetry } from './latest-telemetry.js';
import type { Query } from './query.js';

export interface ApiDeps {
  readonly status: () => StatusResponse;
  readonly submit: (body: unknown, user: AuthUser) => Submitted;
  readonly archive: Archive;
  readonly latest: LatestTelemetry;
  readonly auth: Authenticator;
  readonly dictionary: Dictionary;
}

export type Reply = ({ readonly status: number; readonly json: unknown } | { readonly status: number; readonly csv: string } | ApiFailure) & {
  readonly headers?: Readonly<Record<string, string>>;
};

export interface RouteContext {
  readonly match: RegExpExecArray;
  readonly query: Query;
  readonly body: unknown;
  /** The user; absent only on an open route. */
  readonly user: AuthUser | undefined;
  readonly remote: string;
  /** The request's Cookie header (the session routes read it). */
  readonly cookie: string | undefined;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: RegExp;
  /** The least role needed; null: no login needed (the login itself). */
  readonly needs: Role | null;
  readonly handle: (context: RouteContext) => Reply | Promise<Reply>;
}

const ok = (json: unknown, status = 200, headers?: Record<string, string>): Reply => ({ status, json, ...(headers ? { headers } : {}) });
const notFound = (what: string): ApiFailure => apiFailure(404, 'not-found', `${what} not found`);
const found = (value: unknown, what: string): Reply => (value === undefined ? notFound(what) : ok(value));
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

const route = (method: Route['method'], path: RegExp, needs: Role | null, handle: Route['handle']): Route => ({ method, path, needs, handle });

export function apiRoutes(deps: ApiDeps): Route[] {
  const { archive, auth } = deps;
  return [
    ...sessionRoutes(auth),
    route('GET', /^\/api\/status$/, 'viewer', () => ok(deps.status())),
    route('POST', /^\/api\/commands$/, 'operator', ({ body, user }) => {
      const submitted = deps.submit(body, user!);
      return submitted.ok ? ok({ command: submitted.record }, 202) : submitted;
    }),
    route('GET', /^\/api\/commands$/, 'viewer', ({ query }) =>
      ok({ commands: archive.commands.after(query.afterId(), query.limit(), query.boolean('pending')) }),
    ),
    route('GET', /^\/api\/commands\/(\d+)$/, 'viewer', ({ match }) => found(archive.commands.get(Number(match[1])), `command ${match[1]}`)),
    route('GET', /^\/api\/telemetry\/latest$/, 'viewer', ({ query }) => ok({ packets: deps.latest.packets(query.string('packet')) })),
    route('GET', /^\/api\/events$/, 'viewer', ({ query }) => ok({ events: archive.telemetry.eventsAfter(query.afterId(), query.limit(), query.severity()) })),
    route('GET', /^\/api\/jobs$/, 'viewer', ({ query }) => ok({ jobs: archive.jobs.all(query.limit()) })),
    route('GET', /^\/api\/jobs\/(\d+)$/, 'viewer', ({ match }) => found(archive.jobs.get(Number(match[1])), `job ${match[1]}`)),
    route('GET', /^\/api\/jobs\/(\d+)\/result$/, 'viewer', ({ match }) => {
      const result = archive.jobs.result(Number(match[1]));
      if (!result) return notFound(`job ${match[1]}`);
      return result.ok ? ok(result.value) : apiFailure(409, 'conflict', result.error);
    }),
    route('GET', /^\/api\/archive\/(telemetry|events|commands)$/, 'viewer', ({ match, query }) => {
      const kind = match[1] as ArchiveKind;
      const selection = checkSelection(deps.dictionary, kind, {
        ...query.range(),
        ...(query.string('packet') !== undefined ? { packet: query.string('packet')! } : {}),
        ...(query.string('param') !== undefined ? { param: query.string('param')! } : {}),
        ...(kind === 'events' ? { severity: query.severity() } : {}),
      });
      if (!selection.ok) return apiFailure(400, 'bad-request', selection.error);
      const rows = archiveRows(archive, kind, selection.value);
      return query.format() === 'json' ? ok({ rows }) : { status: 200, csv: archiveCsv(kind, rows) };
    }),
    ...userRoutes(auth),
  ];
}

/** Browser logins: a token for an HttpOnly, SameSite=Strict session cookie. */
function sessionRoutes(auth: Authenticator): Route[] {
  return [
    route('POST', /^\/api\/session$/, null, ({ body }) => {
      const login = auth.login(isObject(body) ? body.token : undefined);
      if (!login.ok) return apiFailure(401, 'unauthorized', `${login.error}: POST /api/session wants {"token": "<token>"}`);
      const { id, session, user } = login.value;
      return ok({ user, expiresAtMs: session.expiresAtMs }, 200, { 'set-cookie': sessionCookie(id) });
    }),
    route('GET', /^\/api\/session$/, 'viewer', ({ user }) => ok({ user })),
    route('DELETE', /^\/api\/session$/, null, ({ cookie }) => {
      auth.logout(cookie);
      return ok({ loggedOut: true }, 200, { 'set-cookie': CLEARED_SESSION_COOKIE });
    }),
  ];
}

/** User administration: flight directors only; every change is a ground event. */
function userRoutes(auth: Authenticator): Route[] {
  return [
    route('GET', /^\/api\/users$/, 'flight-director', () => ok({ users: auth.users() })),
    route('POST', /^\/api\/users$/, 'flight-director', ({ body, user }) => {
      if (!isObject(body) || typeof body.name !== 'string' || !isRole(body.role)) {
        return apiFailure(400, 'bad-request', `the body must be {"name": "<user>", "role": "${ROLES.join('" | "')}"}`);
      }
      const added = auth.add(body.name, body.role, user!.name);
      return added.ok
        ? ok({ user: { name: added.value.user.name, role: added.value.user.role }, token: added.value.token }, 201)
        : apiFailure(409, 'conflict', added.error);
    }),
    route('POST', /^\/api\/users\/([^/]+)\/rotate$/, 'flight-director', ({ match, user }) => {
      const rotated = auth.rotate(decodeURIComponent(match[1]!), user!.name);
      return rotated.ok
        ? ok({ user: { name: rotated.value.user.name, role: rotated.value.user.role }, token: rotated.value.token })
        : notFound(`user ${match[1]}`);
    }),
    route('DELETE', /^\/api\/users\/([^/]+)$/, 'flight-director', ({ match, user }) => {
      const name = decodeURIComponent(match[1]!);
      const removed = auth.remove(name, user!.name);
      return removed.ok ? ok({ removed: name }) : notFound(`user ${name}`);
    }),
  ];
}
