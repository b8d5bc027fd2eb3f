import { integer, text } from './fields.js';
import type { SubsystemDef } from './types.js';

export const telemetry = {
  name: 'telemetry',
  apid: 0x070,
  description: 'Housekeeping, events and the store-and-forward downlink queue',
  commands: [
    {
      name: 'dump_event_log',
      opcode: 0x0700,
      description: 'Send the most recent entries of the on-board event log again.',
      hazardous: false,
      role: 'operator',
      args: { count: integer('Entries to send', { min: 1, max: 64 }) },
    },
  ],
  telemetry: [
    {
      name: 'telemetry_hk',
      id: 0x0700,
      class: 'housekeeping',
      description: 'Downlink queue housekeeping: depth and drops per class.',
      fields: {
        queuedReports: integer('Reports and events waiting', { min: 0 }),
        queuedHousekeeping: integer('Housekeeping packets waiting', { min: 0 }),
        queuedBulk: integer('Bulk packets waiting', { min: 0 }),
        droppedReports: integer('Reports and events dropped since boot', { min: 0, limits: { yellowHigh: 1, redHigh: 100 } }),
        droppedHousekeeping: integer('Housekeeping packets dropped since boot', { min: 0 }),
        droppedBulk: integer('Bulk packets dropped since boot', { min: 0 }),
        sentPackets: integer('Packets sent since boot', { min: 0 }),
        sentBytes: integer('Bytes sent since boot', { min: 0, unit: 'B' }),
        sentFrames: integer('TM transfer frames sent since boot', { min: 0 }),
        eventsSuppressed: integer('Events suppressed by throttling since boot', { min: 0 }),
        lostAtResets: integer('Packets resets have taken from the downlink queue over the mission (counted at each boot)', { min: 0 }),
      },
    },
  ],
  events: [
    {
      name: 'events_suppressed',
      id: 0x0780,
      severity: 'warning',
      message: '{count} more {event} events suppressed',
      args: { event: text('Event name', { maxLength: 40 }), count: integer('Suppressed', { min: 1 }) },
    },
  ],
} as const satisfies SubsystemDef;
