/**
 * ROUTES.sendCommand bodies checked before anything is signed: the command
 * must exist, its arguments fit the dictionary, a hazardous command carry
 * confirm: true (and not be time-tagged), a release time be a mission time.
 */
import { CUC_TIME_S_MAX, describeErrors, suggest, type CommandEntry, type Dictionary } from '../../protocol/index.js';
import type { ApiError } from '../api/contract.js';
import { fromApiArgs } from '../api/values.js';

export interface CheckedCommand {
  readonly entry: CommandEntry;
  readonly args: Record<string, unknown>;
  readonly atS: number | null;
}

export type CheckResult = { readonly ok: true; readonly value: CheckedCommand } | { readonly ok: false; readonly error: ApiError };

const refuse = (code: ApiError['code'], error: string): CheckResult => ({ ok: false, error: { error, code } });

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

export function checkCommandRequest(dictionary: Dictionary, body: unknown): CheckResult {
  if (!isObject(body)) return refuse('bad-request', 'the body must be a JSON object { "name": ..., "args": {...} }');
  const { name, args, atS, confirm } = body;
  if (typeof name !== 'string' || name === '') return refuse('bad-request', '"name" must be a command name');
  const entry = dictionary.command(name);
  if (!entry) return refuse('unknown-command', `unknown command "${name}"${suggest(dictionary, name)}`);
  if (args !== undefined && !isObject(args)) return refuse('bad-request', '"args" must be an object of name: value');
  if (confirm !== undefined && typeof confirm !== 'boolean') return refuse('bad-request', '"confirm" must be true or false');
  if (atS !== undefined && !(typeof atS === 'number' && atS >= 0 && atS <= CUC_TIME_S_MAX)) {
    return refuse('bad-request', `"atS" must be a mission time in seconds, 0..${CUC_TIME_S_MAX}`);
  }
  const typed = fromApiArgs(entry.def.args, args ?? {});
  const validate = dictionary.validator(entry);
  if (!validate(typed)) return refuse('bad-argument', `${name}: ${describeErrors(validate.errors, 'args')}`);
  if (entry.def.hazardous) {
    if (atS !== undefined) return refuse('bad-request', `${name} is hazardous: it cannot be time-tagged`);
    if (confirm !== true) return refuse('bad-request', `${name} is hazardous: send it with "confirm": true (it goes as arm, then ${name})`);
  }
  return { ok: true, value: { entry, args: typed, atS: atS ?? null } };
}
