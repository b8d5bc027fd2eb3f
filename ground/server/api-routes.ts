/**
 * The handlers of the operator API's routes, one for each route that
 * ground/api/routes.ts declares (method, path, role: the table both the
 * server and the client use); the live stream is served by the upgrade
 * (ground-server.ts). Handlers get the route's path parameters, the checked
 * query, the parsed body and the user.
 */
import { dictionaryDocument, type Dictionary } from '../../protocol/index.js';
import type { FleetResponse, PassList, StatusResponse } from '../api/contract.js';
import { ROUTES, routeLabel, type MatchedParams, type RouteDef, type RouteName } from '../api/routes.js';
import { archiveCsv, archiveRows, checkSelection, type ArchiveKind } from '../archive/queries.js';
import type { AuthUser, Authenticator } from '../auth/authenticator.js';
import { isRole, ROLES } from '../auth/roles.js';
import { CLEARED_SESSION_COOKIE, sessionCookie } from '../auth/sessions.js';
import { apiFailure, type ApiFailure } from './api-result.js';
import type { Query } from './query.js';
import type { FleetDispatcher } from './fleet-dispatcher.js';
import { mergedRows, type ArchiveRowSource } from './archive-fanout.js';
import { SHELVE_MINUTES_MAX } from './alarm-book.js';
import type { SpacecraftGround } from './spacecraft-ground.js';

export interface ApiDeps {
  /** The status of the spacecraft the query names (?sc=NAME, or the only one). */
  readonly status: (query: Query) => StatusResponse;
  readonly fleet: () => FleetResponse;
  /** The spacecraft the query names, or the only one; throws a QueryError (400, or 404 for a name not in the fleet). */
  readonly spacecraft: (query: Query) => Pick<SpacecraftGround, 'archive' | 'latest' | 'commander' | 'alarmBook' | 'acknowledgeAlarm' | 'shelveAlarm'>;
  /** The passes of the spacecraft the query names (?sc=, ?fromS=, ?hours=). */
  readonly passes: (query: Query) => PassList;
  /** What an archive query reads (?sc=NAME, ?sc=A,B or ?sc=*); throws a QueryError like `spacecraft`. */
  readonly archiveSources: (query: Query) => { readonly sources: readonly ArchiveRowSource[]; readonly several: boolean };
  readonly fleetJobs: Pick<FleetDispatcher, 'submit' | 'cancel' | 'list' | 'get' | 'result'>;
  readonly auth: Authenticator;
  readonly dictionary: Dictionary;
}

export type Reply = ({ readonly status: number; readonly json: unknown } | { readonly status: number; readonly csv: string } | ApiFailure) & {
  readonly headers?: Readonly<Record<string, string>>;
};

export interface RouteContext<R extends RouteDef = RouteDef> {
  /** The route's path parameters, as they appear in the path (not URI-decoded). */
  readonly params: MatchedParams<R>;
  readonly query: Query;
  readonly body: unknown;
  /** The user; absent only on an open route. */
  readonly user: AuthUser | undefined;
  readonly remote: string;
  /** The request's Cookie header (the session routes read it). */
  readonly cookie: string | undefined;
}

export interface Route {
  readonly def: RouteDef;
  readonly handle: (context: RouteContext) => Reply | Promise<Reply>;
}

type Handlers = { readonly [Name in Exclude<RouteName, 'stream'>]: (context: RouteContext<(typeof ROUTES)[Name]>) => Reply | Promise<Reply> };

const ok = (json: unknown, status = 200, headers?: Record<string, string>): Reply => ({ status, json, ...(headers ? { headers } : {}) });
const notFound = (what: string): ApiFailure => apiFailure(404, 'not-found', `${what} not found`);
const found = (value: unknown, what: string): Reply => (value === undefined ? notFound(what) : ok(value));
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The route table with a handler for each route (the stream excepted). */
export function apiRoutes(deps: ApiDeps): Route[] {
  const handlers = { ...sessionHandlers(deps.auth), ...dataHandlers(deps), ...fleetJobHandlers(deps.fleetJobs), ...userHandlers(deps.auth) } satisfies Handlers;
  return (Object.keys(handlers) as (keyof Handlers)[]).map((name) => ({ def: ROUTES[name], handle: handlers[name] as Route['handle'] }));
}

