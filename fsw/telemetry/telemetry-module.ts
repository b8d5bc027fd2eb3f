/**
 * The telemetry subsystem: housekeeping periods, event throttling, the event
 * log and its record, the downlink ledger's record, downlink housekeeping.
 * The executive keeps the packet writer, the queue and the event service
 * (every module's events and packets go through them) and calls the
 * telemetry module's keeper at its fixed points (`telemetryKeeper`).
 */
import type { Dictionary } from '../../protocol/index.js';
import { DONE, defineModule } from '../executive/module.js';
import type { ParamDef } from '../storage/parameters.js';
import { DOWNLINK_LEDGER_RECORD } from './downlink-ledger.js';
import type { EventRecord } from './events.js';

/** Housekeeping periods by subsystem (the packet "<name>_hk"); others default to 30 s. */
const HK_PERIOD_DEFAULTS_S: Readonly<Record<string, number>> = { executive: 10, power: 10, thermal: 10, jobs: 10 };

/** The event log's record: its tail, written every ten seconds when new events came. */
export const EVENT_LOG_RECORD = { id: 'telemetry.events', slotBytes: 32768 } as const;
const EVENT_LOG_PERSISTED = 64;

export function telemetryParams(dictionary: Dictionary): ParamDef[] {
  const periods: ParamDef[] = dictionary.subsystems
    .filter((subsystem) => subsystem.telemetry.some((packet) => packet.name === `${subsystem.name}_hk`))
    .map((subsystem) => ({
      name: `telemetry.hkPeriodS.${subsystem.name}`,
      type: 'number',
      min: 0,
      max: 3600,
      default: HK_PERIOD_DEFAULTS_S[subsystem.name] ?? 30,
      unit: 's',
      description: `Period of ${subsystem.name}_hk (0: not sent)`,
    }));
  return [
    ...periods,
    {
      name: 'telemetry.eventsPerWindow',
      type: 'integer',
      min: 1,
      max: 1000,
      default: 10,
      description: 'Events of one name sent per window before the rest are suppressed',
    },
    { name: 'telemetry.eventWindowS', type: 'number', min: 1, max: 3600, default: 60, unit: 's', description: 'Event throttling window' },
  ];
}

export const createTelemetryModule = defineModule('telemetry', (ctx) => {
  const { events, downlink, writer, ledger } = ctx.services;
  const { records } = ctx;
  /** Log entries (kept and dropped) when the log was last written. */
  let eventsLogged = 0;
  ctx.commands({
    dump_event_log: ({ count }) => {
      for (const record of events.tail(count)) events.resend(record);
      return DONE;
    },
  });
  return {
    rateHz: 1,
    params: telemetryParams(ctx.services.dictionary),
    records: [EVENT_LOG_RECORD, DOWNLINK_LEDGER_RECORD],
    boot: () => {
      const logged = records.read(EVENT_LOG_RECORD.id)?.events;
      if (!Array.isArray(logged)) return;
      for (const record of logged) if (typeof (record as EventRecord)?.name === 'string') events.log.push(record as EventRecord);
      eventsLogged = events.log.length + events.log.dropped;
    },
    telemetryKeeper: {
      restoreLedger: () => {
        const problem = ledger.restore(records.read(DOWNLINK_LEDGER_RECORD.id), writer, downlink.framer);
        if (problem) ctx.event('nvm_problem', { record: DOWNLINK_LEDGER_RECORD.id, detail: problem });
      },
      persistEventLog: () => {
        const logged = events.log.length + events.log.dropped;
        if (logged === eventsLogged) return;
        eventsLogged = logged;
        records.write(EVENT_LOG_RECORD.id, { events: events.tail(EVENT_LOG_PERSISTED) });
      },
      writeLedgerAhead: () => {
        if (ledger.changed(writer, downlink)) records.write(DOWNLINK_LEDGER_RECORD.id, ledger.take(writer, downlink));
      },
    },
    housekeeping: () => ({
      queuedReports: downlink.queued('report'),
      queuedHousekeeping: downlink.queued('housekeeping'),
      queuedBulk: downlink.queued('bulk'),
      droppedReports: downlink.dropped('report'),
      droppedHousekeeping: downlink.dropped('housekeeping'),
      droppedBulk: downlink.dropped('bulk'),
      sentPackets: downlink.sentPackets,
      sentBytes: downlink.sentBytes,
      sentFrames: downlink.sentFrames,
      eventsSuppressed: events.suppressedTotal,
      lostAtResets: ledger.lostAtResets,
    }),
  };
});
