/**
 * A spacecraft's alarms, as the ground keeps them for every operator: a
 * telemetry field outside its yellow or red limits (while it is, and until
 * acknowledged after: latching), and each event of severity warning and
 * above (until acknowledged). An alarm that escalates (yellow to red) or
 * comes again is unacknowledged again. Shelving hides it from the counts
 * for a while; it returns when the shelf time ends. One acknowledged and no
 * longer active leaves the book. At most ALARMS_MAX alarms (the oldest
 * inactive ones go first; drops counted). Each change is kept (AlarmKeeping,
 * the archive's alarms table) once the archive has written what raised it,
 * and the book read back at start: a restart loses no open alarm,
 * acknowledgement or shelf. A write that fails is counted (keepFailures)
 * and never stops the telemetry that raised it; the key is written again
 * with its next change.
 */
import type { AlarmRecord, EventRecord, TelemetryPacket } from '../api/contract.js';
import type { AlarmKeeping } from '../archive/alarm-store.js';

export const ALARMS_MAX = 500;
export const SHELVE_MINUTES_MAX = 24 * 60;

/** On the shelf at `nowMs`. */
const shelvedAt = (alarm: AlarmRecord, nowMs: number): boolean => alarm.shelvedUntilMs !== null && alarm.shelvedUntilMs > nowMs;

const RANK: Readonly<Record<AlarmRecord['severity'], number>> = { warning: 1, error: 2, critical: 3 };

export class AlarmBook {
  private readonly alarms = new Map<string, AlarmRecord>();
  /** Keys changed since they were last kept. */
  private readonly unkept = new Set<string>();
  private keepScheduled = false;
  dropped = 0;
  keepFailures = 0;

  constructor(
    private readonly nowMs: () => number,
    private readonly keeping: AlarmKeeping | null = null,
  ) {
    for (const alarm of keeping?.load() ?? []) this.alarms.set(alarm.key, alarm);
  }

  /** The alarms of a telemetry packet's fields (raised, escalated or cleared); those that changed. */
  fromTelemetry(packet: TelemetryPacket): AlarmRecord[] {
    const changed: AlarmRecord[] = [];
    for (const [field, value] of Object.entries(packet.fields)) {
      if (value.level === 'none') continue;
      const key = `limit:${packet.name}.${field}`;
      const known = this.alarms.get(key);
      if (value.level === 'nominal') {
        if (!known?.active) continue;
        const cleared = { ...known, active: false, clearedAtMs: this.nowMs() };
        // acknowledged already: it leaves the book as it clears
        changed.push(cleared.acknowledgedBy === null ? this.put(cleared) : this.remove(cleared));
        continue;
      }
      const severity = value.level === 'red' ? 'critical' : 'warning';
      const shown = typeof value.value === 'number' ? String(Number(value.value.toPrecision(4))) : String(value.value);
      const message = `${packet.name}.${field} ${shown}${value.unit ? ` ${value.unit}` : ''}: ${value.level} limit`;
      if (known?.active && known.severity === severity) continue;
      const escalated = !known?.active || RANK[severity] > RANK[known.severity];
      changed.push(this.raise(key, 'limit', `${packet.name}.${field}`, severity, message, packet.timeS, known, escalated));
    }
    return changed;
  }

  /** An event of severity warning and above is an alarm (until acknowledged); null for a lesser one. */
  fromEvent(event: EventRecord): AlarmRecord | null {
    if (event.severity !== 'warning' && event.severity !== 'error' && event.severity !== 'critical') return null;
    const key = `event:${event.name}`;
    return this.raise(key, 'event', event.name, event.severity, event.message, event.timeS, this.alarms.get(key), true);
  }

  acknowledge(key: string, user: string): AlarmRecord | null {
    const known = this.alarms.get(key);
    if (!known) return null;
    const acknowledged = { ...known, acknowledgedBy: user, acknowledgedAtMs: this.nowMs() };
    return !acknowledged.active || acknowledged.kind === 'event' ? this.remove(acknowledged) : this.put(acknowledged);
  }

  shelve(key: string, user: string, minutes: number): AlarmRecord | null {
    const known = this.alarms.get(key);
    if (!known) return null;
    return this.put({ ...known, shelvedBy: user, shelvedUntilMs: this.nowMs() + minutes * 60_000 });
  }

  /** Every alarm, newest first (then by key); `shelved` says whether it is on the shelf now. */
  list(): AlarmRecord[] {
    const now = this.nowMs();
    return [...this.alarms.values()]
      .map((alarm) => ({ ...alarm, shelved: shelvedAt(alarm, now) }))
      .sort((a, b) => b.raisedAtMs - a.raisedAtMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Alarms not acknowledged and not shelved (what the header counts), and all. */
  counts(): { readonly open: number; readonly total: number } {
    const now = this.nowMs();
    let open = 0;
    for (const alarm of this.alarms.values()) if (alarm.acknowledgedBy === null && !shelvedAt(alarm, now)) open++;
    return { open, total: this.alarms.size };
  }

  private raise(
    key: string,
    kind: AlarmRecord['kind'],
    name: string,
    severity: AlarmRecord['severity'],
    message: string,
    timeS: number,
    known: AlarmRecord | undefined,
    unacknowledge: boolean,
  ): AlarmRecord {
    const now = this.nowMs();
    return this.put({
      key,
      kind,
      name,
      severity,
      message,
      timeS,
      raisedAtMs: now,
      active: true,
      clearedAtMs: null,
      count: (known?.count ?? 0) + 1,
      acknowledgedBy: unacknowledge ? null : (known?.acknowledgedBy ?? null),
      acknowledgedAtMs: unacknowledge ? null : (known?.acknowledgedAtMs ?? null),
      shelvedBy: known?.shelvedBy ?? null,
      shelvedUntilMs: known?.shelvedUntilMs ?? null,
      shelved: false,
    });
  }

  private put(alarm: AlarmRecord): AlarmRecord {
    this.alarms.set(alarm.key, alarm);
    this.changed(alarm.key);
    while (this.alarms.size > ALARMS_MAX) {
      const oldest =
        [...this.alarms.values()].filter((one) => !one.active).sort((a, b) => a.raisedAtMs - b.raisedAtMs)[0] ?? this.alarms.values().next().value!;
      this.remove(oldest);
      this.dropped++;
    }
    return alarm;
  }

  /** Takes an alarm out of the book (and its keeping); returns it as it left. */
  private remove(alarm: AlarmRecord): AlarmRecord {
    this.alarms.delete(alarm.key);
    this.changed(alarm.key);
    return alarm;
  }

  /** Keeps the key's state as it is when the archive has written what is queued now (the newest state, whatever came between). */
  private changed(key: string): void {
    const keeping = this.keeping;
    if (keeping === null) return;
    this.unkept.add(key);
    if (this.keepScheduled) return;
    this.keepScheduled = true;
    keeping.whenWritten(() => {
      this.keepScheduled = false;
      for (const one of [...this.unkept]) {
        this.unkept.delete(one);
        const alarm = this.alarms.get(one);
        try {
          if (alarm) keeping.put(alarm);
          else keeping.remove(one);
        } catch {
          this.keepFailures++;
        }
      }
    });
  }
}
