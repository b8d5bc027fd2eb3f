/** A ground server in process against a fake spacecraft, on ephemeral loopback ports. */
import { mkdtempSync } from 'node:fs';
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
  readonly dir: string;
  readonly options: GroundServerOptions;
  close(): Promise<void>;
}

export async function startHarness(overrides: Partial<GroundServerOptions> = {}, dir = mkdtempSync(join(tmpdir(), 'ground-server-'))): Promise<Harness> {
  const keyFile = join(dir, 'keys.json');
  const created = createKeyFile(keyFile);
  const loaded = created.ok ? created : readKeyFile(keyFile);
  if (!loaded.ok) throw new Error(loaded.error);
  const fake = await FakeSpacecraft.start(loaded.value.keys);
  const options: GroundServerOptions = {
    host: '127.0.0.1',
    tmPort: 0,
    tcTo: { host: '127.0.0.1', port: fake.port },
    apiPort: 0,
    archivePath: join(dir, 'archive.sqlite'),
    keyFile,
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

export async function api<T = unknown>(url: string, path: string, body?: unknown): Promise<{ status: number; body: T; text: string }> {
  const response = await fetch(`${url}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // CSV or text: left as it is
  }
  return { status: response.status, body: parsed as T, text };
}
