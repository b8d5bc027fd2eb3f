/**
 * A procedure file, parsed whole before anything runs: every command,
 * argument and telemetry field is checked against the dictionary, so a
 * mistake on line 40 is found before line 1 is sent. Every error of the
 * file is reported (at most PROCEDURE_ERRORS_MAX), each naming its line.
 */
import { accept, fail, type Outcome } from '../../protocol/index.js';
import { checkCommand } from '../client/command-request.js';
import { parseCondition } from './condition.js';
import { DEFAULT_WAIT_TIMEOUT_S, STEP_SECONDS_MAX, type Step } from './steps.js';
import { tokenize } from './tokenize.js';

/** Lines a procedure may have; a longer file is refused, not truncated. */
export const PROCEDURE_LINES_MAX = 10_000;

export interface ProcedureError {
  readonly line: number;
  readonly text: string;
  readonly error: string;
}

/** Errors reported of one file; more are counted in a last line. */
export const PROCEDURE_ERRORS_MAX = 50;

/** A failed parse: every error, in line order (the first is errors[0]). */
export type ParsedProcedure =
  | { readonly ok: true; readonly steps: readonly Step[] }
  | { readonly ok: false; readonly errors: readonly ProcedureError[]; readonly more: number };

export function parseProcedure(source: string): ParsedProcedure {
  const lines = source.split(/\r?\n/);
  if (lines.length > PROCEDURE_LINES_MAX)
    return { ok: false, errors: [{ line: PROCEDURE_LINES_MAX + 1, text: '', error: `a procedure has at most ${PROCEDURE_LINES_MAX} lines` }], more: 0 };
  const steps: Step[] = [];
  const errors: ProcedureError[] = [];
  let more = 0;
  const refuse = (error: ProcedureError) => (errors.length < PROCEDURE_ERRORS_MAX ? errors.push(error) : more++);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const tokens = tokenize(raw);
    if (!tokens.ok) {
      refuse({ line, text: raw.trim(), error: tokens.error });
      continue;
    }
    const { words, code } = tokens.value;
    if (words.length === 0) continue;
    const step = parseStep(words, code);
    if (!step.ok) refuse({ line, text: code, error: step.error });
    else steps.push({ line, text: code, ...step.value } as Step);
  }
  return errors.length > 0 ? { ok: false, errors, more } : { ok: true, steps };
}

/** "file:line: error (in "text")", the way every tool names a place in a file. */
export const describeProcedureError = (file: string, error: ProcedureError): string =>
  `${file}:${error.line}: ${error.error}${error.text ? ` (in "${error.text}")` : ''}`;

type StepBody = Step extends infer S ? (S extends Step ? Omit<S, 'line' | 'text'> : never) : never;

function parseStep(words: readonly string[], code: string): Outcome<StepBody> {
  const [verb, ...rest] = words;
  switch (verb) {
    case 'send': {
      const [name, ...more] = rest;
      if (name === undefined) return fail('send needs a command name');
      const flags = more.filter((word) => word.startsWith('--'));
      const unknown = flags.find((flag) => flag !== '--confirm' && flag !== '--no-wait');
      if (unknown) return fail(`send takes --confirm and --no-wait, not ${unknown}`);
      const checked = checkCommand(
        name,
        more.filter((word) => !word.startsWith('--')),
        { confirm: flags.includes('--confirm') },
      );
      return checked.ok ? accept({ kind: 'send', request: checked.value.request, wait: !flags.includes('--no-wait') }) : checked;
    }
    case 'wait': {
      if (rest.length !== 3 && rest.length !== 5) return fail('wait needs <packet.field> <op> <value> [timeout <s>]');
      if (rest.length === 5 && rest[3] !== 'timeout') return fail(`"${rest[3]}" where "timeout" was expected`);
      const condition = parseCondition(rest[0], rest[1], rest[2]);
      if (!condition.ok) return condition;
      const timeoutS = rest.length === 5 ? seconds(rest[4]!) : accept(DEFAULT_WAIT_TIMEOUT_S);
      return timeoutS.ok ? accept({ kind: 'wait', condition: condition.value, timeoutS: timeoutS.value }) : timeoutS;
    }
    case 'check': {
      if (rest.length !== 3) return fail('check needs <packet.field> <op> <value>');
      const condition = parseCondition(rest[0], rest[1], rest[2]);
      return condition.ok ? accept({ kind: 'check', condition: condition.value }) : condition;
    }
    case 'sleep': {
      if (rest.length !== 1) return fail('sleep needs <seconds>');
      const value = seconds(rest[0]!);
      return value.ok ? accept({ kind: 'sleep', seconds: value.value }) : value;
    }
    case 'log':
      return accept({ kind: 'log', message: code.slice(3).trim() });
    default:
      return fail(`"${verb}" is not a step: send, wait, check, sleep, log (or # for a comment)`);
  }
}

function seconds(text: string): Outcome<number> {
  const value = Number(text);
  return /^\d+(\.\d+)?$/.test(text) && value <= STEP_SECONDS_MAX ? accept(value) : fail(`"${text}" is not a number of seconds 0..${STEP_SECONDS_MAX}`);
}
