/**
 * Defences against cross-site requests and DNS rebinding, before anything
 * else is looked at: the Host header must name an address the server serves
 * (its listen address and port, localhost on its port, any --allowed-host),
 * and a request that carries an Origin must come from one of those same
 * addresses. A web page elsewhere can neither read the API (no CORS
 * headers) nor make it act (its Origin or, after a rebinding, its Host
 * gives it away).
 */

const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]']);

/** "host:port" in lower case, IPv6 in brackets; the port defaults to 80 as in HTTP. */
function normalise(host: string, port: number | string | undefined): string {
  const name = host.toLowerCase();
  const bracketed = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
  return `${bracketed}:${port === undefined || port === '' ? 80 : Number(port)}`;
}

/** A Host header (or --allowed-host value) as "host:port"; null when it is not one. */
export function parseHostPort(text: string, defaultPort = 80): string | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(text.trim());
  if (!match) return null;
  const port = match[2] === undefined ? defaultPort : Number(match[2]);
  if (port < 1 || port > 65535) return null;
  return normalise(match[1]!, port);
}

/** Every "host:port" the server answers to. */
export function allowedHosts(listenHost: string, port: number, extra: readonly string[] = []): ReadonlySet<string> {
  const allowed = new Set([normalise('localhost', port)]);
  if (!WILDCARDS.has(listenHost)) allowed.add(normalise(listenHost, port));
  for (const host of extra) {
    const parsed = parseHostPort(host, port);
    if (parsed) allowed.add(parsed);
  }
  return allowed;
}

export function hostAllowed(hostHeader: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (hostHeader === undefined) return false;
  const parsed = parseHostPort(hostHeader);
  return parsed !== null && allowed.has(parsed);
}

/** No Origin (a tool, or a browser's same-origin GET) passes; any other must be http://<an allowed host>. */
export function originAllowed(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || url.pathname !== '/' || url.username !== '' || url.password !== '') return false;
  return allowed.has(normalise(url.hostname, url.port));
}

/** application/json, with or without parameters (charset). */
export function isJsonContentType(header: string | undefined): boolean {
  return header !== undefined && header.split(';')[0]!.trim().toLowerCase() === 'application/json';
}
