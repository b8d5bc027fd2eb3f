/**
 * The latest packet of each telemetry name, with every field judged against
 * its dictionary limits and the packet marked stale when it is older than
 * STALE_AFTER_PERIODS times its usual period (housekeeping: the mean interval
 * between arrivals; other packets, or before two arrivals: 60 s).
 */
import type { DecodedTelemetry, EventDef, FieldDef, Limits } from '../../protocol/index.js';
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
    const packet: TelemetryPacket = {
      id,
      name: def.name,
      apid: decoded.header.apid,
      timeS: decoded.timeS,
      receivedAtMs,
      fields: fieldValues(fields, decoded.data),
      stale: false,
    };
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
      .map(({ packet, periodMs }) => ({
        ...packet,
        stale: now - packet.receivedAtMs > STALE_AFTER_PERIODS * (periodMs !== null && periodMs > 0 ? periodMs : UNKNOWN_PERIOD_MS),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

/**
 * Decimal places of a number in an event message, by the unit the
 * dictionary gives its argument: what the quantity deserves for a person
 * (a state of charge to 0.1 %, a current to 10 mA, a rate per day to one).
 */
export const MESSAGE_DECIMALS_BY_UNIT: Readonly<Record<string, number>> = {
  '%': 1,
  A: 2,
  V: 2,
  W: 1,
  C: 1,
  'C/min': 2,
  s: 1,
  ms: 0,
  J: 0,
  B: 0,
  FLOP: 0,
  '1/d': 0,
};
/** Significant digits of a number with no unit (or one the table does not know); its integer digits are always kept. */
export const MESSAGE_SIGNIFICANT_DIGITS = 3;
/** A dictionary field whose description declares 0 as "none" (for example "Job whose buffer holds the word, 0 for none"). */
const ZERO_FOR_NONE = /\b0 for none\b/i;

/** A number as an event message shows it: rounded once, here, to what its unit deserves; integer fields as they are. */
export function messageNumber(value: number, field: FieldDef | undefined): string {
  if (!Number.isFinite(value) || field?.schema.type === 'integer') return String(value);
  const unitDecimals = field?.unit !== undefined ? MESSAGE_DECIMALS_BY_UNIT[field.unit] : undefined;
  if (unitDecimals !== undefined) {
    const fixed = value.toFixed(unitDecimals);
    return Number(fixed) === 0 ? (0).toFixed(unitDecimals) : fixed;
  }
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.min(12, Math.max(0, MESSAGE_SIGNIFICANT_DIGITS - 1 - magnitude));
  const rounded = Number(value.toFixed(decimals));
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * An event's dictionary message with its {arguments} filled in, numbers
 * rounded by the unit its definition gives each argument (messageNumber).
 * An argument whose field declares 0 as none reads "no job" for "job
 * {jobId}" (the word before the placeholder), or "none" alone.
 */
export function eventMessage(event: Pick<EventDef, 'message' | 'args'>, args: Readonly<Record<string, unknown>>): string {
  const fields = event.args;
  return event.message.replace(/(\b[A-Za-z][\w-]* )?\{(\w+)\}/g, (whole, word: string | undefined, name: string) => {
    if (!(name in args)) return whole;
    const value = args[name];
    const field = fields?.[name];
    const before = word ?? '';
    if (value === 0 && field !== undefined && ZERO_FOR_NONE.test(field.description)) return word !== undefined ? `no ${word.trimEnd()}` : 'none';
    if (typeof value === 'number') return before + messageNumber(value, field);
    return before + String(toApiValue(value));
  });
}