function dataHandlers(deps: ApiDeps) {
  const archiveOf = (query: Query) => deps.spacecraft(query).archive;
  const document = dictionaryDocument(deps.dictionary);
  return {
    dictionary: () => ok(document),
    status: ({ query }: RouteContext) => ok(deps.status(query)),
    fleet: () => ok(deps.fleet()),
    sendCommand: ({ body, user, query }: RouteContext) => {
      const submitted = deps.spacecraft(query).commander.submit(body, user!);
      return submitted.ok ? ok({ command: submitted.record }, 202) : submitted;
    },
    commands: ({ query }: RouteContext) =>
      ok({ commands: archiveOf(query).commands.after(query.afterId(), query.limit(), query.boolean('pending'), query.boolean('newest')) }),
    command: ({ params, query }: RouteContext<typeof ROUTES.command>) => found(archiveOf(query).commands.get(Number(params.id)), `command ${params.id}`),
    latestTelemetry: ({ query }: RouteContext) => ok({ packets: deps.spacecraft(query).latest.packets(query.string('packet')) }),
    events: ({ query }: RouteContext) =>
      ok({ events: archiveOf(query).telemetry.eventsAfter(query.afterId(), query.limit(), query.severity(), query.boolean('newest')) }),
    passes: ({ query }: RouteContext) => ok(deps.passes(query)),
    alarms: ({ query }: RouteContext) => {
      const book = deps.spacecraft(query).alarmBook;
      return ok({ alarms: book.list(), open: book.counts().open, dropped: book.dropped, keepFailures: book.keepFailures });
    },
    acknowledgeAlarm: ({ query, body, user }: RouteContext) => {
      const key = isObject(body) && typeof body.key === 'string' ? body.key : null;
      if (key === null) return apiFailure(400, 'bad-request', 'the body must be {"key": "<alarm key>"} (GET /api/alarms lists them)');
      return found(deps.spacecraft(query).acknowledgeAlarm(key, user!.name) ?? undefined, `alarm ${key}`);
    },
    shelveAlarm: ({ query, body, user }: RouteContext) => {
      const key = isObject(body) && typeof body.key === 'string' ? body.key : null;
      const minutes = isObject(body) ? body.minutes : undefined;
      if (key === null || typeof minutes !== 'number' || !(minutes > 0 && minutes <= SHELVE_MINUTES_MAX))
        return apiFailure(400, 'bad-request', `the body must be {"key": "<alarm key>", "minutes": 1..${SHELVE_MINUTES_MAX}}`);
      return found(deps.spacecraft(query).shelveAlarm(key, user!.name, minutes) ?? undefined, `alarm ${key}`);
    },
    jobs: ({ query }: RouteContext) => ok({ jobs: archiveOf(query).jobs.all(query.limit()) }),
    job: ({ params, query }: RouteContext<typeof ROUTES.job>) => found(archiveOf(query).jobs.get(Number(params.jobId)), `job ${params.jobId}`),
    jobResult: ({ params, query }: RouteContext<typeof ROUTES.jobResult>) => {
      const result = archiveOf(query).jobs.result(Number(params.jobId));
      if (!result) return notFound(`job ${params.jobId}`);
      return result.ok ? ok(result.value) : apiFailure(409, 'conflict', result.error);
    },
    archive: async ({ params, query }: RouteContext<typeof ROUTES.archive>): Promise<Reply> => {
      const kind = params.kind as ArchiveKind;
      const chosen = deps.archiveSources(query);
      const selection = checkSelection(deps.dictionary, kind, {
        ...query.range(),
        ...(query.string('packet') !== undefined ? { packet: query.string('packet')! } : {}),
        ...(query.string('param') !== undefined ? { param: query.string('param')! } : {}),
        ...(kind === 'events' ? { severity: query.severity() } : {}),
      });
      if (!selection.ok) return apiFailure(400, 'bad-request', selection.error);
      const format = query.format();
      if (!chosen.several) {
        const rows = archiveRows(archiveOf(query), kind, selection.value);
        return format === 'json' ? ok({ rows }) : { status: 200, csv: archiveCsv(kind, rows) };
      }
      const merged = await mergedRows(chosen.sources, kind, selection.value);
      if (!merged.ok) return apiFailure(503, 'unavailable', merged.error);
      return format === 'json' ? ok(merged.value) : { status: 200, csv: archiveCsv(kind, merged.value.rows, { spacecraft: true }) };
    },
  };
}

