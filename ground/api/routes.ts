/**
 * Every route of the operator API, declared once: its method, its path
 * (`:name` marks a parameter, one path segment of the kind PATH_PARAMETERS
 * gives it) and the least role it needs (null: open to anyone, for the login
 * itself). The server matches requests against this table and gives each
 * route its handler (ground/server/api-routes.ts); the client builds its
 * paths from it (ground/client/http-ground-api.ts). The bodies are declared
 * in contract.ts, next to the name of the route they travel on.
 */
import { ARCHIVE_KINDS } from './archive-kinds.js';
import type { Role } from '../auth/roles.js';

export type Method = 'GET' | 'POST' | 'DELETE';

export interface RouteDef {
  readonly method: Method;
  /** "/api/commands/:id": literal segments and parameters. */
  readonly path: string;
  /** The least role needed; null: no login needed (the login itself). */
  readonly role: Role | null;
}

/** What each path parameter may be: a pattern for one path segment. */
export const PATH_PARAMETERS: Readonly<Record<string, string>> = {
  id: '\\d+',
  jobId: '\\d+',
  kind: ARCHIVE_KINDS.join('|'),
  name: '[^/]+',
};

export const ROUTES = {
  /** Body {"token"}; answers SessionResponse & { expiresAtMs } with the session cookie. */
  login: { method: 'POST', path: '/api/session', role: null },
  /** SessionResponse: who the token or cookie names. */
  session: { method: 'GET', path: '/api/session', role: 'viewer' },
  /** Clears the session cookie. */
  logout: { method: 'DELETE', path: '/api/session', role: null },
  status: { method: 'GET', path: '/api/status', role: 'viewer' },
  /** The dictionary document (protocol/dictionary/document.ts, what `ground dictionary` prints): commands, telemetry, events, limits. */
  dictionary: { method: 'GET', path: '/api/dictionary', role: 'viewer' },
  /** FleetResponse: every spacecraft the ground serves. */
  fleet: { method: 'GET', path: '/api/fleet', role: 'viewer' },
  sendCommand: { method: 'POST', path: '/api/commands', role: 'operator' },
  /** ?afterId=&limit=&pending=true&newest=true (the newest `limit`, newest first) */
  commands: { method: 'GET', path: '/api/commands', role: 'viewer' },
  command: { method: 'GET', path: '/api/commands/:id', role: 'viewer' },
  /** ?packet=name */
  latestTelemetry: { method: 'GET', path: '/api/telemetry/latest', role: 'viewer' },
  /** ?afterId=&limit=&severity=(minimum severity)&newest=true (the newest `limit`, newest first) */
  events: { method: 'GET', path: '/api/events', role: 'viewer' },
  /** PassList: ?fromS=&hours= */
  passes: { method: 'GET', path: '/api/passes', role: 'viewer' },
  /** AlarmList. */
  alarms: { method: 'GET', path: '/api/alarms', role: 'viewer' },
  /** Body {"key"}: the alarm acknowledged (gone once no longer active). */
  acknowledgeAlarm: { method: 'POST', path: '/api/alarms/ack', role: 'operator' },
  /** Body {"key", "minutes"}: hidden from the counts for that long. */
  shelveAlarm: { method: 'POST', path: '/api/alarms/shelve', role: 'operator' },
  /** ?limit= */
  jobs: { method: 'GET', path: '/api/jobs', role: 'viewer' },
  job: { method: 'GET', path: '/api/jobs/:jobId', role: 'viewer' },
  jobResult: { method: 'GET', path: '/api/jobs/:jobId/result', role: 'viewer' },
  /** Jobs for the fleet (ground/fleet/): ?limit=&afterId=&state=&newest=true (the newest `limit`, newest first) */
  fleetJobs: { method: 'GET', path: '/api/fleet/jobs', role: 'viewer' },
  /** Body SubmitFleetJobRequest; 202 { job }. */
  submitFleetJob: { method: 'POST', path: '/api/fleet/jobs', role: 'operator' },
  fleetJob: { method: 'GET', path: '/api/fleet/jobs/:jobId', role: 'viewer' },
  fleetJobResult: { method: 'GET', path: '/api/fleet/jobs/:jobId/result', role: 'viewer' },
  /** Fails the job as cancelled by the operator; its runs are told (cancel_job). */
  cancelFleetJob: { method: 'POST', path: '/api/fleet/jobs/:jobId/cancel', role: 'operator' },
  /** kind: telemetry, events or commands; ?from=&to=&packet=&param=&severity=&limit=&format=json|csv */
  archive: { method: 'GET', path: '/api/archive/:kind', role: 'viewer' },
  users: { method: 'GET', path: '/api/users', role: 'flight-director' },
  /** Body {"name", "role"}. */
  addUser: { method: 'POST', path: '/api/users', role: 'flight-director' },
  rotateUser: { method: 'POST', path: '/api/users/:name/rotate', role: 'flight-director' },
  removeUser: { method: 'DELETE', path: '/api/users/:name', role: 'flight-director' },
  /** The live stream: a WebSocket upgrade of a GET (ground/server/stream-hub.ts). */
  stream: { method: 'GET', path: '/api/stream', role: 'viewer' },
} as const satisfies Readonly<Record<string, RouteDef>>;

export type RouteName = keyof typeof ROUTES;

/**
 * The routes about one spacecraft: they take ?sc=NAME (any method), which
 * may be left out when the ground serves one spacecraft.
 */
export const SPACECRAFT_ROUTES: ReadonlySet<RouteName> = new Set([
  'status',
  'sendCommand',
  'commands',
  'command',
  'latestTelemetry',
  'events',
  'alarms',
  'passes',
  'acknowledgeAlarm',
  'shelveAlarm',
  'jobs',
  'job',
  'jobResult',
  'archive',
  'stream',
]);

/** The parameter names of a path: "/api/jobs/:jobId/result" -> "jobId". */
export type ParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

/** What fills a route's parameters when a path is built. */
export type PathParams<R extends RouteDef> = Readonly<Record<ParamNames<R['path']>, string | number>>;

/** The parameters of a matched request path, as they appear in it (not URI-decoded). */
export type MatchedParams<R extends RouteDef> = Readonly<Record<ParamNames<R['path']>, string>>;

/** "METHOD /path" as people read it, for messages. */
export const routeLabel = (route: RouteDef): string => `${route.method} ${route.path}`;

/** A route's path with its parameters filled in, each URI-encoded. */
export function routePath<R extends RouteDef>(route: R, params: PathParams<R>): string {
  const values = params as Readonly<Record<string, string | number>>;
  return route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(values[name])));
}

const patterns = new Map<string, RegExp>();

/** The parameters of a request path when it is this route's path, else null (the method is not looked at). */
export function matchPath<R extends RouteDef>(route: R, pathname: string): MatchedParams<R> | null {
  const match = patternOf(route.path).exec(pathname);
  return match ? ({ ...match.groups } as MatchedParams<R>) : null;
}

function patternOf(path: string): RegExp {
  let pattern = patterns.get(path);
  if (!pattern) {
    const source = path.replace(/:(\w+)/g, (_, name: string) => {
      const segment = PATH_PARAMETERS[name];
      if (segment === undefined) throw new Error(`route ${path}: the parameter :${name} has no entry in PATH_PARAMETERS`);
      return `(?<${name}>${segment})`;
    });
    pattern = new RegExp(`^${source}$`);
    patterns.set(path, pattern);
  }
  return pattern;
}
