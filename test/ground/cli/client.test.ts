import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../ground/api/contract.js';
import { apiFailure, type ApiResult } from '../../../ground/client/api-result.js';
import { awaitJobResult } from '../../../ground/client/await-job-result.js';
import { checkCommand } from '../../../ground/client/command-request.js';
import { HttpGroundApi } from '../../../ground/client/http-ground-api.js';
import { serverUrl } from '../../../ground/client/server-url.js';
import { failureReason, sendAndTrack } from '../../../ground/client/track-command.js';
import { progressLines } from '../../../ground/cli/command-lines.js';
import { FakeGround, failsWith } from './fake-ground-api.js';

describe('HttpGroundApi', () => {
  let server: Server;
  let url: string;
  const seen: { method: string; url: string; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ method: request.method!, url: request.url!, body });
        if (request.url!.startsWith('/api/commands') && request.method === 'POST') {
          response
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: 'set_mode: args/mode must be equal to one of the allowed values', code: 'bad-argument' }));
        } else if (request.url!.startsWith('/api/archive/telemetry')) {
          response.writeHead(200, { 'content-type': 'text/csv' }).end('timeS,packet,param,value,unit\n1,power_hk,socPct,80,%\n');
        } else if (request.url === '/api/status') {
          response.writeHead(503, { 'content-type': 'text/plain' }).end('not json');
        } else {
          response.writeHead(200, { 'content-type': 'application/json' }).end('{"jobs": []}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('passes the server error body through, sends byte arguments as hex, and reads CSV as text', async () => {
    const api = new HttpGroundApi(url);
    const sent = await api.sendCommand({ name: 'submit_job', args: { jobId: 1, input: new Uint8Array([0xab, 0x01]) } });
    expect(sent).toEqual({ ok: false, code: 'bad-argument', status: 400, error: 'set_mode: args/mode must be equal to one of the allowed values' });
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ name: 'submit_job', args: { jobId: 1, input: 'ab01' } });

    const csv = await api.archiveCsv('telemetry', { from: 0, to: 10, param: 'power_hk.socPct', packet: undefined });
    expect(csv).toEqual({ ok: true, value: 'timeS,packet,param,value,unit\n1,power_hk,socPct,80,%\n' });
    expect(seen.at(-1)!.url).toBe('/api/archive/telemetry?from=0&to=10&param=power_hk.socPct&format=csv');

    expect(await api.status()).toMatchObject({ ok: false, code: 'not-ready', status: 503 });
    expect(await api.jobs()).toEqual({ ok: true, value: { jobs: [] } });
  });

  it('reports a server that is not running as unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await new HttpGroundApi(`http://127.0.0.1:${port}`).status();
    expect(result).toMatchObject({ ok: false, code: 'unreachable', status: 0 });
    if (!result.ok) expect(result.error).toMatch(/no ground server answers at http:\/\/127.0.0.1:\d+ \(ECONNREFUSED\)/);
  });

  it('takes the server from --server, else ORBITAL_GROUND_URL, else the default port', () => {
    expect(serverUrl('http://h:1/', {})).toEqual({ ok: true, value: 'http://h:1' });
    expect(serverUrl(undefined, { ORBITAL_GROUND_URL: 'http://e:2' })).toEqual({ ok: true, value: 'http://e:2' });
    expect(serverUrl(undefined, {})).toEqual({ ok: true, value: 'http://127.0.0.1:8090' });
    for (const bad of ['127.0.0.1:8090', 'notaurl', 'ftp://h:1', 'http://h:1/api', 'http://', '']) {
      expect(serverUrl(bad, {}), bad).toMatchObject({ ok: false, error: expect.stringMatching(/is not a server URL: give http:\/\/HOST:PORT/) });
    }
    expect(serverUrl(undefined, { ORBITAL_GROUND_URL: 'notaurl' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^\$ORBITAL_GROUND_URL "notaurl"/),
    });
  });
});

describe('local command checks', () => {
  it('accepts a good command and marks a confirmed hazardous one', () => {
    expect(checkCommand('set_mode', ['mode=SAFE'])).toMatchObject({ ok: true, value: { request: { name: 'set_mode', args: { mode: 'SAFE' } } } });
    expect(checkCommand('reset_computer', [], { confirm: true })).toMatchObject({ ok: true, value: { request: { confirm: true } } });
  });

  it.each([
    ['set_mod', ['mode=SAFE'], {}, /unknown command "set_mod"; did you mean "set_mode"/],
    ['submit_job', ['jobId=0', 'kind=matmul', 'size=8'], {}, /argument "jobId": 0 is out of range: 1\.\./],
    ['reset_computer', [], {}, /reset_computer is hazardous: add --confirm/],
    ['reset_computer', [], { confirm: true, timeTagged: true }, /hazardous: it cannot be time-tagged/],
  ])('refuses %s %j before any server is asked', (name, words, options, error) => {
    const checked = checkCommand(name, words, options);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toMatch(error);
  });
});

