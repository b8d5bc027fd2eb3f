import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SPACECRAFT_ID, decodeTelecommand, missionDictionary, VERIFICATION_CODES } from '../../../protocol/index.js';
import type { AlarmList, ApiError, CommandRecord, EventList, LatestTelemetry, SendCommandResponse, StatusResponse } from '../../../ground/api/contract.js';
import { api, startHarness, until, type Harness } from './harness.js';

const dictionary = missionDictionary();
const running: Harness[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((harness) => harness.close()));
});

async function start(overrides: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const harness = await startHarness(overrides);
  running.push(harness);
  return harness;
}

async function send(harness: Harness, body: unknown): Promise<CommandRecord> {
  const reply = await api<SendCommandResponse>(harness, '/api/commands', body);
  expect(reply.status).toBe(202);
  return reply.body.command;
}

const command = (harness: Harness, id: number) => api<CommandRecord>(harness, `/api/commands/${id}`).then((reply) => reply.body);
const finalCommand = (harness: Harness, id: number) =>
  until(`command ${id} to end`, async () => ((await command(harness, id)).final ? command(harness, id) : null));
const decodeArrived = (harness: Harness, index: number) => {
  const decoded = decodeTelecommand(harness.fake.arrived[index]!, { dictionary, keys: harness.keys.uplink.keys });
  if (!decoded.ok) throw new Error(decoded.detail);
  return decoded.value;
};

