/**
 * Telemetry and events in the archive: the raw packet, one sample row per
 * scalar field (byte strings stay in the raw packet), events with their
 * message filled in. Writes are batched; ids are given out at once so the
 * live stream can name them before they are written.
 */
import { SEVERITIES, type Severity } from '../../protocol/index.js';
import type { ArchiveTelemetryRow, EventRecord } from '../api/contract.js';
import { toApiValue } from '../api/values.js';
import type { BatchWriter } from './batch.js';
import { maxId, type Db } from './database.js';

export interface ReceivedPacket {
  readonly name: string;
  readonly apid: number;
  readonly sequenceCount: number;
  readonly timeS: number;
  readonly receivedAtMs: number;
  readonly raw: Uint8Array;
}

export interface TimeRange {
  readonly fromS: number;
  readonly toS: number;
  readonly limit: number;
}

type Sample = { kind: 'n' | 'b' | 't' | 'j'; num: number | null; txt: string | null };

/** A field as a sample row, or null for byte strings (kept in the raw packet). */
function sampleOf(value: unknown): Sample | null {
  if (value instanceof Uint8Array) return null;
  if (typeof value === 'number') return { kind: 'n', num: value, txt: null };
  if (typeof value === 'boolean') return { kind: 'b', num: value ? 1 : 0, txt: null };
  if (typeof value === 'string') return { kind: 't', num: null, txt: value };
  if (typeof value === 'bigint') return { kind: 't', num: null, txt: value.toString(10) };
  return { kind: 'j', num: null, txt: JSON.stringify(toApiValue(value)) };
}

function sampleValue(row: { kind: string; num: number | null; txt: string | null }): number | string | boolean | null {
  if (row.kind === 'n') return row.num;
  if (row.kind === 'b') return row.num !== 0;
  return row.txt;
}

export const severityRank = (severity: Severity) => SEVERITIES.indexOf(severity);

interface EventRow {
  id: number;
  name: string;
  severity: Severity;
  message: string;
  args_json: string;
  time_s: number;
  received_at_ms: number;
  source: 'spacecraft' | 'ground';
}

const eventRecord = (row: EventRow): EventRecord => ({
  id: row.id,
  name: row.name,
  severity: row.severity,
  message: row.message,
  args: JSON.parse(row.args_json) as Record<string, unknown>,
  timeS: row.time_s,
  receivedAtMs: row.received_at_ms,
  source: row.source,
});

export class TelemetryStore {
  private nextPacketId: number;
  private nextEventId: number;
  private telemetryRows = 0;
  private eventRows = 0;
  private readonly insertPacket;
  private readonly insertSample;
  private readonly insertEvent;

