/**
 * TypeScript types that follow from the dictionary, declared once as data in
 * the subsystem files (`as const satisfies SubsystemDef`, as F Prime's .fpp
 * is the one declaration of a component): the names of every command,
 * telemetry packet and event, and the typed object each one's fields
 * describe. Types only: nothing here exists at run time.
 *
 *   CommandArgs<'set_mode'>       { readonly mode: 'SAFE' | 'NOMINAL' }
 *   EventArgs<'pong'>             { readonly token: number }
 *   TelemetryFields<'power_hk'>   every field of power_hk, optional ones optional
 */
import type { commanding } from './commanding.js';
import type { executive } from './executive.js';
import type { jobs } from './jobs.js';
import type { memory } from './memory.js';
import type { power } from './power.js';
import type { storage } from './storage.js';
import type { telemetry } from './telemetry.js';
import type { thermal } from './thermal.js';
import type { FieldsValue } from './types.js';

/** The mission's subsystems, as declared (the order of SUBSYSTEMS). */
export type MissionSubsystems = readonly [
  typeof executive,
  typeof commanding,
  typeof telemetry,
  typeof storage,
  typeof power,
  typeof thermal,
  typeof memory,
  typeof jobs,
];

type AnySubsystem = MissionSubsystems[number];
type AnyCommand = AnySubsystem['commands'][number];
type AnyTelemetry = AnySubsystem['telemetry'][number];
type AnyEvent = AnySubsystem['events'][number];

export type SubsystemName = AnySubsystem['name'];
export type CommandName = AnyCommand['name'];
export type TelemetryName = AnyTelemetry['name'];
export type EventName = AnyEvent['name'];

/** The commands of one subsystem (none for a name that is not a subsystem, or for any string). */
export type CommandNameOf<S extends string> = string extends S ? never : Extract<AnySubsystem, { readonly name: S }>['commands'][number]['name'];

/** The arguments a command's handler receives: already checked against the command's schema. */
export type CommandArgs<N extends CommandName> = FieldsValue<Extract<AnyCommand, { readonly name: N }>['args']>;

/** The arguments an event is raised with. */
export type EventArgs<N extends EventName> = FieldsValue<Extract<AnyEvent, { readonly name: N }>['args']>;

/** The fields a telemetry packet is built from. */
export type TelemetryFields<N extends TelemetryName> = FieldsValue<Extract<AnyTelemetry, { readonly name: N }>['fields']>;

/** The fields of a subsystem's housekeeping packet "<name>_hk" (any map for a name without one). */
export type HousekeepingFields<S extends string> = `${S}_hk` extends TelemetryName ? TelemetryFields<`${S}_hk`> : Readonly<Record<string, unknown>>;
