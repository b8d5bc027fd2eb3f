/**
 * The operator API over node:http. Every request goes through the same
 * gates, cheapest and least trusting first, and nothing here throws past
 * the handler (an unexpected error is a 500 with code "internal"):
 *
 *   Host names this server (else 421) -> Origin, when sent, is this server's (403)
 *   -> the web console's files (GET / and /console/NAME, open: the console signs in through the API)
 *   -> route and method (404, 405) -> a body only as application/json (415),
 *   declared no larger than the limit (413, answered at once)
 *   -> token or session (401, answered later after repeated failures)
 *   -> body read within the limit (413) and parsed (400) -> the route's role (403) -> the route
 *
 * No CORS headers are sent: another site's page can read nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from '../api/contract.js';
import { matchPath } from '../api/routes.js';
import { hostAllowed, isJsonContentType, originAllowed } from '../auth/request-guard.js';
import { roleAllows } from '../auth/roles.js';
import { apiFailure } from './api-result.js';
import { apiRoutes, type ApiDeps, type Reply, type Route } from './api-routes.js';
import { consoleFile } from './console-files.js';
import { Query, QueryError } from './query.js';

export type { ApiDeps } from './api-routes.js';

export const REQUEST_BODY_BYTES_MAX = 64 * 1024;

export interface HttpGate {
  /** Every "host:port" this server answers to (request-guard.ts). */
  readonly allowedHosts: () => ReadonlySet<string>;
}

type Body = { ok: true; value: unknown } | ReturnType<typeof apiFailure>;

function readBody(request: IncomingMessage): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= REQUEST_BODY_BYTES_MAX) chunks.push(chunk);
    });
    request.on('error', () => resolve(apiFailure(400, 'bad-request', 'the request body could not be read')));
    request.on('end', () => {
      if (bytes > REQUEST_BODY_BYTES_MAX) return resolve(apiFailure(413, 'too-large', `the body is larger than ${REQUEST_BODY_BYTES_MAX} bytes`));
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

function send(response: ServerResponse, reply: Reply, close = false): void {
  const headers: Record<string, string> = { ...(reply.headers ?? {}), ...(close ? { connection: 'close' } : {}) };
  if ('error' in reply) {
    if (reply.status === 401) headers['www-authenticate'] = 'Bearer realm="orbital-ground"';
    response.writeHead(reply.status, { ...headers, 'content-type': 'application/json' }).end(`${JSON.stringify(reply.error)}\n`);
  } else if ('csv' in reply) {
    response.writeHead(reply.status, { ...headers, 'content-type': 'text/csv; charset=utf-8' }).end(reply.csv);
  } else {
    response.writeHead(reply.status, { ...headers, 'content-type': 'application/json' }).end(`${JSON.stringify(reply.json)}\n`);
  }
}

const refuse = (status: number, code: ApiError['code'], error: string) => apiFailure(status, code, error);

/** The Host and Origin gates, shared by HTTP requests and the WebSocket upgrade; null when both pass. */
export function crossSiteRefusal(request: IncomingMessage, gate: HttpGate): ReturnType<typeof apiFailure> | null {
  const allowed = gate.allowedHosts();
  if (!hostAllowed(request.headers.host, allowed)) {
    return refuse(
      421,
      'misdirected',
      `this server does not answer to Host "${request.headers.host ?? ''}" (it answers to ${[...allowed].join(', ')}; add others with ground serve --allowed-host)`,
    );
  }
  const origin = request.headers.origin;
  if (!originAllowed(origin, allowed)) return refuse(403, 'forbidden', `requests from another site (Origin ${origin}) are refused`);
  return null;
}

/** The request handler of the API server. */
export function apiHandler(deps: ApiDeps, gate: HttpGate): (request: IncomingMessage, response: ServerResponse) => void {
  const table = apiRoutes(deps);
  return (request, response) => {
    void handle(request, response, table, deps, gate).catch((error: unknown) => {
      if (!response.headersSent) send(response, refuse(500, 'internal', `internal error: ${(error as Error).message}`));
    });
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, table: readonly Route[], deps: ApiDeps, gate: HttpGate): Promise<void> {
  const crossSite = crossSiteRefusal(request, gate);
  if (crossSite) return refuseUnread(request, response, crossSite);
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method === 'GET' || request.method === 'HEAD') {
    const file = consoleFile(url.pathname);
    if (file) {
      request.resume();
      response.writeHead(file.status, file.headers).end(request.method === 'HEAD' ? undefined : file.body);
      return;
    }
  }
  const candidates = table.map((route) => ({ route, params: matchPath(route.def, url.pathname) })).filter((candidate) => candidate.params !== null);
  const chosen = candidates.find((candidate) => candidate.route.def.method === request.method);
  if (!chosen) {
    return refuseUnread(
      request,
      response,
      candidates.length > 0
        ? refuse(405, 'bad-request', `${request.method} is not served at ${url.pathname}`)
        : refuse(404, 'not-found', `${url.pathname} not found`),
    );
  }
  const { route, params } = chosen;
  const needs = route.def.role;
  const hasBody = request.method === 'POST';
  if (hasBody) {
    if (!isJsonContentType(request.headers['content-type'])) {
      return refuseUnread(
        request,
        response,
        refuse(415, 'unsupported-media-type', `a POST must carry Content-Type: application/json (not ${request.headers['content-type'] ?? 'none'})`),
      );
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > REQUEST_BODY_BYTES_MAX)
      return refuseUnread(request, response, refuse(413, 'too-large', `the body is larger than ${REQUEST_BODY_BYTES_MAX} bytes`));
  }
  const remote = request.socket.remoteAddress ?? 'unknown';
  let user;
  if (needs !== null) {
    const who = deps.auth.authenticate({ authorization: request.headers.authorization, cookie: request.headers.cookie });
    if (!who.ok) {
      // A missing token is not a guess: answered at once; a wrong one is slowed down.
      const { delayMs } = who.reason === 'missing' ? { delayMs: 0 } : deps.auth.failedFrom(remote, who.reason);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return refuseUnread(request, response, refuse(401, 'unauthorized', who.error));
    }
    deps.auth.succeededFrom(remote);
    user = who.user;
  }
  if (!hasBody) request.resume();
  const body: Body = hasBody ? await readBody(request) : { ok: true, value: undefined };
  if (!body.ok) return send(response, body, body.status === 413);
  if (needs !== null && !roleAllows(user!.role, needs)) {
    return send(response, refuse(403, 'forbidden', `${request.method} ${url.pathname} needs the role ${needs}; ${user!.name} is ${user!.role}`));
  }
  try {
    const reply = await route.handle({ params: params!, query: new Query(url.searchParams), body: body.value, user, remote, cookie: request.headers.cookie });
    if (needs === null && 'error' in reply && reply.status === 401) {
      const { delayMs } = deps.auth.failedFrom(remote, 'unknown-token');
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    send(response, reply);
  } catch (error) {
    send(response, error instanceof QueryError ? error.failure : refuse(500, 'internal', `internal error: ${(error as Error).message}`));
  }
}

/** Answers without reading the body, and closes the connection when one may still be coming. */
function refuseUnread(request: IncomingMessage, response: ServerResponse, failure: ReturnType<typeof apiFailure>): void {
  const bodyMayFollow = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (!bodyMayFollow) request.resume();
  send(response, failure, bodyMayFollow);
}