  constructor(
    private readonly db: Db,
    private readonly batch: BatchWriter,
    private readonly unitOf: (packet: string, param: string) => string | undefined,
  ) {
    this.nextPacketId = maxId(db, 'packets') + 1;
    this.nextEventId = maxId(db, 'events') + 1;
    this.insertPacket = db.prepare('INSERT INTO packets (id, name, apid, sequence_count, time_s, received_at_ms, raw) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.insertSample = db.prepare('INSERT OR REPLACE INTO samples (packet_id, param, packet, time_s, kind, num, txt) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.insertEvent = db.prepare(
      'INSERT INTO events (id, name, severity, severity_rank, message, args_json, time_s, received_at_ms, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.recount();
  }

  private queuePacket(packet: ReceivedPacket): number {
    const id = this.nextPacketId++;
    this.batch.add(() => this.insertPacket.run(id, packet.name, packet.apid, packet.sequenceCount, packet.timeS, packet.receivedAtMs, packet.raw));
    return id;
  }

  /** Queues a telemetry packet and its samples; returns its archive id. */
  addTelemetry(packet: ReceivedPacket, fields: Readonly<Record<string, unknown>>): number {
    const id = this.queuePacket(packet);
    const samples = Object.entries(fields).flatMap(([param, value]) => {
      const sample = sampleOf(value);
      return sample ? [[param, sample] as const] : [];
    });
    this.batch.add(() => {
      for (const [param, sample] of samples) this.insertSample.run(id, param, packet.name, packet.timeS, sample.kind, sample.num, sample.txt);
    }, samples.length);
    this.telemetryRows += samples.length;
    return id;
  }

  /** Queues a spacecraft event (and its raw packet); returns the event's record. */
  addEvent(
    packet: ReceivedPacket,
    event: { readonly severity: Severity; readonly message: string; readonly args: Readonly<Record<string, unknown>> },
  ): EventRecord {
    this.queuePacket(packet);
    return this.queueEvent({ name: packet.name, ...event, timeS: packet.timeS, receivedAtMs: packet.receivedAtMs, source: 'spacecraft' });
  }

  /** Queues an event the ground raised (no packet); returns its record. */
  addGroundEvent(event: Omit<EventRecord, 'id' | 'source'>): EventRecord {
    return this.queueEvent({ ...event, source: 'ground' });
  }

  private queueEvent(event: Omit<EventRecord, 'id'>): EventRecord {
    const record: EventRecord = { ...event, id: this.nextEventId++, args: toApiValue(event.args) as Record<string, unknown> };
    const argsJson = JSON.stringify(record.args);
    this.eventRows++;
    this.batch.add(() =>
      this.insertEvent.run(
        record.id,
        record.name,
        record.severity,
        severityRank(record.severity),
        record.message,
        argsJson,
        record.timeS,
        record.receivedAtMs,
        record.source,
      ),
    );
    return record;
  }

  /** Samples in a mission-time range, by packet and/or parameter ("packet.field" or "field"). */
  telemetry(range: TimeRange, filter: { readonly packet?: string; readonly param?: string } = {}): ArchiveTelemetryRow[] {
    this.batch.flush();
    let packet = filter.packet;
    let param = filter.param;
    if (param?.includes('.')) [packet, param] = [param.slice(0, param.indexOf('.')), param.slice(param.indexOf('.') + 1)];
    const where = ['time_s BETWEEN ? AND ?'];
    const values: unknown[] = [range.fromS, range.toS];
    if (packet !== undefined) where.push('packet = ?') && values.push(packet);
    if (param !== undefined) where.push('param = ?') && values.push(param);
    const rows = this.db
      .prepare(`SELECT time_s, packet, param, kind, num, txt FROM samples WHERE ${where.join(' AND ')} ORDER BY packet_id, param LIMIT ?`)
      .all(...values, range.limit) as Array<{ time_s: number; packet: string; param: string; kind: string; num: number | null; txt: string | null }>;
    return rows.map((row) => {
      const unit = this.unitOf(row.packet, row.param);
      return { timeS: row.time_s, packet: row.packet, param: row.param, value: sampleValue(row), ...(unit !== undefined ? { unit } : {}) };
    });
  }

  /** Events after an id (the live list), at or above a severity. */
  eventsAfter(afterId: number, limit: number, minSeverity: Severity = 'debug', newest = false): EventRecord[] {
    this.batch.flush();
    const rows = this.db
      .prepare(`SELECT * FROM events WHERE id > ? AND severity_rank >= ? ORDER BY id ${newest ? 'DESC' : ''} LIMIT ?`)
      .all(afterId, severityRank(minSeverity), limit) as EventRow[];
    return rows.map(eventRecord);
  }

  /** Events in a mission-time range. */
  events(range: TimeRange, minSeverity: Severity = 'debug'): EventRecord[] {
    this.batch.flush();
    const rows = this.db
      .prepare('SELECT * FROM events WHERE time_s BETWEEN ? AND ? AND severity_rank >= ? ORDER BY id LIMIT ?')
      .all(range.fromS, range.toS, severityRank(minSeverity), range.limit) as EventRow[];
    return rows.map(eventRecord);
  }

  /** The last raw packet of each telemetry name (to restore the latest values after a restart). */
  latestRaw(): Array<{ id: number; raw: Uint8Array; receivedAtMs: number }> {
    this.batch.flush();
    const rows = this.db.prepare('SELECT id, raw, received_at_ms FROM packets WHERE id IN (SELECT MAX(id) FROM packets GROUP BY name)').all() as Array<{
      id: number;
      raw: Buffer;
      received_at_ms: number;
    }>;
    return rows.map((row) => ({ id: row.id, raw: new Uint8Array(row.raw), receivedAtMs: row.received_at_ms }));
  }

  /** The mission time of the newest telemetry (the latest time code), null when there is none. */
  latestTimeS(): number | null {
    this.batch.flush();
    return (this.db.prepare('SELECT MAX(time_s) AS t FROM packets').get() as { t: number | null }).t;
  }

  /** The newest packets' identity (APID, sequence count, mission time), newest first. */
  recentPackets(limit: number): Array<{ apid: number; sequenceCount: number; timeS: number }> {
    this.batch.flush();
    const rows = this.db.prepare('SELECT apid, sequence_count, time_s FROM packets ORDER BY id DESC LIMIT ?').all(limit) as Array<{
      apid: number;
      sequence_count: number;
      time_s: number;
    }>;
    return rows.map((row) => ({ apid: row.apid, sequenceCount: row.sequence_count, timeS: row.time_s }));
  }

  /** The raw packets of the newest events, newest first. */
  recentEventPackets(limit: number): Uint8Array[] {
    this.batch.flush();
    const rows = this.db.prepare('SELECT raw FROM packets WHERE name IN (SELECT DISTINCT name FROM events) ORDER BY id DESC LIMIT ?').all(limit) as Array<{
      raw: Buffer;
    }>;
    return rows.map((row) => new Uint8Array(row.raw));
  }

  /** Rows held (samples and events), counted as they are queued. */
  counts(): { telemetryRows: number; eventRows: number } {
    return { telemetryRows: this.telemetryRows, eventRows: this.eventRows };
  }

  /** Counts the rows again (at open and after retention deleted some). */
  recount(): void {
    this.batch.flush();
    const count = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    this.telemetryRows = count('SELECT COUNT(*) AS n FROM samples');
    this.eventRows = count('SELECT COUNT(*) AS n FROM events');
  }
}