/** The fleet job service: jobs for the fleet, no spacecraft named. */
function fleetJobHandlers(jobs: ApiDeps['fleetJobs']) {
  const answer = <T>(outcome: { readonly ok: true; readonly value: T } | ApiFailure, status = 200, wrap?: (value: T) => unknown): Reply =>
    outcome.ok ? ok(wrap ? wrap(outcome.value) : outcome.value, status) : outcome;
  return {
    fleetJobs: ({ query }: RouteContext) => answer(jobs.list(query.afterId(), query.limit(), query.string('state'), query.boolean('newest'))),
    submitFleetJob: ({ body, user }: RouteContext) => answer(jobs.submit(body, user!), 202, (job) => ({ job })),
    fleetJob: ({ params }: RouteContext<typeof ROUTES.fleetJob>) => found(jobs.get(Number(params.jobId)), `fleet job ${params.jobId}`),
    fleetJobResult: ({ params }: RouteContext<typeof ROUTES.fleetJobResult>) => answer(jobs.result(Number(params.jobId))),
    cancelFleetJob: ({ params }: RouteContext<typeof ROUTES.cancelFleetJob>) => answer(jobs.cancel(Number(params.jobId)), 200, (job) => ({ job })),
  };
}

/** Browser logins: a token for an HttpOnly, SameSite=Strict session cookie. */
function sessionHandlers(auth: Authenticator) {
  return {
    login: ({ body }: RouteContext) => {
      const login = auth.login(isObject(body) ? body.token : undefined);
      if (!login.ok) return apiFailure(401, 'unauthorized', `${login.error}: ${routeLabel(ROUTES.login)} wants {"token": "<token>"}`);
      const { id, session, user } = login.value;
      return ok({ user, expiresAtMs: session.expiresAtMs }, 200, { 'set-cookie': sessionCookie(id) });
    },
    session: ({ user }: RouteContext) => ok({ user }),
    logout: ({ cookie }: RouteContext) => {
      auth.logout(cookie);
      return ok({ loggedOut: true }, 200, { 'set-cookie': CLEARED_SESSION_COOKIE });
    },
  };
}

/** User administration: flight directors only; every change is a ground event. */
function userHandlers(auth: Authenticator) {
  return {
    users: () => ok({ users: auth.users() }),
    addUser: ({ body, user }: RouteContext) => {
      if (!isObject(body) || typeof body.name !== 'string' || !isRole(body.role)) {
        return apiFailure(400, 'bad-request', `the body must be {"name": "<user>", "role": "${ROLES.join('" | "')}"}`);
      }
      const added = auth.add(body.name, body.role, user!.name);
      return added.ok
        ? ok({ user: { name: added.value.user.name, role: added.value.user.role }, token: added.value.token }, 201)
        : apiFailure(409, 'conflict', added.error);
    },
    rotateUser: ({ params, user }: RouteContext<typeof ROUTES.rotateUser>) => {
      const rotated = auth.rotate(decodeURIComponent(params.name), user!.name);
      return rotated.ok
        ? ok({ user: { name: rotated.value.user.name, role: rotated.value.user.role }, token: rotated.value.token })
        : notFound(`user ${params.name}`);
    },
    removeUser: ({ params, user }: RouteContext<typeof ROUTES.removeUser>) => {
      const name = decodeURIComponent(params.name);
      const removed = auth.remove(name, user!.name);
      return removed.ok ? ok({ removed: name }) : notFound(`user ${name}`);
    },
  };
}
