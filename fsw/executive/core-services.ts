/**
 * What the executive gives each of the four core modules besides the common
 * door (by the module's name: ModuleContext<'commanding'>.services is
 * CommandingServices), and what three of them give it back: the commanding
 * module's intake, the telemetry module's keeping of the downlink records,
 * the storage module's parameter table in non-volatile memory. The
 * executive calls these at fixed points of its tick and boot.
 */
import type { Dictionary, KeyRing, Outcome } from '../../protocol/index.js';
import type { ResetCause } from '../hal/frames.js';
import type { LoadedParameters, ParamDef, ParameterTable } from '../storage/parameters.js';
import type { RecordStoreCounters } from '../storage/records.js';
import type { DownlinkLedgerKeeper } from '../telemetry/downlink-ledger.js';
import type { DownlinkQueue } from '../telemetry/downlink-queue.js';
import type { EventService } from '../telemetry/events.js';
import type { TelemetryWriter } from '../telemetry/packets.js';
import type { UplinkFrames } from '../commanding/uplink-frames.js';
import type { CommandRouter } from './command-router.js';

/** For the executive subsystem's module: its commands and executive_hk. */
export interface ExecutiveServices {
  readonly bootCount: number;
  readonly resetCause: ResetCause;
  readonly tickOverruns: number;
  /** The longest tick since the last call; it starts again from 0. */
  takeTickCostMaxMs(): number;
  readonly modulesAlive: number;
  readonly modulesDead: number;
  readonly monitorsTripped: number;
  readonly watchdogStroking: boolean;
  /** Enables or disables a monitor, kept across resets; false for an unknown id. */
  setMonitorEnabled(id: number, enabled: boolean): boolean;
  /** Stops the watchdog stroke for good, so that the hardware resets the computer; the next boot reports "commanded". */
  requestReset(): void;
}

export interface CommandingServices {
  readonly dictionary: Dictionary;
  /** The keys that authenticate telecommands. */
  readonly uplinkKeys: KeyRing;
  /** The telecommands in the TC frames the radio received since the last call. */
  receive(): readonly Uint8Array[];
  /** The uplink's frame layer and its counters. */
  readonly frames: UplinkFrames;
  /** Telecommands the radio dropped because its inbox was full. */
  readonly intakeDropped: number;
  /** Every module's command handlers, with the mode gate. */
  readonly router: CommandRouter;
}

export interface TelemetryServices {
  readonly dictionary: Dictionary;
  readonly events: EventService;
  readonly downlink: DownlinkQueue;
  readonly writer: TelemetryWriter;
  readonly ledger: DownlinkLedgerKeeper;
}

export interface StorageServices {
  readonly paramDefs: readonly ParamDef[];
  readonly paramsSource: 'nvm' | 'defaults';
  /** Puts a table loaded from non-volatile memory in force (param_load). */
  replaceParams(table: ParameterTable): void;
  /** The counters of the whole record store. */
  nvmCounters(): RecordStoreCounters;
}

export interface CoreServices {
  readonly executive: ExecutiveServices;
  readonly commanding: CommandingServices;
  readonly telemetry: TelemetryServices;
  readonly storage: StorageServices;
}

/** The commanding module's part of the tick. */
export interface UplinkIntake {
  /** At boot, after the boot record: the anti-replay window, the recent commands, the time-tagged queue and the routines. */
  restore(): void;
  /** Each tick, before the modules step: the telecommands received, the time-tagged commands due, and on a new second the routines. */
  intake(newSecond: boolean): void;
}

/** The telemetry module's records of the downlink. */
export interface TelemetryKeeper {
  /** First at boot, before any packet is built: the numbering goes on from the last boot. */
  restoreLedger(): void;
  /** Every ten seconds, after the event windows: the tail of the event log, when new events came. */
  persistEventLog(): void;
  /** Each tick, once the packets to send are taken and before they leave: the ledger, when it changed (write-ahead). */
  writeLedgerAhead(): void;
}

/** The storage module's parameter table in non-volatile memory. */
export interface ParameterKeeper {
  /** At boot, after the ledger: the table saved, or the defaults (a problem is reported by the keeper). */
  load(): Outcome<LoadedParameters>;
}
