/**
 * The shape of the dictionary: every command, telemetry packet and event of
 * the mission declared once, as data. Schemas are JSON Schema 2020-12, with
 * one extension keyword, "bytes", for CBOR byte strings (see protocol/schema.ts).
 */

export type JsonSchema = { readonly [keyword: string]: unknown };

/** Yellow and red limits for a numeric telemetry field; absent sides are unbounded. */
export interface Limits {
  readonly yellowLow?: number;
  readonly yellowHigh?: number;
  readonly redLow?: number;
  readonly redHigh?: number;
}

/** Type only: the key of FieldDef's phantom value type (never present at run time). */
declare const FIELD_VALUE: unique symbol;

/**
 * One argument of a command or field of a telemetry packet or event. T is
 * the TypeScript type of its value: the builders of fields.ts set it, and
 * nothing at run time carries it (the data is the schema and its metadata).
 */
export interface FieldDef<T = unknown> {
  readonly schema: JsonSchema;
  readonly description: string;
  /** Unit symbol, for example V, A, W, C, s, %, B. Absent for dimensionless values. */
  readonly unit?: string;
  readonly limits?: Limits;
  /** A command argument the sender may leave out. */
  readonly optional?: boolean;
  /** Type only: the value's type. */
  readonly [FIELD_VALUE]?: T;
}

/** A field the sender may leave out: an optional property of the typed object. */
export type OptionalField<T> = FieldDef<T> & { readonly optional: true };

export type Fields = Readonly<Record<string, FieldDef>>;

/** The type of a field's value. */
export type FieldValue<F> = F extends FieldDef<infer T> ? T : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The typed object that a set of fields describes: optional fields are optional properties. */
export type FieldsValue<F> = Simplify<
  { readonly [K in keyof F as F[K] extends { readonly optional: true } ? never : K]: FieldValue<F[K]> } & {
    readonly [K in keyof F as F[K] extends { readonly optional: true } ? K : never]?: FieldValue<F[K]>;
  }
>;

/** Ground roles that may send commands, from least to most trusted (a viewer sends none). */
export const COMMAND_ROLES = ['operator', 'flight-director'] as const;
export type CommandRole = (typeof COMMAND_ROLES)[number];

export interface CommandDef {
  readonly name: string;
  /** 16-bit, unique across the mission, in the message id field of the packet. */
  readonly opcode: number;
  readonly description: string;
  /** Needs an arm command first (see the commanding subsystem's arm command). */
  readonly hazardous: boolean;
  /**
   * The ground role an operator needs to send it (the ground enforces it;
   * the spacecraft knows no roles). Hazardous commands, parameter-table
   * loads and saves, and commands that carry other signed commands (arm,
   * schedule_insert, routine_add) need a flight director.
   */
  readonly role: CommandRole;
  /** Modes in which the command may run; absent: every mode. */
  readonly modes?: readonly string[];
  readonly args: Fields;
}

export type TelemetryClass = 'housekeeping' | 'report' | 'bulk';

export interface TelemetryDef {
  readonly name: string;
  /** 16-bit, unique across telemetry packets and events. */
  readonly id: number;
  readonly description: string;
  /** Downlink priority class: reports (and events) first, then housekeeping, then bulk. */
  readonly class: TelemetryClass;
  readonly fields: Fields;
}

export const SEVERITIES = ['debug', 'info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface EventDef {
  readonly name: string;
  /** 16-bit, unique across telemetry packets and events. */
  readonly id: number;
  readonly severity: Severity;
  /** Message with {arg} placeholders, for example "mode {from} -> {to}". */
  readonly message: string;
  readonly args: Fields;
}

export interface SubsystemDef {
  readonly name: string;
  /** 11-bit application process identifier of this subsystem's packets. */
  readonly apid: number;
  readonly description: string;
  readonly commands: readonly CommandDef[];
  readonly telemetry: readonly TelemetryDef[];
  readonly events: readonly EventDef[];
}
