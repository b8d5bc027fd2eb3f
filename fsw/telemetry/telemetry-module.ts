/** The telemetry subsystem: housekeeping periods, event throttling, the event log, downlink housekeeping. */
import type { Executive } from '../executive/executive.js';
import { DONE, type FlightModule } from '../executive/module.js';
import type { ParamDef } from '../storage/parameters.js';
import type { EventRecord } from './events.js';

/** Housekeeping periods by subsystem (the packet "<name>_hk"); others default to 30 s. */
const HK_PERIOD_DEFAULTS_S: Readonly<Record<string, number>> = { executive: 10, power: 10, thermal: 10, jobs: 10 };

export function telemetryParams(core: Executive): ParamDef[] {
  const periods: ParamDef[] = core.dictionary.subsystems
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

export function createTelemetryModule(core: Executive): FlightModule {
  return {
    name: 'telemetry',
    rateHz: 1,
    params: telemetryParams(core),
    boot: () => {
      const events = core.readRecord('telemetry.events')?.events;
      if (Array.isArray(events)) core.restoreEventLog(events.filter((event): event is EventRecord => typeof (event as EventRecord)?.name === 'string'));
    },
    commands: {
      dump_event_log: (args) => {
        for (const record of core.events.tail(args.count as number)) core.events.resend(record);
        return DONE;
      },
    },
    housekeeping: () => ({
      queuedReports: core.downlink.queued('report'),
      queuedHousekeeping: core.downlink.queued('housekeeping'),
      queuedBulk: core.downlink.queued('bulk'),
      droppedReports: core.downlink.dropped('report'),
      droppedHousekeeping: core.downlink.dropped('housekeeping'),
      droppedBulk: core.downlink.dropped('bulk'),
      sentPackets: core.downlink.sentPackets,
      sentBytes: core.downlink.sentBytes,
      eventsSuppressed: core.events.suppressedTotal,
      lostAtResets: core.downlinkLedger.lostAtResets,
    }),
  };
}
