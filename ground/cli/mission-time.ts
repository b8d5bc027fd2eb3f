/**
 * Times an operator types: mission seconds ("1234.5"), an ISO 8601 UTC time
 * converted with the mission epoch (protocol/time-code.ts), or "+S" / "-S"
 * seconds after / before the spacecraft's latest telemetry time (the
 * simulator's clock need not be the wall clock's).
 */
import { accept, fail, missionTimeOfDate, type Outcome } from '../../protocol/index.js';

export type TimeSpec = { readonly absoluteS: number } | { readonly afterLatestS: number };

export function parseTimeSpec(text: string): Outcome<TimeSpec> {
  const trimmed = text.trim();
  if (/^[+-]\d+(\.\d+)?$/.test(trimmed)) return accept({ afterLatestS: Number(trimmed) });
  if (/^\d+(\.\d+)?$/.test(trimmed)) return accept({ absoluteS: Number(trimmed) });
  if (/^\d{4}-\d\d-\d\dT/.test(trimmed) && Number.isFinite(Date.parse(trimmed))) {
    const timeS = missionTimeOfDate(new Date(trimmed));
    return timeS >= 0 ? accept({ absoluteS: timeS }) : fail(`${text} is before the mission epoch`);
  }
  return fail(`"${text}" is not a time: give mission seconds (1234.5), an ISO time (2026-01-01T00:20:00Z), or +S / -S after / before the latest telemetry`);
}

/** The mission time of a spec; "+S" asks the server for the latest telemetry time. */
export async function resolveTime(spec: TimeSpec, latestTimeS: () => Promise<number | null>): Promise<Outcome<number>> {
  if ('absoluteS' in spec) return accept(spec.absoluteS);
  const latest = await latestTimeS();
  if (latest === null) return fail('no telemetry yet, so "+S" or "-S" has no reference: give a mission time');
  return latest + spec.afterLatestS < 0
    ? fail(`that is before the mission began (the latest telemetry is at ${latest} s)`)
    : accept(latest + spec.afterLatestS);
}
