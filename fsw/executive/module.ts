/**
 * What a flight module is to the executive: a step function over its own
 * state at a rate, the commands of its dictionary subsystem, its
 * housekeeping, parameters, non-volatile records and monitors. Modules never
 * reach into each other: they meet in published values and in the actuator
 * requests the executive merges into one ActuatorFrame per tick.
 */
import type { CommandFailure, MODES } from '../../protocol/index.js';
import type { SensorFrame } from '../hal/frames.js';
import type { ParamDef, ParameterTable } from '../storage/parameters.js';
import type { RecordDef, RecordStore } from '../storage/records.js';
import type { ActuatorRequests } from './actuators.js';
import type { Published } from './published.js';

export type Mode = (typeof MODES)[number];

/** Rate groups: every tick (10 Hz), every second, every ten seconds. */
export type RateHz = 10 | 1 | 0.1;

export type CommandOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: CommandFailure; readonly detail: string };

export const DONE: CommandOutcome = Object.freeze({ ok: true });

export function failed(reason: CommandFailure, detail: string): CommandOutcome {
  return { ok: false, reason, detail };
}

/** Where a command came from. */
export type CommandSource = 'ground' | 'schedule' | 'routine' | 'monitor';

export interface CommandInfo {
  readonly name: string;
  readonly source: CommandSource;
  readonly keyId: number | null;
  readonly seq: bigint | null;
}

/** What a module sees and may do during a tick. */
export interface FlightContext {
  readonly frame: SensorFrame;
  readonly timeS: number;
  readonly mode: Mode;
  readonly params: ParameterTable;
  readonly published: Published;
  readonly actuators: ActuatorRequests;
  readonly store: RecordStore;
  /** Raises an event (dictionary name and arguments), throttled when it repeats. */
  event(name: string, args: Readonly<Record<string, unknown>>): void;
  /** Queues a telemetry packet (a report or bulk data) for the downlink. */
  downlink(name: string, data: Readonly<Record<string, unknown>>): void;
  /** Asks for a mode change; it takes effect at once, with an event. */
  requestMode(mode: Mode, cause: string): void;
}

export type CommandHandler = (args: Readonly<Record<string, unknown>>, ctx: FlightContext, info: CommandInfo) => CommandOutcome;

export type MonitorResponse =
  | { readonly kind: 'event' }
  | { readonly kind: 'mode'; readonly mode: Mode }
  | { readonly kind: 'command'; readonly command: string; readonly args: Readonly<Record<string, unknown>> };

/** One entry of the on-board monitoring table (cFS LC, PUS 12 and 19). */
export interface MonitorDef {
  /** 1..255, unique. */
  readonly id: number;
  /** A published value. */
  readonly parameter: string;
  readonly low: number;
  readonly high: number;
  /** Consecutive out-of-limits samples (one per second) before the response. */
  readonly persistence: number;
  readonly response: MonitorResponse;
  readonly enabled: boolean;
}

export interface FlightModule {
  /** The dictionary subsystem whose commands and housekeeping this module answers for. */
  readonly name: string;
  readonly rateHz: RateHz;
  readonly params?: readonly ParamDef[];
  /** Non-volatile records this module owns; ids must start with its name and a dot. */
  readonly records?: readonly RecordDef[];
  readonly monitors?: readonly MonitorDef[];
  /** Handlers by command name, one for each command of the module's subsystem. */
  readonly commands?: Readonly<Record<string, CommandHandler>>;
  /** Restores state from non-volatile memory; runs once per boot, before the first step. */
  boot?(ctx: FlightContext): void;
  /** One step of the module, dtS after its previous one. */
  step?(ctx: FlightContext, dtS: number): void;
  /** The fields of the "<name>_hk" packet. */
  housekeeping?(ctx: FlightContext): Record<string, unknown>;
  /** Answers the health ping: false when the module knows it cannot do its job. */
  ping?(ctx: FlightContext): boolean;
  onModeChange?(from: Mode, to: Mode, ctx: FlightContext): void;
}
