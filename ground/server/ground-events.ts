/**
 * Events the ground itself raises (the spacecraft's are in the dictionary):
 * user administration and failed logins. They are archived, listed and
 * streamed with the spacecraft's events, with `source: "ground"`, at the
 * best known mission time (the latest telemetry's).
 */
import type { Severity } from '../../protocol/index.js';

export interface GroundEventDef {
  readonly severity: Severity;
  /** With {arg} placeholders, as the dictionary's events. */
  readonly message: string;
}

export const GROUND_EVENTS = {
  user_added: { severity: 'info', message: 'user {user} added as {role} by {by}' },
  user_removed: { severity: 'warning', message: 'user {user} removed by {by}' },
  user_token_rotated: { severity: 'info', message: 'token of user {user} replaced by {by}' },
  user_role_changed: { severity: 'warning', message: 'user {user} changed from {from} to {to} by {by}' },
  login_failed: { severity: 'warning', message: '{failures} failed login(s) from {remote} ({reason})' },
} as const satisfies Readonly<Record<string, GroundEventDef>>;

export type GroundEventName = keyof typeof GROUND_EVENTS;
