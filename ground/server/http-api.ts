/**
 * The operator API over node:http, exactly as ground/api/contract.ts
 * declares it: JSON bodies, ApiError on failure, CSV for archive queries on
 * request. Request bodies are bounded; nothing here throws past the handler
 * (an unexpected error is a 500 with code "internal").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommandRecord, EventRecord, StatusResponse } from '../api/contract.js';
import type { Archive } from '../archive/archive.js';
import { toCsv } from '../archive/csv.js';
import { apiFailure, type ApiFailure, type Submitted } from './api-result.js';
import type { LatestTelemetry } from './latest-telemetry.js';
import { Query, QueryError } from './query.js';

export const REQUEST_BODY_BYTES_MAX = 64 * 1024;

export interface ApiDeps {
  readonly status: () => StatusResponse;
  readonly submit: (body: unknown) => Submitted;
  readonly archive: Archive;
  readonly latest: LatestTelemetry;
}

type Reply = { readonly status: number; readonly json: unknown } | { readonly status: number; readonly csv: string } | ApiFailure;

type Route = readonly [method: string, path: RegExp, handle: (match: RegExpExecArray, query: Query, body: unknown) => Reply];

const ok = (json: unknown, status = 200): Reply => ({ status, json });
const notFound = (what: string): ApiFailure => apiFailure(404, 'not-found', `${what} not found`);
const found = (value: unknown, what: string): Reply => (value === undefined ? notFound(what) : ok(value));

const EVENT_COLUMNS = [
  ['id', (row: EventRecord) => row.id],
  ['timeS', (row: EventRecord) => row.timeS],
  ['receivedAtMs', (row: EventRecord) => row.receivedAtMs],
  ['name', (row: EventRecord) => row.name],
  ['severity', (row: EventRecord) => row.severity],
  ['message', (row: EventRecord) => row.message],
] as const;

const COMMAND_COLUMNS = [
  ['id', (row: CommandRecord) => row.id],
  ['createdAtMs', (row: CommandRecord) => row.createdAtMs],
  ['name', (row: CommandRecord) => row.name],
  ['args', (row: CommandRecord) => row.args],
  ['seq', (row: CommandRecord) => row.seq],
  ['state', (row: CommandRecord) => row.state],
  ['transmissions', (row: CommandRecord) => row.transmissions],
  ['stages', (row: CommandRecord) => row.stages.map((stage) => `${stage.stage}:${stage.reason}${stage.duplicate ? '*' : ''}`).join(' ')],
] as const;

function routes(deps: ApiDeps): Route[] {
  const { archive } = deps;
  return [
    ['GET', /^\/api\/status$/, () => ok(deps.status())],
    [
      'POST',
      /^\/api\/commands$/,
      (_match, _query, body) => {
        const submitted = deps.submit(body);
        return submitted.ok ? ok({ command: submitted.record }, 202) : submitted;
      },
    ],
    ['GET', /^\/api\/commands$/, (_match, query) => ok({ commands: archive.commands.after(query.afterId(), query.limit(), query.boolean('pending')) })],
    ['GET', /^\/api\/commands\/(\d+)$/, (match) => found(archive.commands.get(Number(match[1])), `command ${match[1]}`)],
    ['GET', /^\/api\/telemetry\/latest$/, (_match, query) => ok({ packets: deps.latest.packets(query.string('packet')) })],
    ['GET', /^\/api\/events$/, (_match, query) => ok({ events: archive.telemetry.eventsAfter(query.afterId(), query.limit(), query.severity()) })],
    ['GET', /^\/api\/jobs$/, (_match, query) => ok({ jobs: archive.jobs.all(query.limit()) })],
    ['GET', /^\/api\/jobs\/(\d+)$/, (match) => found(archive.jobs.get(Number(match[1])), `job ${match[1]}`)],
    [
      'GET',
      /^\/api\/jobs\/(\d+)\/result$/,
      (match) => {
        const result = archive.jobs.result(Number(match[1]));
        if (!result) return notFound(`job ${match[1]}`);
        return result.ok ? ok(result.value) : apiFailure(409, 'conflict', result.error);
      },
    ],
    [
      'GET',
      /^\/api\/archive\/telemetry$/,
      (_match, query) => {
        const filter = { ...(query.string('packet') !== undefined ? { packet: query.string('packet')! } : {}), ...(query.string('param') !== undefined ? { param: query.string('param')! } : {}) };
        const rows = archive.telemetry.telemetry(query.range(), filter);
        if (query.format() === 'json') return ok({ rows });
        return { status: 200, csv: toCsv([['timeS', (row) => row.timeS], ['packet', (row) => row.packet], ['param', (row) => row.param], ['value', (row) => row.value], ['unit', (row) => row.unit]], rows) };
      },
    ],
    [
      'GET',
      /^\/api\/archive\/events$/,
      (_match, query) => {
        const rows = archive.telemetry.events(query.range(), query.severity());
        return query.format() === 'json' ? ok({ rows }) : { status: 200, csv: toCsv(EVENT_COLUMNS, rows) };
      },
    ],
    [
      'GET',
      /^\/api\/archive\/commands$/,
      (_match, query) => {
        const range = query.range();
        const rows = archive.commands.range(range.fromS, range.toS, range.limit);
        return query.format() === 'json' ? ok({ rows }) : { status: 200, csv: toCsv(COMMAND_COLUMNS, rows) };
      },
    ],
  ];
}

function readBody(request: IncomingMessage): Promise<{ ok: true; value: unknown } | ApiFailure> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= REQUEST_BODY_BYTES_MAX) chunks.push(chunk);
    });
    request.on('error', () => resolve(apiFailure(400, 'bad-request', 'the request body could not be read')));
    request.on('end', () => {
      if (bytes > REQUEST_BODY_BYTES_MAX) return resolve(apiFailure(400, 'bad-request', `the body is larger than ${REQUEST_BODY_BYTES_MAX} bytes`));
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({ ok: true, value: undefined });
      try {
        resolve({ ok: true, value: JSON.parse(text) });
      } catch {
        resolve(apiFailure(400, 'bad-request', 'the body is not JSON'));
      }
    });
  });
}

function send(response: ServerResponse, reply: Reply): void {
  if ('error' in reply) {
    response.writeHead(reply.status, { 'content-type': 'application/json' }).end(`${JSON.stringify(reply.error)}\n`);
  } else if ('csv' in reply) {
    response.writeHead(reply.status, { 'content-type': 'text/csv; charset=utf-8' }).end(reply.csv);
  } else {
    response.writeHead(reply.status, { 'content-type': 'application/json' }).end(`${JSON.stringify(reply.json)}\n`);
  }
}

/** The request handler of the API server. */
export function apiHandler(deps: ApiDeps): (request: IncomingMessage, response: ServerResponse) => void {
  const table = routes(deps);
  return (request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const candidates = table.map(([method, path, handle]) => ({ method, match: path.exec(url.pathname), handle })).filter((route) => route.match !== null);
      const route = candidates.find((candidate) => candidate.method === request.method);
      if (!route) {
        request.resume();
        return send(response, candidates.length > 0 ? apiFailure(405, 'bad-request', `${request.method} is not served at ${url.pathname}`) : notFound(`${url.pathname}`));
      }
      const body = request.method === 'POST' ? await readBody(request) : (request.resume(), { ok: true as const, value: undefined });
      if (!body.ok) return send(response, body);
      try {
        send(response, route.handle(route.match!, new Query(url.searchParams), body.value));
      } catch (error) {
        send(response, error instanceof QueryError ? error.failure : apiFailure(500, 'internal', `internal error: ${(error as Error).message}`));
      }
    })();
  };
}