describe('ground server commanding (against a fake spacecraft)', () => {
  it('sends a signed noop and tracks it through acceptance, start and completion', async () => {
    const harness = await start();
    const sent = await send(harness, { name: 'noop' });
    expect(sent).toMatchObject({ name: 'noop', state: 'sent', transmissions: 1, final: false });
    const done = await finalCommand(harness, sent.id);
    expect(done.state).toBe('completed');
    expect(done.stages.map((stage) => stage.stage)).toEqual(['acceptance', 'start', 'completion']);
    expect(done.stages.every((stage) => stage.code === 0 && stage.timeS === 1000)).toBe(true);
    const tc = decodeArrived(harness, 0);
    expect(tc.seq.toString()).toBe(done.seq);
    expect(tc.authenticated).toBe(true);
    expect(harness.fake.executed).toEqual(['noop']);
  });

  it('retransmits the same bytes when no acceptance came, and the spacecraft answers once', async () => {
    const harness = await start();
    harness.fake.drop = (_bytes, index) => index === 0; // the first transmission is lost on the uplink
    const sent = await send(harness, { name: 'set_mode', args: { mode: 'SAFE' } });
    const done = await finalCommand(harness, sent.id);
    expect(done.state).toBe('completed');
    expect(done.transmissions).toBe(2);
    expect(Buffer.from(harness.fake.arrived[1]!)).toEqual(Buffer.from(harness.fake.arrived[0]!));
    expect(harness.fake.executed).toEqual(['set_mode']);
  });

  it('records the duplicate-flagged reports that answer a retransmission, executing nothing twice', async () => {
    const harness = await start();
    // The completion report of the first execution is lost on the downlink.
    harness.fake.loseReport = (stage, _seq, duplicate) => stage === 'completed' && !duplicate;
    const sent = await send(harness, { name: 'ping', args: { token: 5 } });
    const done = await finalCommand(harness, sent.id);
    expect(done.state).toBe('completed');
    expect(done.stages.map((stage) => `${stage.stage}${stage.duplicate ? '*' : ''}`)).toEqual(['acceptance', 'start', 'completion*']);
    expect(done.transmissions).toBe(2);
    expect(harness.fake.executed).toEqual(['ping']);
  });

  it('ends a command never answered as timed-out after the bounded retransmissions', async () => {
    const harness = await start({ retransmitAfterS: 0.05, retransmitMax: 2 });
    harness.fake.drop = () => true;
    const sent = await send(harness, { name: 'noop' });
    const done = await finalCommand(harness, sent.id);
    expect(done).toMatchObject({ state: 'timed-out', final: true, transmissions: 3 });
    expect(harness.fake.arrived).toHaveLength(3);
    expect(new Set(harness.fake.arrived.map((bytes) => Buffer.from(bytes).toString('hex'))).size).toBe(1);
    const status = await api<StatusResponse>(harness, '/api/status');
    expect(status.body.pending).toEqual([]);
  });

  it('sends a hazardous command only with confirm, as arm then the command once the arm completed', async () => {
    const harness = await start();
    const refused = await api<ApiError>(harness, '/api/commands', { name: 'reset_computer' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/reset_computer is hazardous: send it with "confirm": true/);
    expect(harness.fake.arrived).toHaveLength(0);

    const fire = await send(harness, { name: 'reset_computer', confirm: true });
    expect(fire).toMatchObject({ name: 'reset_computer', state: 'queued', transmissions: 0, armId: expect.any(Number) });
    const done = await finalCommand(harness, fire.id);
    expect(done.state).toBe('completed');
    const arm = await command(harness, fire.armId!);
    expect(arm).toMatchObject({ name: 'arm', args: { command: 'reset_computer' }, state: 'completed' });
    expect(harness.fake.executed).toEqual(['arm', 'reset_computer']);
    expect(BigInt(done.seq)).toBeGreaterThan(BigInt(arm.seq));
  });

  it('cancels the hazardous command when its arm is rejected', async () => {
    const harness = await start();
    // A spacecraft that refuses every arm: answer with rejected.
    harness.fake.drop = (bytes) => {
      const tc = decodeTelecommand(bytes, { dictionary });
      if (tc.ok && tc.value.entry.def.name === 'arm') {
        harness.fake.downlink('verification', {
          stage: 'rejected',
          apid: tc.value.header.apid,
          opcode: tc.value.opcode,
          keyId: tc.value.keyId,
          seq: tc.value.seq.toString(),
          code: VERIFICATION_CODES['mode-forbidden'],
          detail: 'arm is not allowed in SAFE',
        });
        return true;
      }
      return false;
    };
    const fire = await send(harness, { name: 'reset_computer', confirm: true });
    const done = await finalCommand(harness, fire.id);
    expect(done.state).toBe('cancelled');
    expect(done.stages.at(-1)).toMatchObject({ stage: 'failure', reason: 'not-armed', detail: expect.stringMatching(/arm .* ended rejected/) });
    expect((await command(harness, fire.armId!)).stages[0]).toMatchObject({
      stage: 'rejection',
      reason: 'mode-forbidden',
      detail: 'arm is not allowed in SAFE',
    });
    expect(harness.fake.executed).toEqual([]);
  });

  it('wraps a time-tagged command, signed, in schedule_insert and follows it to its release', async () => {
    const harness = await start();
    const sent = await send(harness, { name: 'set_mode', args: { mode: 'NOMINAL' }, atS: 5000 });
    expect(sent.atS).toBe(5000);
    const accepted = await until('acceptance on board', async () => {
      const record = await command(harness, sent.id);
      return record.stages.some((stage) => stage.stage === 'acceptance') && record.stages.filter((stage) => stage.stage === 'progress').length === 3
        ? record
        : null;
    });
    expect(accepted.state).toBe('accepted');
    expect(accepted.final).toBe(false);
    const wrapper = decodeArrived(harness, 0);
    expect(wrapper.entry.def.name).toBe('schedule_insert');
    expect(wrapper.args.releaseS).toBe(5000);
    const inner = decodeTelecommand(wrapper.args.packet as Uint8Array, { dictionary, keys: harness.keys.uplink.keys });
    expect(inner.ok && inner.value.entry.def.name).toBe('set_mode');
    expect(inner.ok && inner.value.seq.toString()).toBe(sent.seq);

    harness.fake.release();
    const done = await finalCommand(harness, sent.id);
    expect(done.state).toBe('completed');
    expect(done.transmissions).toBe(1);
    expect(harness.fake.executed).toEqual(['schedule_insert', 'set_mode']);
  });

  it('shows an unround release time rounded to the centisecond in its progress detail', async () => {
    const harness = await start();
    const sent = await send(harness, { name: 'noop', atS: 121.69999694824219 });
    const onBoard = await until('progress on board', async () => {
      const record = await command(harness, sent.id);
      return record.stages.find((stage) => stage.stage === 'progress') ?? null;
    });
    expect(onBoard.detail).toBe('schedule_insert accepted: on board for release at 121.7 s');
  });

  it('refuses bad requests with 400 and a message that says what is wrong', async () => {
    const harness = await start();
    const cases: Array<[unknown, ApiError['code'], RegExp]> = [
      [{ name: 'nop' }, 'unknown-command', /unknown command "nop"; did you mean "noop"\?/],
      [{ name: 'set_mode', args: { mode: 'FAST' } }, 'bad-argument', /set_mode: args\.mode/],
      [{ name: 'set_mode' }, 'bad-argument', /set_mode: .*mode/],
      [{ name: 'ping', args: { token: 1, extra: 2 } }, 'bad-argument', /ping: /],
      [{ name: 'noop', atS: -1 }, 'bad-request', /"atS" must be a mission time/],
      [{ name: 'reset_computer', confirm: true, atS: 10 }, 'bad-request', /hazardous: it cannot be time-tagged/],
      [[1, 2], 'bad-request', /must be a JSON object/],
    ];
    for (const [body, code, message] of cases) {
      const reply = await api<ApiError>(harness, '/api/commands', body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.code, JSON.stringify(body)).toBe(code);
      expect(reply.body.error, JSON.stringify(body)).toMatch(message);
    }
    const notJson = await fetch(`${harness.url}/api/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.token}`, 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
    expect((await api(harness, '/api/commands/999')).status).toBe(404);
    expect((await api<ApiError>(harness, '/api/events?limit=0')).body.error).toMatch(/limit=0 is not an integer 1\.\.10000/);
    expect((await api(harness, '/api/nothing')).status).toBe(404);
    const unknownPacket = await api<ApiError>(harness, '/api/archive/telemetry?packet=nosuch');
    expect([unknownPacket.status, unknownPacket.body.error]).toEqual([
      400,
      expect.stringMatching(/^unknown telemetry packet "nosuch"; packets: .*executive_hk/),
    ]);
    expect((await api<ApiError>(harness, '/api/archive/telemetry?param=power_hk.nosuch')).body.error).toMatch(/^power_hk has no field "nosuch"; its fields: /);
    expect((await api<ApiError>(harness, '/api/archive/events?from=100&to=0')).body).toEqual({
      code: 'bad-request',
      error: 'the range ends (to 0) before it starts (from 100)',
    });
    expect(harness.fake.arrived).toHaveLength(0);
  });

  it('creates a missing key file with mode 0600 on first use and never logs the secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ground-keys-'));
    mkdirSync(join(dir, 'new'));
    const keyFile = join(dir, 'new', 'keys.json');
    const lines: string[] = [];
    const harness = await start({ keyFile, log: (line) => lines.push(line) });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const file = JSON.parse(readFileSync(keyFile, 'utf8')) as {
      format: string;
      spacecraft: Array<{ spacecraftId: number; uplink: { keys: Array<{ secretHex: string }> }; downlink: { keys: Array<{ secretHex: string }> } }>;
    };
    expect(file.format).toBe('orbital-node-keys/3');
    expect(file.spacecraft.map((entry) => entry.spacecraftId)).toEqual([DEFAULT_SPACECRAFT_ID]);
    const secrets = [file.spacecraft[0]!.uplink.keys[0]!.secretHex, file.spacecraft[0]!.downlink.keys[0]!.secretHex];
    expect(lines).toContain(`created key file ${keyFile} (uplink key id 1, downlink key id 2, mode 0600); give the spacecraft the same file`);
    const sent = await send(harness, { name: 'noop' });
    for (const secretHex of secrets) {
      expect(JSON.stringify(sent)).not.toContain(secretHex);
      expect(lines.join('\n')).not.toContain(secretHex);
    }
  });

  it('makes no folder for a key file or users file named in one that does not exist: no key made, commands refused (503), or no start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ground-keys-'));
    const typo = /cannot be created: the folder .*typo does not exist \(a typo in the path\? create the folder first\)/;
    const lines: string[] = [];
    const harness = await start({ keyFile: join(dir, 'typo', 'keys.json'), log: (line) => lines.push(line) });
    expect(lines.join('\n')).toMatch(typo);
    const reply = await api<ApiError>(harness, '/api/commands', { name: 'noop' });
    expect(reply.status).toBe(503);
    expect(reply.body.error).toMatch(typo);
    const failed = await startHarness({ usersFile: join(dir, 'typo', 'users.json') }).then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(failed).toMatch(typo);
    expect(existsSync(join(dir, 'typo'))).toBe(false);
    expect(harness.fake.arrived).toHaveLength(0);
  });

  it('answers 503 while the key file cannot be used, and signs nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ground-keys-'));
    const keyFile = join(dir, 'keys.json');
    writeFileSync(keyFile, '{}', { mode: 0o644 });
    chmodSync(keyFile, 0o644);
    const harness = await start({ keyFile });
    const reply = await api<ApiError>(harness, '/api/commands', { name: 'noop' });
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({ code: 'not-ready', error: expect.stringMatching(/key file .* is readable by others \(mode 644\); run: chmod 600/) });
    expect(harness.fake.arrived).toHaveLength(0);
  });
});

