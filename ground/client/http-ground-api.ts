/** GroundApi over HTTP with JSON (Node's fetch), each request bounded in time; paths built from the route table (ground/api/routes.ts). */
import { ROUTES, SPACECRAFT_ROUTES, routePath, type PathParams, type RouteDef, type RouteName } from '../api/routes.js';
import { toApiValue } from '../api/values.js';
import { apiFailure, failureOfResponse, type ApiResult } from './api-result.js';
import type { GroundApi } from './ground-api.js';

/** Longest wait for one answer; the server answers at once (long waits are the caller's polling). */
export const REQUEST_TIMEOUT_MS = 15_000;

type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export class HttpGroundApi implements GroundApi {
  /** `token`: sent as "Authorization: Bearer <token>" on every request; `spacecraft`: sent as ?sc= on every route about one. */
  constructor(
    readonly baseUrl: string,
    private readonly token: string | null = null,
    readonly spacecraft?: string,
  ) {}

  readonly fleet: GroundApi['fleet'] = () => this.call(ROUTES.fleet, {});
  readonly sendCommand: GroundApi['sendCommand'] = (request) => this.call(ROUTES.sendCommand, {}, {}, toApiValue(request));
  readonly command: GroundApi['command'] = (id) => this.call(ROUTES.command, { id });
  readonly commands: GroundApi['commands'] = (query = {}) => this.call(ROUTES.commands, {}, { ...query });
  readonly latestTelemetry: GroundApi['latestTelemetry'] = (packet) => this.call(ROUTES.latestTelemetry, {}, { packet });
  readonly events: GroundApi['events'] = (query = {}) => this.call(ROUTES.events, {}, { ...query });
  readonly status: GroundApi['status'] = () => this.call(ROUTES.status, {});
  readonly whoAmI: GroundApi['whoAmI'] = () => this.call(ROUTES.session, {});
  readonly alarms: GroundApi['alarms'] = () => this.call(ROUTES.alarms, {});
  readonly acknowledgeAlarm: GroundApi['acknowledgeAlarm'] = (key) => this.call(ROUTES.acknowledgeAlarm, {}, {}, { key });
  readonly shelveAlarm: GroundApi['shelveAlarm'] = (key, minutes) => this.call(ROUTES.shelveAlarm, {}, {}, { key, minutes });
  readonly passes: GroundApi['passes'] = (query = {}) => this.call(ROUTES.passes, {}, { ...query });
  readonly jobs: GroundApi['jobs'] = () => this.call(ROUTES.jobs, {});
  readonly job: GroundApi['job'] = (jobId) => this.call(ROUTES.job, { jobId });
  readonly jobResult: GroundApi['jobResult'] = (jobId) => this.call(ROUTES.jobResult, { jobId });
  readonly fleetJobs: GroundApi['fleetJobs'] = (query = {}) => this.call(ROUTES.fleetJobs, {}, { ...query });
  readonly submitFleetJob: GroundApi['submitFleetJob'] = (request) => this.call(ROUTES.submitFleetJob, {}, {}, request);
  readonly fleetJob: GroundApi['fleetJob'] = (id) => this.call(ROUTES.fleetJob, { jobId: id });
  readonly fleetJobResult: GroundApi['fleetJobResult'] = (id) => this.call(ROUTES.fleetJobResult, { jobId: id });
  readonly cancelFleetJob: GroundApi['cancelFleetJob'] = (id) => this.call(ROUTES.cancelFleetJob, { jobId: id }, {}, {});
  readonly archive: GroundApi['archive'] = (kind, query) => this.call(ROUTES.archive, { kind }, { ...query, format: 'json' });
  readonly archiveCsv: GroundApi['archiveCsv'] = (kind, query) => this.call(ROUTES.archive, { kind }, { ...query, format: 'csv' }, undefined, 'text');

  // GroundApi fixes each route's body type (the contract); this one place parses them.
  private async call<T, R extends RouteDef = RouteDef>(
    route: R,
    params: PathParams<R>,
    query: Query = {},
    body?: unknown,
    as: 'json' | 'text' = 'json',
  ): Promise<ApiResult<T>> {
    const { method } = route;
    const path = routePath(route, params);
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    if (this.spacecraft !== undefined && SPACECRAFT_ROUTE_DEFS.has(route)) url.searchParams.set('sc', this.spacecraft);
    let response: Response;
    try {
      const headers: Record<string, string> = {
        ...(this.token !== null ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      };
      response = await fetch(url, {
        method,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      return apiFailure('unreachable', 0, unreachableMessage(this.baseUrl, error));
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      return apiFailure('unreachable', response.status, `the answer from ${this.baseUrl} broke off: ${(error as Error).message}`);
    }
    const parsed = parseJson(text);
    if (!response.ok) return failureOfResponse(response.status, parsed.ok ? parsed.value : null);
    if (as === 'text') return { ok: true, value: text as T };
    if (!parsed.ok) return apiFailure('bad-response', response.status, `${method} ${path} did not answer JSON: ${text.slice(0, 80)}`);
    return { ok: true, value: parsed.value as T };
  }
}

const SPACECRAFT_ROUTE_DEFS: ReadonlySet<RouteDef> = new Set([...SPACECRAFT_ROUTES].map((name: RouteName) => ROUTES[name]));

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function unreachableMessage(baseUrl: string, error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (error as Error).message;
  return `no ground server answers at ${baseUrl} (${why})`;
}
