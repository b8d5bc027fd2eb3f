/**
 * The ground's roles, from least to most trusted. A viewer reads; an
 * operator also sends commands; a flight director also sends what the
 * dictionary reserves for one (hazardous commands, parameter-table loads,
 * commands carrying other signed commands) and administers users. Which
 * role a command needs is declared once, in the dictionary (CommandDef.role).
 */
import { COMMAND_ROLES } from '../../protocol/dictionary/types.js';

export const ROLES = ['viewer', ...COMMAND_ROLES] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** True when a user holding `held` may do what needs `needed`. */
export const roleAllows = (held: Role, needed: Role): boolean => ROLES.indexOf(held) >= ROLES.indexOf(needed);
