/**
 * What a flight module is to the executive, and the narrow door it gets.
 *
 * A module is made by its factory (`defineModule(name, create)`): the
 * executive calls `create(ctx)` once with the module's context, which holds
 * what the module may use and nothing more: the frame and the mode, the
 * parameters, the actuator requests, its typed view of the published
 * values (read any declared one, write only its own), its record store
 * scoped to the ids that start with its name, events and downlink packets
 * typed by their dictionary names, mode requests, and the registration of
 * its subsystem's command handlers. The four core modules get services
 * besides (core-services.ts), by name. The module keeps the context and
 * uses it from its step, boot, housekeeping and handlers: they receive no
 * other. Modules never reach into each other: they meet in published values
 * and in the actuator requests the executive merges into one ActuatorFrame
 * per tick.
 */
import type {
  CommandArgs,
  CommandFailure,
  CommandName,
  CommandNameOf,
  EventArgs,
  EventName,
  HousekeepingFields,
  MODES,
  TelemetryFields,
  TelemetryName,
} from '../../protocol/index.js';
import type { SensorFrame } from '../hal/frames.js';
import type { ParamDef, ParameterTable } from '../storage/parameters.js';
import type { ModuleRecords } from '../storage/scoped-records.js';
import type { ActuatorRequests } from './actuators.js';
import type { CoreServices, ParameterKeeper, TelemetryKeeper, UplinkIntake } from './core-services.js';
import type { NoPublished, PublishedBy, PublishedDefs, PublishedName } from './published-values.js';

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

/** The handler of one command: its arguments arrive as the typed object the command's schema describes, already checked against it. */
export type CommandHandler<N extends CommandName> = (args: CommandArgs<N>, info: CommandInfo) => CommandOutcome;

/** A handler for each command of subsystem S, by name. */
export type CommandHandlers<S extends string> = { readonly [N in CommandNameOf<S>]: CommandHandler<N> };

/** Any command's handler, as the router keeps them (it passes arguments checked against that command's schema). */
export type AnyCommandHandler = (args: never, info: CommandInfo) => CommandOutcome;

/** What every module sees of the tick. */
export interface FlightContext {
  readonly frame: SensorFrame;
  readonly timeS: number;
  readonly mode: Mode;
  readonly params: ParameterTable;
  readonly actuators: ActuatorRequests;
  /** Raises an event with its typed arguments (the dictionary's), throttled when it repeats; text longer than its field is cut. */
  event<N extends EventName>(name: N, args: EventArgs<N>): void;
  /** Queues a telemetry packet (a report or bulk data), built from its typed fields, for the downlink; text longer than its field is cut. */
  downlink<N extends TelemetryName>(name: N, data: TelemetryFields<N>): void;
  /** Asks for a mode change; it takes effect at once, with an event. */
  requestMode(mode: Mode, cause: string): void;
}

/** A module's view of the published values: it reads any declared value and writes its own. */
export interface PublishedView<M extends string, X extends PublishedDefs = NoPublished> {
  /** The value, or its declared `unwritten` value while the writer has not written it. */
  read(name: PublishedName<X>): number;
  write(name: PublishedBy<M, X>, value: number): void;
}

/** The core services of module M (none for an onboard module). */
export type ServicesOf<M extends string> = M extends keyof CoreServices ? CoreServices[M] : unknown;

/** The narrow door into module M: what its factory receives, and all the module ever uses. */
export interface ModuleContext<M extends string, X extends PublishedDefs = NoPublished> extends FlightContext {
  /** The module's name: its dictionary subsystem, the writer of its published values, the prefix of its record ids. */
  readonly module: M;
  readonly published: PublishedView<M, X>;
  /** The module's own records ("<module>.*"). */
  readonly records: ModuleRecords<M>;
  /** Registers the handlers of the module's subsystem's commands (in the factory, once). */
  commands(handlers: CommandHandlers<M>): void;
  /** What the executive gives a core module besides (executive, commanding, telemetry, storage). */
  readonly services: ServicesOf<M>;
}

export type MonitorResponse =
  | { readonly kind: 'event' }
  | { readonly kind: 'mode'; readonly mode: Mode }
  | { readonly kind: 'command'; readonly command: string; readonly args: Readonly<Record<string, unknown>> };

/** One entry of the on-board monitoring table (cFS LC, PUS 12 and 19). */
export interface MonitorDef<P extends string = PublishedName> {
  /** 1..255, unique. */
  readonly id: number;
  /** A published value. */
  readonly parameter: P;
  readonly low: number;
  readonly high: number;
  /** Consecutive out-of-limits samples (one per second) before the response. */
  readonly persistence: number;
  readonly response: MonitorResponse;
  readonly enabled: boolean;
}

/** A module, as its factory makes it. */
export interface FlightModule<M extends string = string, X extends PublishedDefs = NoPublished> {
  readonly rateHz: RateHz;
  readonly params?: readonly ParamDef[];
  /** Non-volatile records this module owns; each id starts with the module's name and a dot (asserted). */
  readonly records?: readonly { readonly id: `${M}.${string}`; readonly slotBytes: number }[];
  readonly monitors?: readonly MonitorDef<PublishedName<X>>[];
  /** Restores state from non-volatile memory; runs once per boot, before the first step. */
  boot?(): void;
  /** One step of the module in its rate group, dtS after its previous one. */
  step?(dtS: number): void;
  /**
   * The fast part of a module whose step runs at 1 Hz or 0.1 Hz: every tick (10 Hz), right after
   * the step when that is due. For what cannot wait for the next step: a request the hardware needs
   * in every frame (the lowest accelerator cap wins per frame), what only this frame's sensors carry
   * (the memory controller's error log, drained each frame). A throw counts as the step's.
   */
  everyTick?(): void;
  /** The fields of the "<name>_hk" packet. */
  housekeeping?(): HousekeepingFields<M>;
  /** Answers the health ping: false when the module knows it cannot do its job. */
  ping?(): boolean;
  onModeChange?(from: Mode, to: Mode): void;
  /** The commanding module's intake (the executive runs it before the modules step). */
  readonly uplink?: UplinkIntake;
  /** The telemetry module's persistence of the downlink (ledger and event log). */
  readonly telemetryKeeper?: TelemetryKeeper;
  /** The storage module's parameter table in non-volatile memory. */
  readonly parameterKeeper?: ParameterKeeper;
}

/**
 * How the executive makes a module: its name, then `create` with the
 * module's door. In this form the door's type is erased (the parameter is
 * `never`) so that factories of every name fit one list; defineModule
 * gives the typed form, ModuleDefinition.
 */
export interface ModuleFactory<M extends string = string> {
  readonly name: M;
  /** Published values this module declares besides the flight registry (tests). */
  readonly published?: PublishedDefs;
  readonly create: (ctx: never) => FlightModule<M, PublishedDefs>;
}

/** A factory as defineModule makes it: `create` takes the context of its own name. */
export interface ModuleDefinition<M extends string, X extends PublishedDefs = NoPublished> extends ModuleFactory<M> {
  readonly create: (ctx: ModuleContext<M, X>) => FlightModule<M, X>;
}

/** A module factory: `create` receives the module's context (its narrow door). */
export function defineModule<M extends string, const X extends PublishedDefs = NoPublished>(
  name: M,
  create: (ctx: ModuleContext<NoInfer<M>, NoInfer<X>>) => FlightModule<NoInfer<M>, NoInfer<X>>,
  options: { readonly published?: X } = {},
): ModuleDefinition<NoInfer<M>, NoInfer<X>> {
  return { name, ...(options.published ? { published: options.published } : {}), create };
}
