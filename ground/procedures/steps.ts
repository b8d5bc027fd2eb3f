/** The steps of an operator procedure, as parsed (see README.md for the format). */
import type { SendCommandRequest } from '../api/contract.js';

export const OPERATORS = ['==', '!=', '<', '<=', '>', '>='] as const;
export type Operator = (typeof OPERATORS)[number];

export type Literal = number | boolean | string;

/** A telemetry field: "packet.field". */
export interface FieldRef {
  readonly packet: string;
  readonly field: string;
}

export interface Condition {
  readonly ref: FieldRef;
  readonly op: Operator;
  readonly value: Literal;
}

interface At {
  /** 1-based line number in the file. */
  readonly line: number;
  /** The line as written, without its comment. */
  readonly text: string;
}

export type Step = At &
  (
    | { readonly kind: 'send'; readonly request: SendCommandRequest; readonly wait: boolean }
    | { readonly kind: 'wait'; readonly condition: Condition; readonly timeoutS: number }
    | { readonly kind: 'check'; readonly condition: Condition }
    | { readonly kind: 'sleep'; readonly seconds: number }
    | { readonly kind: 'log'; readonly message: string }
  );

export const DEFAULT_WAIT_TIMEOUT_S = 60;
/** The longest sleep or wait a procedure may ask for: a day. */
export const STEP_SECONDS_MAX = 86_400;