describe('ground server telemetry (against a fake spacecraft)', () => {
  it('decodes, archives and serves telemetry with limits and units, events with messages, and the archive as CSV', async () => {
    const harness = await start();
    const { fake } = harness;
    fake.downlink('executive_hk', {
      mode: 'NOMINAL',
      bootCount: 1,
      resetCause: 'power-on',
      uptimeS: 12,
      tickOverruns: 0,
      tickCostMaxMs: 1.5,
      modulesAlive: 4,
      modulesDead: 0,
      monitorsTripped: 0,
      watchdogStroking: true,
    });
    fake.downlink('mode_changed', { from: 'SAFE', to: 'NOMINAL', cause: 'command' });
    await until('both packets', async () => (await api<StatusResponse>(harness, '/api/status')).body.link.packetsReceived === 2);

    const latest = await api<LatestTelemetry>(harness, '/api/telemetry/latest?packet=executive_hk');
    expect(latest.body.packets).toHaveLength(1);
    expect(latest.body.packets[0]).toMatchObject({
      name: 'executive_hk',
      timeS: 1000,
      stale: false,
      fields: { uptimeS: { value: 12, unit: 's', level: 'none' }, mode: { value: 'NOMINAL', level: 'none' } },
    });
    const events = await api<EventList>(harness, '/api/events');
    expect(events.body.events).toEqual([
      expect.objectContaining({ id: 1, name: 'mode_changed', severity: 'info', message: 'mode SAFE -> NOMINAL (command)', timeS: 1000 }),
    ]);
    expect((await api<EventList>(harness, '/api/events?severity=warning')).body.events).toEqual([]);

    const csv = await api(harness, '/api/archive/telemetry?from=999&to=1001&param=executive_hk.uptimeS&format=csv');
    expect(csv.text).toBe('timeS,packet,param,value,unit\r\n1000,executive_hk,uptimeS,12,s\r\n');
    const json = await api<{ rows: unknown[] }>(harness, '/api/archive/telemetry?from=0&to=999');
    expect(json.body.rows).toEqual([]);
    const eventsCsv = await api(harness, '/api/archive/events?format=csv');
    expect(eventsCsv.text.split('\r\n')[1]).toMatch(/^1,1000,\d+,mode_changed,info,mode SAFE -> NOMINAL \(command\),spacecraft$/);
  });

  it('judges fields against their yellow and red limits', async () => {
    const harness = await start();
    const entry = [...dictionary.downlinks()].find(
      (candidate) => candidate.kind === 'telemetry' && Object.values(candidate.def.fields).some((field) => field.limits?.redHigh !== undefined),
    );
    if (entry?.kind !== 'telemetry') throw new Error('the dictionary declares no field with a red high limit');
    const [name, field] = Object.entries(entry.def.fields).find(([, candidate]) => candidate.limits?.redHigh !== undefined)!;
    const sample = sampleFor(entry.def.fields);
    harness.fake.downlink(entry.def.name, { ...sample, [name]: field.limits!.redHigh! + 1 });
    const packet = await until(
      'the packet',
      async () => (await api<LatestTelemetry>(harness, `/api/telemetry/latest?packet=${entry.def.name}`)).body.packets[0],
    );
    expect(packet.fields[name]).toMatchObject({ level: 'red', value: field.limits!.redHigh! + 1 });
  });

  it('counts rejected frames and packets by reason, gaps in sequence counts, and drops duplicated packets', async () => {
    const harness = await start();
    const { fake } = harness;
    const hk = {
      mode: 'SAFE',
      bootCount: 1,
      resetCause: 'power-on',
      uptimeS: 1,
      tickOverruns: 0,
      tickCostMaxMs: 1,
      modulesAlive: 4,
      modulesDead: 0,
      monitorsTripped: 0,
      watchdogStroking: true,
    };
    const first = fake.downlink('executive_hk', hk, { sequenceCount: 10 });
    fake.sendRaw(first); // duplicated by the link
    fake.downlink('executive_hk', { ...hk, uptimeS: 2 }, { sequenceCount: 13 }); // 11 and 12 lost
    const corrupt = new Uint8Array(first);
    corrupt[corrupt.length - 1]! ^= 0xff;
    fake.sendRaw(corrupt);
    fake.sendFrame(new Uint8Array([1, 2, 3]));
    const sum = (counts: Readonly<Record<string, number>> | undefined) => Object.values(counts ?? {}).reduce((a, b) => a + b, 0);
    const status = await until('five datagrams', async () => {
      const reply = (await api<StatusResponse>(harness, '/api/status')).body;
      return reply.link.packetsReceived + (reply.link.packetsDuplicated ?? 0) + sum(reply.link.packetsRejected) + sum(reply.link.frames?.rejected) === 5
        ? reply
        : null;
    });
    expect(status.link).toMatchObject({
      packetsReceived: 2,
      packetsDuplicated: 1,
      packetsMissing: 2,
      packetsRejected: { 'bad-crc': 1 },
      frames: { received: 4, rejected: { truncated: 1 }, lostByVc: { 0: 0 }, packetsCut: 0 },
      inContact: true,
      lastTelemetryTimeS: 1000,
    });
    expect(status.archive.telemetryRows).toBe(20);
  });

  it('folds job reports and serves a verified result, 409 while chunks are missing', async () => {
    const harness = await start();
    const { fake } = harness;
    fake.downlink('job_state', { jobId: 4, state: 'running' });
    fake.downlink('job_result', { jobId: 4, chunk: 1, chunks: 2, data: new Uint8Array([3, 4]) });
    await until('the chunk', async () => (await api<{ chunksReceived: number }>(harness, '/api/jobs/4')).body.chunksReceived === 1);
    const missing = await api<ApiError>(harness, '/api/jobs/4/result');
    expect(missing.status).toBe(409);
    expect(missing.body.error).toMatch(/1 of 2 result chunks missing \(0\)/);
    expect((await api(harness, '/api/jobs/5')).status).toBe(404);
    expect((await api<{ jobs: unknown[] }>(harness, '/api/jobs')).body.jobs).toEqual([
      expect.objectContaining({ jobId: 4, state: 'running', chunks: 2, chunksReceived: 1, resultComplete: false }),
    ]);

    const summaryEntry = dictionary.downlink('job_summary');
    if (summaryEntry?.kind !== 'telemetry') throw new Error('job_summary is not in the dictionary');
    const digest = new Uint8Array(
      createHash('sha256')
        .update(new Uint8Array([1, 2, 3, 4]))
        .digest(),
    );
    fake.downlink('job_summary', { ...sampleFor(summaryEntry.def.fields), jobId: 4, kind: 'matmul', state: 'done', chunks: 2, digest });
    fake.downlink('job_result', { jobId: 4, chunk: 0, chunks: 2, data: new Uint8Array([1, 2]) });
    const result = await until('the verified result', async () => {
      const reply = await api<{ dataHex: string; digestHex: string }>(harness, '/api/jobs/4/result');
      return reply.status === 200 ? reply.body : null;
    });
    expect(result).toEqual({ jobId: 4, dataHex: '01020304', digestHex: Buffer.from(digest).toString('hex') });
    expect((await api(harness, '/api/jobs/4')).body).toMatchObject({
      kind: 'matmul',
      state: 'done',
      resultComplete: true,
      summary: { digest: Buffer.from(digest).toString('hex') },
    });
  });

  it('keeps its alarms across a restart: open, acknowledged and shelved as they were', async () => {
    const first = await start();
    first.fake.downlink('load_shed', { level: 1, rail: 'accelerator' });
    first.fake.downlink('latchup_tripped', { rail: 'accelerator', currentA: 3 });
    first.fake.downlink('rail_disabled', { rail: 'accelerator', count: 3, detail: 'three latch-ups' });
    const operator = { url: first.url, token: first.token };
    await until('three alarms', async () => (await api<AlarmList>(first, '/api/alarms')).body.alarms.length === 3);
    expect((await api(operator, '/api/alarms/shelve', { key: 'event:rail_disabled', minutes: 60 })).status).toBe(200);
    expect((await api(operator, '/api/alarms/ack', { key: 'event:latchup_tripped' })).status).toBe(200);
    const before = (await api<AlarmList>(first, '/api/alarms')).body;
    expect(before).toMatchObject({ open: 1, alarms: [{}, {}] });
    await first.close();
    running.splice(running.indexOf(first), 1);
    const again = await startHarness({}, first.dir);
    running.push(again);
    expect((await api<AlarmList>(again, '/api/alarms')).body).toEqual(before);
  });

  it('never reuses or lowers the sequence number across a restart, even with a fresh archive', async () => {
    const first = await start();
    const a = await send(first, { name: 'noop' });
    await first.close();
    running.splice(running.indexOf(first), 1);
    const again = await startHarness({}, first.dir);
    running.push(again);
    const b = await send(again, { name: 'noop' });
    expect(BigInt(b.seq)).toBeGreaterThan(BigInt(a.seq));
    expect(b.id).toBeGreaterThan(a.id);
    const fresh = await start({ archivePath: `${first.dir}/fresh.sqlite`, keyFile: first.options.keyFile });
    const c = await send(fresh, { name: 'noop' });
    // A fresh archive starts from the wall clock in microseconds, above anything sent earlier.
    expect(BigInt(c.seq)).toBeGreaterThan(BigInt(b.seq));
  });
});

/** Smallest valid values for a packet's fields, from their schemas. */
function sampleFor(fields: Readonly<Record<string, { schema: Record<string, unknown> }>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => {
      const schema = field.schema;
      if (Array.isArray(schema.enum)) return [name, schema.enum[0]];
      if (schema.type === 'boolean') return [name, false];
      if (schema.type === 'string') return [name, ''];
      if (schema.type === 'array') return [name, []];
      return [name, typeof schema.minimum === 'number' ? schema.minimum : 0];
    }),
  );
}