describe('following a command', () => {
  it('reports each stage as it comes and ends on the final state', async () => {
    const ground = new FakeGround();
    const updates: string[] = [];
    const tracked = await sendAndTrack(
      ground,
      { name: 'noop', args: {} },
      {
        timeoutMs: 10_000,
        sleep: ground.sleep,
        nowMs: () => ground.nowMs,
        onUpdate: (record, previous) => updates.push(...progressLines(record, previous)),
      },
    );
    expect(tracked).toMatchObject({ ok: true, value: { final: true, record: { state: 'completed' } } });
    expect(updates).toEqual(['#1 noop sent by tester (seq 1001)', '  acceptance ok (t=0.25 s)', '  start      ok (t=0.50 s)', '  completion ok (t=0.75 s)']);
  });

  it('gives the failing stage as the reason, and stops waiting at the timeout without a final state', async () => {
    const ground = new FakeGround();
    ground.scripts.set('set_mode', failsWith('mode-forbidden', 'not in SAFE'));
    const failed = await sendAndTrack(
      ground,
      { name: 'set_mode', args: { mode: 'NOMINAL' } },
      { timeoutMs: 10_000, sleep: ground.sleep, nowMs: () => ground.nowMs },
    );
    expect(failed.ok && failureReason(failed.value.record)).toBe('mode-forbidden (not in SAFE)');

    ground.scripts.set('noop', []);
    const pending = await sendAndTrack(ground, { name: 'noop', args: {} }, { timeoutMs: 1_000, sleep: ground.sleep, nowMs: () => ground.nowMs });
    expect(pending).toMatchObject({ ok: true, value: { final: false, record: { state: 'sent' } } });
  });
});

describe('waiting for a job result', () => {
  const data = new Uint8Array([1, 2, 3, 4, 5]);
  const digestHex = createHash('sha256').update(data).digest('hex');
  const job = (state: string, extra: Partial<JobRecord> = {}): JobRecord => ({
    jobId: 7,
    state,
    updatedTimeS: 0,
    chunksReceived: 0,
    chunks: null,
    resultComplete: false,
    ...extra,
  });

  function fakeJobs(states: readonly string[], resultAfterAsk: boolean, digest = digestHex) {
    let polls = 0;
    let asked = false;
    let nowMs = 0;
    const api = {
      job: async (): Promise<ApiResult<JobRecord>> => ({ ok: true, value: job(states[Math.min(polls, states.length - 1)]!) }),
      jobResult: async () => {
        polls++;
        return asked && resultAfterAsk
          ? { ok: true as const, value: { jobId: 7, dataHex: Buffer.from(data).toString('hex'), digestHex: digest } }
          : apiFailure('conflict', 409, 'job 7 result incomplete: chunks 0 missing');
      },
    };
    const options = {
      timeoutMs: 30_000,
      sleep: async (ms: number) => void (nowMs += ms),
      nowMs: () => nowMs,
      ask: async () => void (asked = true),
    };
    return { api, options, asked: () => asked };
  }

  it('waits for a running job to be done, asks the spacecraft once, and checks the digest', async () => {
    const fake = fakeJobs(['running', 'running', 'done'], true);
    const states: string[] = [];
    const outcome = await awaitJobResult(fake.api, 7, { ...fake.options, onJob: (j) => states.push(j.state) });
    expect(outcome).toEqual({ ok: true, value: { jobId: 7, data, digestHex, asked: true } });
    expect(states).toEqual(['running', 'done']);
  });

  it('refuses a result whose SHA-256 differs from the summary', async () => {
    const fake = fakeJobs(['done'], true, '00'.repeat(32));
    const outcome = await awaitJobResult(fake.api, 7, fake.options);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error).toMatch(/SHA-256 .* differs from the job summary's/);
  });

  it('ends at once for a failed job, and at the timeout when the chunks never come', async () => {
    const failed = await awaitJobResult(fakeJobs(['failed'], false).api, 7, fakeJobs(['failed'], false).options);
    expect(failed).toMatchObject({ ok: false, error: 'job 7 failed' });
    const lost = fakeJobs(['done'], false);
    const outcome = await awaitJobResult(lost.api, 7, lost.options);
    expect(lost.asked()).toBe(true);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok)
      expect(outcome.error).toMatch(/no complete result after 30 s: job 7 is done, 0\/\? result chunks received \(job 7 result incomplete: chunks 0 missing\)/);
  });
});
