import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Archive, type ArchiveOptions } from '../../../ground/archive/archive.js';
import { DAY_MS } from '../../../ground/archive/retention.js';
import type { ReceivedPacket } from '../../../ground/archive/telemetry-store.js';
import { dictionary, sampleTelemetry, sampleTmBytes } from '../../helpers/packets.js';

const opened: Archive[] = [];
afterEach(() => opened.splice(0).forEach((archive) => archive.close()));

function openArchive(path: string, options: Partial<ArchiveOptions> = {}): Archive {
  const archive = Archive.open(path, { dictionary, retentionDays: Infinity, ...options });
  opened.push(archive);
  return archive;
}

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'ground-archive-')), 'archive.sqlite');

function powerPacket(timeS: number, receivedAtMs: number): ReceivedPacket {
  return { name: 'power_hk', apid: sampleTelemetry().apid, sequenceCount: timeS % 16384, timeS, receivedAtMs, raw: sampleTmBytes({ timeS }) };
}

const fields = (socPct: number) => ({ ...sampleTelemetry().data, socPct });

describe('ground archive', () => {
  it('writes telemetry in batches and answers time-range queries by packet and parameter', () => {
    const archive = openArchive(tempFile(), { batch: { rowsMax: 40, flushIntervalMs: 60_000 } });
    const sampleFields = Object.keys(sampleTelemetry().data).length;
    for (let second = 0; second < 100; second++) archive.telemetry.addTelemetry(powerPacket(second, 1_000 + second), fields(50 + second / 10));
    // 100 packets of `sampleFields` rows, written every 40 rows or more: far fewer transactions than packets.
    expect(archive.batch.batchesWritten).toBeGreaterThan(0);
    expect(archive.batch.batchesWritten).toBeLessThan(100);

    const rows = archive.telemetry.telemetry({ fromS: 10, toS: 19, limit: 1000 }, { param: 'power_hk.socPct' });
    expect(rows.map((row) => row.timeS)).toEqual(Array.from({ length: 10 }, (_, i) => 10 + i));
    expect(rows[0]).toEqual({ timeS: 10, packet: 'power_hk', param: 'socPct', value: 51, unit: '%' });
    expect(archive.telemetry.telemetry({ fromS: 0, toS: 99, limit: 1000 }, { param: 'socPct' })).toHaveLength(100);
    expect(archive.telemetry.telemetry({ fromS: 0, toS: 4, limit: 1000 }, { packet: 'power_hk' })).toHaveLength(5 * sampleFields);
    expect(archive.telemetry.telemetry({ fromS: 0, toS: 99, limit: 7 })).toHaveLength(7);
    expect(archive.telemetry.counts().telemetryRows).toBe(100 * sampleFields);
  });

  it('runs what waits for the disk once the rows queued before it are written: at once with none queued, after the next transaction otherwise', () => {
    const path = tempFile();
    const archive = openArchive(path, { batch: { rowsMax: 1_000_000, flushIntervalMs: 60_000 } });
    const ran: string[] = [];
    archive.whenWritten(() => ran.push('nothing queued'));
    archive.telemetry.addTelemetry(powerPacket(1, 1_000), fields(60));
    archive.whenWritten(() => ran.push('after packet 1'));
    expect(ran).toEqual(['nothing queued']);
    // a second reader of the file sees nothing yet: the rows are not on disk
    const reader = openArchive(path, { readonly: true });
    expect(reader.telemetry.counts().telemetryRows).toBe(0);
    archive.flush();
    expect(ran).toEqual(['nothing queued', 'after packet 1']);
    reader.telemetry.recount();
    expect(reader.telemetry.counts().telemetryRows).toBeGreaterThan(0);
    reader.close();
    archive.close();
  });

  it('lists the newest events first when asked, the newest `limit` of them', () => {
    const archive = openArchive(tempFile());
    for (let i = 0; i < 5; i++)
      archive.telemetry.addEvent({ ...powerPacket(10 + i, 1_000 + i), name: 'pong' }, { severity: 'info', message: `pong ${i}`, args: { token: i } });
    expect(archive.telemetry.eventsAfter(0, 2).map((event) => event.message)).toEqual(['pong 0', 'pong 1']);
    expect(archive.telemetry.eventsAfter(0, 2, 'debug', true).map((event) => event.message)).toEqual(['pong 4', 'pong 3']);
  });

  it('keeps everything across a restart, and ids go on from where they were', () => {
    const path = tempFile();
    const first = openArchive(path);
    const firstId = first.telemetry.addTelemetry(powerPacket(1, 1_000), fields(60));
    const event = first.telemetry.addEvent({ ...powerPacket(2, 1_001), name: 'pong' }, { severity: 'info', message: 'pong 7', args: { token: 7 } });
    first.commands.setLastSeq(123n);
    first.close();

    const second = openArchive(path);
    expect(second.telemetry.telemetry({ fromS: 0, toS: 10, limit: 100 }, { param: 'socPct' })).toEqual([
      { timeS: 1, packet: 'power_hk', param: 'socPct', value: 60, unit: '%' },
    ]);
    expect(second.telemetry.eventsAfter(0, 10)).toEqual([event]);
    expect(second.commands.lastSeq()).toBe(123n);
    expect(second.telemetry.addTelemetry(powerPacket(3, 1_002), fields(61))).toBeGreaterThan(firstId);
    expect(
      second.telemetry
        .latestRaw()
        .map((packet) => packet.receivedAtMs)
        .sort(),
    ).toEqual([1_001, 1_002]);
  });

  it('filters events by minimum severity and time range', () => {
    const archive = openArchive(tempFile());
    const event = (timeS: number, severity: 'info' | 'warning' | 'critical') =>
      archive.telemetry.addEvent({ ...powerPacket(timeS, timeS), name: 'module_late' }, { severity, message: `at ${timeS}`, args: { module: 'x', missed: 1 } });
    event(1, 'info');
    event(2, 'warning');
    event(3, 'critical');
    expect(archive.telemetry.events({ fromS: 0, toS: 10, limit: 10 }, 'warning').map((e) => e.message)).toEqual(['at 2', 'at 3']);
    expect(archive.telemetry.events({ fromS: 2.5, toS: 10, limit: 10 }).map((e) => e.message)).toEqual(['at 3']);
    expect(archive.telemetry.eventsAfter(1, 10).map((e) => e.id)).toEqual([2, 3]);
  });

  it('deletes what was received longer than the retention before the newest row, and says what it removed', () => {
    const lines: string[] = [];
    const archive = openArchive(tempFile(), { retentionDays: 7, log: (line) => lines.push(line) });
    // The newest row is received on day 100: days 90..92 are more than 7 days older.
    for (let day = 90; day <= 100; day++) archive.telemetry.addTelemetry(powerPacket(day, day * DAY_MS), fields(day));
    archive.telemetry.addEvent({ ...powerPacket(1, 80 * DAY_MS), name: 'pong' }, { severity: 'info', message: 'old', args: { token: 1 } });
    const oldCommand = archive.commands.insert({
      name: 'noop',
      args: {},
      keyId: 1,
      seq: '5',
      wrapperSeq: null,
      createdAtMs: 80 * DAY_MS,
      createdTimeS: 1,
      atS: null,
      armId: null,
      user: 'alice',
      packet: new Uint8Array([1]),
    });
    archive.commands.update(oldCommand, { state: 'completed', final: true, sentAtMs: 80 * DAY_MS, transmissions: 1 });
    const pendingOld = archive.commands.insert({
      name: 'noop',
      args: {},
      keyId: 1,
      seq: '6',
      wrapperSeq: null,
      createdAtMs: 80 * DAY_MS,
      createdTimeS: 1,
      atS: null,
      armId: null,
      user: 'alice',
      packet: new Uint8Array([1]),
    });

    const removed = archive.applyRetention();
    expect(removed.packets).toBe(4); // days 90..92 and the event's packet
    expect(removed.events).toBe(1);
    expect(removed.commands).toBe(1);
    expect(archive.telemetry.telemetry({ fromS: 0, toS: 1000, limit: 100 }, { param: 'socPct' }).map((row) => row.value)).toEqual([
      93, 94, 95, 96, 97, 98, 99, 100,
    ]);
    expect(lines).toEqual([
      `retention (7 days before the newest row, received ${new Date(100 * DAY_MS).toISOString()}): removed what was received before ${new Date(93 * DAY_MS).toISOString()}: packets 4, samples ${3 * Object.keys(fields(0)).length}, events 1, final commands 1, jobs 0`,
    ]);
    expect(archive.commands.get(oldCommand)).toBeUndefined();
    expect(archive.commands.get(pendingOld)?.final).toBe(false);
  });

  it('removes nothing on open of an archive from another time (a mission run at 2026-01-01) whose rows are close to its newest', () => {
    const path = tempFile();
    const mission = Date.UTC(2026, 0, 1);
    const first = openArchive(path);
    for (let hour = 0; hour < 5; hour++) first.telemetry.addTelemetry(powerPacket(hour, mission + hour * 3_600_000), fields(hour));
    first.close();
    const lines: string[] = [];
    const again = openArchive(path, { retentionDays: 30, log: (line) => lines.push(line) });
    expect(again.telemetry.counts().telemetryRows).toBe(5 * Object.keys(fields(0)).length);
    expect(lines).toEqual([]);
    again.close();
  });

  it('opens read-only for queries: nothing written, an unknown file or an older schema refused with the way out', () => {
    const path = tempFile();
    const writer = openArchive(path);
    writer.telemetry.addTelemetry(powerPacket(1, 5), fields(1));
    writer.close();
    const reader = Archive.open(path, { dictionary, readonly: true });
    expect(reader.telemetry.telemetry({ fromS: 0, toS: 10, limit: 10 }, { param: 'socPct' }).map((row) => row.value)).toEqual([1]);
    expect(() => reader.commands.setLastSeq(5n)).toThrow(/readonly/);
    expect(() => reader.applyRetention()).toThrow(/retention was not asked for/);
    reader.close();
    expect(() => Archive.open(join(tmpdir(), 'no-such-archive.sqlite'), { dictionary, readonly: true })).toThrow(/cannot be opened/);
    const notArchive = tempFile();
    writeFileSync(notArchive, 'hello, not a database at all, sorry');
    expect(() => Archive.open(notArchive, { dictionary, readonly: true })).toThrow(/is not a ground archive/);
  });

  it('folds job events and reports, and reassembles a result checked against the summary digest', () => {
    const archive = openArchive(tempFile());
    const result = new Uint8Array(5000).map((_, i) => (i * 7) & 0xff);
    const digest = new Uint8Array(createHash('sha256').update(result).digest());
    archive.jobs.state(7, 'queued', undefined, 10, 1);
    archive.jobs.state(7, 'running', undefined, 20, 2);
    archive.jobs.list({ jobs: [{ jobId: 7, state: 'queued', priority: 0, progressPct: 0 }] }, 15, 3); // older: loses
    expect(archive.jobs.get(7)).toMatchObject({ jobId: 7, state: 'running', updatedTimeS: 20, chunksReceived: 0, chunks: null, resultComplete: false });
    expect(archive.jobs.result(7)).toMatchObject({ ok: false });

    archive.jobs.summary({ jobId: 7, kind: 'matmul', state: 'done', detail: '', resultBytes: result.length, chunks: 2, digest }, 30, 4);
    archive.jobs.chunk({ jobId: 7, chunk: 1, chunks: 2, data: result.subarray(3000) }, 5);
    const partial = archive.jobs.result(7);
    expect(partial).toEqual({ ok: false, error: expect.stringMatching(/1 of 2 result chunks missing \(0\)/) });
    archive.jobs.chunk({ jobId: 7, chunk: 0, chunks: 2, data: result.subarray(0, 3000) }, 6);

    expect(archive.jobs.get(7)).toMatchObject({ kind: 'matmul', state: 'done', chunksReceived: 2, chunks: 2, resultComplete: true });
    expect(archive.jobs.get(7)?.summary).toMatchObject({ digest: Buffer.from(digest).toString('hex') });
    expect(archive.jobs.result(7)).toEqual({
      ok: true,
      value: { jobId: 7, dataHex: Buffer.from(result).toString('hex'), digestHex: Buffer.from(digest).toString('hex') },
    });
    expect(archive.jobs.result(8)).toBeUndefined();
  });

  it('keeps a job_state detail and its time when a later job_list repeats the same state', () => {
    const archive = openArchive(tempFile());
    archive.jobs.state(1, 'failed', 'cancelled by command', 66.2, 1);
    archive.jobs.list({ jobs: [{ jobId: 1, state: 'failed', priority: 0, progressPct: 0 }] }, 90.8, 2);
    expect(archive.jobs.get(1)).toMatchObject({ state: 'failed', detail: 'cancelled by command', updatedTimeS: 66.2 });
    archive.jobs.state(2, 'queued', undefined, 10, 3);
    archive.jobs.list({ jobs: [{ jobId: 2, state: 'running', priority: 0, progressPct: 5 }] }, 20, 4); // a new state wins
    expect(archive.jobs.get(2)).toMatchObject({ state: 'running', updatedTimeS: 20 });
  });

  it('refuses a result whose chunks do not match the digest', () => {
    const archive = openArchive(tempFile());
    archive.jobs.summary({ jobId: 3, kind: 'matmul', state: 'done', chunks: 1, digest: new Uint8Array(32) }, 30, 4);
    archive.jobs.chunk({ jobId: 3, chunk: 0, chunks: 1, data: new Uint8Array([1, 2, 3]) }, 5);
    expect(archive.jobs.get(3)?.resultComplete).toBe(false);
    expect(archive.jobs.result(3)).toEqual({ ok: false, error: expect.stringMatching(/does not match the summary's 0000/) });
  });

  it('keeps commands with every verification stage', () => {
    const archive = openArchive(tempFile());
    const id = archive.commands.insert({
      name: 'set_mode',
      args: { mode: 'SAFE' },
      keyId: 1,
      seq: '99',
      wrapperSeq: null,
      createdAtMs: 5,
      createdTimeS: 100,
      atS: null,
      armId: null,
      user: 'alice',
      packet: new Uint8Array([1, 2]),
    });
    archive.commands.addStage(id, { stage: 'acceptance', code: 0, reason: 'ok', timeS: 101, receivedAtMs: 6 });
    archive.commands.addStage(id, { stage: 'completion', code: 0, reason: 'ok', timeS: 101, receivedAtMs: 7, duplicate: true });
    archive.commands.update(id, { state: 'completed', final: true, sentAtMs: 5, transmissions: 2 });
    expect(archive.commands.get(id)).toEqual({
      id,
      name: 'set_mode',
      args: { mode: 'SAFE' },
      user: 'alice',
      keyId: 1,
      seq: '99',
      state: 'completed',
      final: true,
      createdAtMs: 5,
      sentAtMs: 5,
      transmissions: 2,
      stages: [
        { stage: 'acceptance', code: 0, reason: 'ok', timeS: 101, receivedAtMs: 6 },
        { stage: 'completion', code: 0, reason: 'ok', timeS: 101, receivedAtMs: 7, duplicate: true },
      ],
    });
    expect(archive.commands.range(50, 150, 10)).toHaveLength(1);
    expect(archive.commands.range(0, 50, 10)).toHaveLength(0);
    expect(archive.commands.pending()).toEqual([]);
  });
});
