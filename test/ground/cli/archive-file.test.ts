/**
 * `ground archive --archive FILE`: a mission run's archive queried directly,
 * read-only, without a server; names and ranges checked as the server
 * checks them.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../../ground/archive/archive.js';
import { filePacket } from '../../../ground/server/file-packet.js';
import { decodeTelemetry, encodeTelemetry } from '../../../protocol/index.js';
import { runBin } from '../../helpers/cli.js';
import { dictionary, sampleTelemetry } from '../../helpers/packets.js';

const dir = mkdtempSync(join(tmpdir(), 'archive-file-'));
const path = join(dir, 'archive.sqlite');
/** Receive times as a mission run writes them: from the mission epoch, not the wall clock. */
const EPOCH_MS = Date.UTC(2026, 0, 1);
const archive = (args: readonly string[]) => runBin('ground', ['archive', ...args, '--archive', path], { env: { ORBITAL_GROUND_URL: 'http://127.0.0.1:1' } });
const sha = () => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(() => {
  const written = Archive.open(path, { dictionary });
  for (let i = 0; i < 5; i++) {
    const raw = encodeTelemetry({ ...sampleTelemetry({ sequenceCount: i, timeS: 10 * i, data: { ...sampleTelemetry().data, socPct: 80 + i } }) });
    const decoded = decodeTelemetry(raw, { dictionary });
    if (!decoded.ok) throw new Error(decoded.detail);
    filePacket(written, decoded.value, raw, EPOCH_MS + 10_000 * i);
  }
  const id = written.commands.insert({
    name: 'noop',
    args: {},
    keyId: 1,
    seq: '1',
    wrapperSeq: null,
    createdAtMs: EPOCH_MS,
    createdTimeS: 5,
    atS: null,
    armId: null,
    user: 'mission-operator',
    packet: new Uint8Array([1]),
  });
  written.commands.update(id, { state: 'completed', final: true, sentAtMs: EPOCH_MS, transmissions: 1 });
  written.close();
});

describe('ground archive --archive FILE', () => {
  it('queries the file with no server, as CSV, JSON and a table, and changes nothing in it', async () => {
    const before = sha();
    const csv = await archive(['telemetry', '--param', 'power_hk.socPct', '--csv']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe(
      'timeS,packet,param,value,unit\r\n0,power_hk,socPct,80,%\r\n10,power_hk,socPct,81,%\r\n20,power_hk,socPct,82,%\r\n30,power_hk,socPct,83,%\r\n40,power_hk,socPct,84,%\r\n',
    );
    const commands = await archive(['commands', '--json']);
    expect(JSON.parse(commands.stdout).rows).toEqual([expect.objectContaining({ name: 'noop', state: 'completed', user: 'mission-operator' })]);
    const latest = await archive(['telemetry', '--from', '-10', '--param', 'socPct']);
    expect(latest.stdout).toMatch(/^timeS +packet +param +value +unit\n30 +power_hk +socPct +83 +%\n40 +power_hk +socPct +84 +%\n$/);
    const events = await archive(['events', '--csv']);
    expect(events.stdout).toBe('id,timeS,receivedAtMs,name,severity,message,source\r\n');
    expect(sha()).toBe(before);
  });

  it('refuses an unknown packet or parameter and an empty range with exit 2, naming what exists', async () => {
    for (const [args, message] of [
      [['telemetry', '--packet', 'nosuch'], /unknown telemetry packet "nosuch"; packets: .*power_hk/],
      [['telemetry', '--param', 'nosuch.field'], /unknown telemetry packet "nosuch"/],
      [['telemetry', '--param', 'power_hk.nosuch'], /power_hk has no field "nosuch"; its fields: socPct/],
      [['telemetry', '--param', 'nosuch'], /no telemetry packet has a field "nosuch"/],
      [['telemetry', '--packet', 'pong'], /it is an event: query events/],
      [['events', '--from', '100', '--to', '0'], /the range ends \(to 0\) before it starts \(from 100\)/],
    ] as const) {
      const run = await archive(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  it('reads an archive of the first schema (before users) through a migrated copy, leaving the file as it was', async () => {
    const old = join(dir, 'v1.sqlite');
    writeFileSync(old, readFileSync(path));
    const db = new Database(old);
    db.exec('ALTER TABLE commands DROP COLUMN user_name; ALTER TABLE events DROP COLUMN source; PRAGMA user_version = 1; PRAGMA journal_mode = DELETE;');
    db.close();
    const before = createHash('sha256').update(readFileSync(old)).digest('hex');
    const commands = await runBin('ground', ['archive', 'commands', '--json', '--archive', old]);
    expect(commands.code, commands.stderr).toBe(0);
    expect(JSON.parse(commands.stdout).rows).toEqual([expect.objectContaining({ name: 'noop', user: 'unknown' })]);
    expect(createHash('sha256').update(readFileSync(old)).digest('hex')).toBe(before);
  });

  it('says so, with exit 3, when the file is missing or not an archive', async () => {
    const missing = await runBin('ground', ['archive', 'events', '--archive', join(dir, 'nope.sqlite')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^ground archive: archive .*nope\.sqlite cannot be opened/);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not an archive, just some words to fill a page of the file header');
    const notArchive = await runBin('ground', ['archive', 'events', '--archive', text]);
    expect(notArchive.code).toBe(3);
    expect(notArchive.stderr).toMatch(/is not a ground archive/);
  });
});
