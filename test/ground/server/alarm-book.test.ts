/**
 * The alarm book (issue 21 point 5): limits latch until acknowledged, an
 * escalation or a repeat is unacknowledged again, events stay until
 * acknowledged, shelving hides from the counts until its time ends, and
 * the book is bounded with drops counted; kept in the archive, it comes
 * back whole after a restart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlarmRecord, EventRecord, FieldValue, TelemetryPacket } from '../../../ground/api/contract.js';
import type { AlarmKeeping } from '../../../ground/archive/alarm-store.js';
import { Archive } from '../../../ground/archive/archive.js';
import { ALARMS_MAX, AlarmBook } from '../../../ground/server/alarm-book.js';
import { dictionary } from '../../helpers/packets.js';

const packet = (timeS: number, level: FieldValue['level'], value = 30): TelemetryPacket => ({
  id: timeS,
  name: 'power_hk',
  apid: 32,
  timeS,
  receivedAtMs: timeS * 1000,
  fields: { busVoltageV: { value, unit: 'V', level }, mode: { value: 'SAFE', level: 'none' } },
  stale: false,
});

const event = (name: string, severity: EventRecord['severity'], timeS = 1): EventRecord => ({
  id: timeS,
  name,
  severity,
  message: `${name} happened`,
  args: {},
  timeS,
  receivedAtMs: timeS * 1000,
  source: 'spacecraft',
});

describe('the alarm book', () => {
  it('raises a limit alarm out of limits, keeps it cleared until acknowledged, and forgets it then', () => {
    let nowMs = 0;
    const book = new AlarmBook(() => nowMs);
    expect(book.fromTelemetry(packet(1, 'nominal'))).toEqual([]);
    const [raised] = book.fromTelemetry(packet(2, 'yellow', 33.81234));
    expect(raised).toMatchObject({
      key: 'limit:power_hk.busVoltageV',
      severity: 'warning',
      active: true,
      message: 'power_hk.busVoltageV 33.81 V: yellow limit',
    });
    expect(book.fromTelemetry(packet(3, 'yellow'))).toEqual([]);
    nowMs = 5000;
    expect(book.fromTelemetry(packet(4, 'nominal'))[0]).toMatchObject({ active: false, clearedAtMs: 5000 });
    expect(book.counts()).toEqual({ open: 1, total: 1 });
    expect(book.acknowledge('limit:power_hk.busVoltageV', 'ana')).toMatchObject({ acknowledgedBy: 'ana' });
    expect(book.list()).toEqual([]);
    expect(book.acknowledge('limit:power_hk.busVoltageV', 'ana')).toBeNull();
  });

  it('keeps an acknowledged alarm while it is active, and unacknowledges it when it escalates', () => {
    const book = new AlarmBook(() => 0);
    book.fromTelemetry(packet(1, 'yellow'));
    book.acknowledge('limit:power_hk.busVoltageV', 'ana');
    expect(book.counts()).toEqual({ open: 0, total: 1 });
    const [escalated] = book.fromTelemetry(packet(2, 'red'));
    expect(escalated).toMatchObject({ severity: 'critical', acknowledgedBy: null, count: 2 });
    expect(book.counts().open).toBe(1);
  });

  it('forgets an acknowledged limit alarm as soon as it clears', () => {
    const book = new AlarmBook(() => 0);
    book.fromTelemetry(packet(1, 'yellow'));
    book.acknowledge('limit:power_hk.busVoltageV', 'ana');
    expect(book.fromTelemetry(packet(2, 'nominal'))).toMatchObject([{ active: false, acknowledgedBy: 'ana' }]);
    expect(book.list()).toEqual([]);
  });

  it('keeps every change in the archive: after a restart the open, acknowledged and shelved alarms are as they were, and forgotten ones stay gone', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'alarms-')), 'archive.sqlite');
    let nowMs = 1000;
    const first = Archive.open(path, { dictionary });
    const book = new AlarmBook(() => nowMs, first.alarms);
    book.fromTelemetry(packet(1, 'red'));
    book.fromEvent(event('load_shed', 'warning'));
    book.fromEvent(event('heater_stuck', 'error'));
    book.fromEvent(event('scrub_late', 'warning'));
    book.acknowledge('limit:power_hk.busVoltageV', 'ana');
    book.shelve('event:heater_stuck', 'ana', 10);
    book.acknowledge('event:scrub_late', 'ana');
    const before = book.list();
    first.close();

    const second = Archive.open(path, { dictionary });
    const again = new AlarmBook(() => nowMs, second.alarms);
    expect(again.list()).toEqual(before);
    expect(
      again
        .list()
        .map((alarm) => alarm.key)
        .sort(),
    ).toEqual(['event:heater_stuck', 'event:load_shed', 'limit:power_hk.busVoltageV']);
    expect(again.counts()).toEqual({ open: 1, total: 3 });
    expect(again.list().find((alarm) => alarm.key === 'limit:power_hk.busVoltageV')).toMatchObject({ acknowledgedBy: 'ana', active: true });
    // the shelf ends at the same wall-clock time as before the restart
    nowMs = 600_000 + 1001;
    expect(again.counts().open).toBe(2);
    // a change after the restart is kept too
    again.fromTelemetry(packet(2, 'nominal'));
    second.close();
    const third = Archive.open(path, { dictionary });
    expect(
      new AlarmBook(() => nowMs, third.alarms)
        .list()
        .map((alarm) => alarm.key)
        .sort(),
    ).toEqual(['event:heater_stuck', 'event:load_shed']);
    third.close();
  });

  it('keeps a change only once the archive has written what raised it, the newest state of each key, and counts a write that fails without throwing', () => {
    const kept = new Map<string, AlarmRecord>();
    const waiting: (() => void)[] = [];
    let failNext = false;
    const keeping: AlarmKeeping = {
      load: () => [],
      put: (alarm) => {
        if (failNext) {
          failNext = false;
          throw new Error('disk full');
        }
        kept.set(alarm.key, alarm);
      },
      remove: (key) => kept.delete(key),
      whenWritten: (run) => waiting.push(run),
    };
    const book = new AlarmBook(() => 0, keeping);
    book.fromEvent(event('load_shed', 'warning'));
    book.fromEvent(event('load_shed', 'warning', 2));
    book.fromTelemetry(packet(3, 'red'));
    // nothing kept while the batch that holds the event is not on disk; one wait for all of it
    expect(kept.size).toBe(0);
    expect(waiting).toHaveLength(1);
    waiting.shift()!();
    expect(kept.get('event:load_shed')).toMatchObject({ count: 2 });
    expect(kept.has('limit:power_hk.busVoltageV')).toBe(true);
    // acknowledged before the write: only the end state is kept (the event alarm gone)
    book.fromEvent(event('load_shed', 'warning', 4));
    book.acknowledge('event:load_shed', 'ana');
    waiting.shift()!();
    expect(kept.has('event:load_shed')).toBe(false);
    failNext = true;
    expect(() => book.acknowledge('limit:power_hk.busVoltageV', 'ana')).not.toThrow();
    expect(() => waiting.shift()!()).not.toThrow();
    expect(book.keepFailures).toBe(1);
    expect(kept.get('limit:power_hk.busVoltageV')?.acknowledgedBy).toBeNull();
    // written again with its next change
    book.fromTelemetry(packet(4, 'nominal'));
    waiting.shift()!();
    expect(kept.has('limit:power_hk.busVoltageV')).toBe(false);
  });

  it('makes events of warning and above alarms until acknowledged; a repeat counts and is open again', () => {
    const book = new AlarmBook(() => 0);
    expect(book.fromEvent(event('pong', 'info'))).toBeNull();
    expect(book.fromEvent(event('load_shed', 'warning'))).toMatchObject({ key: 'event:load_shed', count: 1, active: true });
    expect(book.fromEvent(event('load_shed', 'warning', 2))).toMatchObject({ count: 2 });
    expect(book.acknowledge('event:load_shed', 'ana')).not.toBeNull();
    expect(book.list()).toEqual([]);
  });

  it('hides a shelved alarm from the counts until its time ends', () => {
    let nowMs = 0;
    const book = new AlarmBook(() => nowMs);
    book.fromEvent(event('heater_stuck', 'error'));
    expect(book.shelve('event:heater_stuck', 'ana', 10)).toMatchObject({ shelvedBy: 'ana', shelvedUntilMs: 600_000 });
    expect(book.counts()).toEqual({ open: 0, total: 1 });
    expect(book.list()[0]!.shelved).toBe(true);
    nowMs = 600_001;
    expect(book.counts()).toEqual({ open: 1, total: 1 });
    expect(book.shelve('event:nothing', 'ana', 10)).toBeNull();
  });

  it(`holds at most ${ALARMS_MAX} alarms, dropping the oldest inactive first and counting the drops`, () => {
    let nowMs = 0;
    const book = new AlarmBook(() => nowMs);
    book.fromTelemetry(packet(1, 'red'));
    for (let i = 0; i < ALARMS_MAX + 5; i++) {
      nowMs++;
      book.fromEvent(event(`event_${i}`, 'warning', i));
    }
    expect(book.list()).toHaveLength(ALARMS_MAX);
    expect(book.dropped).toBe(6);
    // none is inactive (events stay active until acknowledged): the oldest went, the limit alarm first
    expect(book.list().some((alarm) => alarm.key === 'limit:power_hk.busVoltageV')).toBe(false);
  });
});
