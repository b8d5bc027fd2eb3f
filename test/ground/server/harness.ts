/**
 * A ground server in process against a fake spacecraft, on ephemeral
 * loopback ports, with the users file it creates at start (the flight
 * director `local`, whose token the harness reads from the token file).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyFile, readKeyFile, type KeyFile } from '../../../protocol/index.js';
import { GroundServer, type GroundServerOptions } from '../../../ground/server/ground-server.js';
import { FakeSpacecraft } from './fake-spacecraft.js';

export interface Harness {
  readonly server: GroundServer;
  readonly fake: FakeSpacecraft;
  readonly url: string;
  readonly keys: KeyFile;
  /** The token of `local`, the flight director the server created. */
  readonly token: string;
  readonly dir: string;
  readonly options: GroundServerOptions;
  close(): Promise<void>;
}

export async function startHarness(overrides: Partial<GroundServerOptions> = {}, dir = mkdtempSync(join(tmpdir(), 'ground-server-'))): Promise<Harness> {
  const keyFile = join(dir, 'keys.json');
  const created = createKeyFile(keyFile);
  const loaded = created.ok ? created : readKeyFile(keyFile);
  if (!loaded.ok) throw new Error(loaded.error);
  const fake = await FakeSpacecraft.start(loaded.value);
  const options: GroundServerOptions = {
    host: '127.0.0.1',
    tmPort: 0,
    tcTo: { host: '127.0.0.1', port: fake.port },
    apiPort: 0,
    archivePath: join(dir, 'archive.sqlite'),
    keyFile,
    usersFile: join(dir, 'users.json'),
    retransmitAfterS: 0.3,
    retransmitMax: 3,
    retentionDays: 30,
    ...overrides,
  };
  const started = await GroundServer.start(options);
  if (!started.ok) throw new Error(started.error);
  const server = started.value;
  fake.groundPort = server.tmPort;
  return {
    server,
    fake,
    url: `http://127.0.0.1:${server.apiPort}`,
    keys: loaded.value,
    token: readFileSync(join(dir, 'ground-token'), 'utf8').trim(),
    dir,
    options,
    async close() {
      await server.close();
      await fake.close();
    },
  };
}

/** Resolves with the first truthy value of probe(), polling; rejects after timeoutMs naming what it waited for. */
export async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A server and the token to call it with (a bare URL calls it with none). */
export type ApiTarget = string | { readonly url: string; readonly token: string | null };

/** One API call: GET, or POST with a JSON body; with the target's token as a bearer token. */
export async function api<T = unknown>(target: ApiTarget, path: string, body?: unknown): Promise<{ status: number; body: T; text: string; headers: Headers }> {
  const { url, token } = typeof target === 'string' ? { url: target, token: null } : target;
  const headers: Record<string, string> = {
    ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  };
  const response = await fetch(`${url}${path}`, body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // CSV or text: left as it is
  }
  return { status: response.status, body: parsed as T, text, headers: response.headers };
}
