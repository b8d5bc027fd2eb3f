/**
 * The latest packet of each telemetry name, with every field judged against
 * its dictionary limits and the packet marked stale when it is older than
 * STALE_AFTER_PERIODS times its usual period (housekeeping: the mean interval
 * between arrivals; other packets, or before two arrivals: 60 s).
 */
import type { DecodedTelemetry, FieldDef, Limits } from '../../protocol/index.js';
import { STALE_AFTER_PERIODS, type FieldValue, type TelemetryPacket } from '../api/contract.js';
import { toApiValue } from '../api/values.js';

export const UNKNOWN_PERIOD_MS = 60_000;
/** Weight of the newest interval in the period estimate. */
const PERIOD_SMOOTHING = 0.2;

export function fieldLevel(value: unknown, limits: Limits | undefined): FieldValue['level'] {
  if (!limits || typeof value !== 'number') return 'none';
  if ((limits.redLow !== undefined && value < limits.redLow) || (limits.redHigh !== undefined && value > limits.redHigh)) return 'red';
  if ((limits.yellowLow !== undefined && value < limits.yellowLow) || (limits.yellowHigh !== undefined && value > limits.yellowHigh)) return 'yellow';
  return 'nominal';
}

export function fieldValues(fields: Readonly<Record<string, FieldDef>>, data: Readonly<Record<string, unknown>>): Record<string, FieldValue> {
  return Object.fromEntries(
    Object.entries(data).map(([name, value]) => {
      const def = fields[name];
      return [name, { value: toApiValue(value), ...(def?.unit !== undefined ? { unit: def.unit } : {}), level: fieldLevel(value, def?.limits) }];
    }),
  );
}

interface Latest {
  packet: TelemetryPacket;
  periodMs: number | null;
}

export class LatestTelemetry {
  private readonly latest = new Map<string, Latest>();

  constructor(private readonly nowMs: () => number) {}

  /** Records a decoded telemetry packet (not an event); returns it as the API shows it. */
  update(id: number, decoded: DecodedTelemetry, receivedAtMs: number): TelemetryPacket {
    const def = decoded.entry.def;
    const fields = decoded.entry.kind === 'telemetry' ? decoded.entry.def.fields : {};
    const packet: TelemetryPacket = { id, name: def.name, apid: decoded.header.apid, timeS: decoded.timeS, receivedAtMs, fields: fieldValues(fields, decoded.data), stale: false };
    const previous = this.latest.get(def.name);
    let periodMs: number | null = null;
    if (previous && decoded.entry.kind === 'telemetry' && decoded.entry.def.class === 'housekeeping') {
      const intervalMs = receivedAtMs - previous.packet.receivedAtMs;
      periodMs = previous.periodMs === null ? intervalMs : previous.periodMs + PERIOD_SMOOTHING * (intervalMs - previous.periodMs);
    }
    if (!previous || previous.packet.id <= id) this.latest.set(def.name, { packet, periodMs });
    return packet;
  }

  /** One packet per name (or only the named one), staleness as of now. */
  packets(name?: string): TelemetryPacket[] {
    const now = this.nowMs();
    return [...this.latest.values()]
      .filter((latest) => name === undefined || latest.packet.name === name)
      .map(({ packet, periodMs }) => ({ ...packet, stale: now - packet.receivedAtMs > STALE_AFTER_PERIODS * (periodMs !== null && periodMs > 0 ? periodMs : UNKNOWN_PERIOD_MS) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

/** An event's dictionary message with its {arguments} filled in. */
export function eventMessage(template: string, args: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in args ? String(toApiValue(args[name])) : whole));
}
