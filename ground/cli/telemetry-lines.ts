/** Latest telemetry packets as text: values with units, limit levels coloured and named, stale packets marked. */
import type { TelemetryPacket } from '../api/contract.js';
import type { Paint } from './colour.js';
import { formatAge, formatTimeS, formatValue } from '../client/format-value.js';

const LEVEL_MARK = { red: ' RED', yellow: ' YELLOW', nominal: '', none: '' } as const;

export function telemetryLines(packets: readonly TelemetryPacket[], paint: Paint, nowMs = Date.now()): string[] {
  const lines: string[] = [];
  for (const packet of packets) {
    const stale = packet.stale ? ` ${paint('stale', 'STALE')}` : '';
    lines.push(`${packet.name}  ${formatTimeS(packet.timeS)}  received ${formatAge(packet.receivedAtMs, nowMs)}${stale}`);
    const width = Math.max(0, ...Object.keys(packet.fields).map((name) => name.length));
    for (const [name, field] of Object.entries(packet.fields)) {
      // An empty text shows as "", so that it is seen to be empty.
      const shown = (field.value === '' ? '""' : formatValue(field.value, field.unit)) + LEVEL_MARK[field.level];
      lines.push(`  ${name.padEnd(width)}  ${paint(packet.stale ? 'stale' : field.level, shown)}`);
    }
  }
  return lines;
}
