import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeProcedureError, parseProcedure } from '../procedures/parse-procedure.js';
import { runProcedure } from '../procedures/run-procedure.js';
import { SERVER_HELP, SERVER_OPTIONS, apiError, connect, unwrap } from './api-option.js';
import { DEFAULT_WAIT_S } from './command-run.js';
import { CliError, EXIT, environmentError, usageError } from './exit-codes.js';
import { printJson } from './json.js';
import { positiveSeconds } from './numbers.js';

export const RUN_HELP = `Usage: ground run <procedure-file> [options]

Runs an operator procedure: one step a line, parsed and checked against the
dictionary as a whole before the first step runs (format: docs/operations.md
and ground/procedures/README.md):

  send <command> [name=value ...] [--confirm] [--no-wait]
  wait <packet.field> <op> <value> [timeout <s>]     (default timeout 60 s)
  check <packet.field> <op> <value>                   (op: == != < <= > >=)
  sleep <s>
  log <text>
  # a comment

Options:
  --check        parse and check the file only; run nothing
  --timeout S    how long each send waits for its command (default ${DEFAULT_WAIT_S})
${SERVER_HELP}

Exit codes: 0 every step passed; 1 a step failed (its line, text and the
value seen are printed); 2 the file has an error (its line is named);
3 no server, or the file cannot be read.`;

export async function runVerb(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { ...SERVER_OPTIONS, check: { type: 'boolean' }, timeout: { type: 'string' } },
  });
  if (values.help) {
    process.stdout.write(`${RUN_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw usageError('run needs one procedure file');
  const file = positionals[0]!;
  const commandTimeoutS = positiveSeconds('--timeout', values.timeout, DEFAULT_WAIT_S);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw environmentError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const parsed = parseProcedure(source);
  const json = values.json === true;
  if (!parsed.ok) {
    // Every error but the last on its own line; the last is the CLI's one error line.
    const lines = parsed.errors.map((error) => describeProcedureError(file, error));
    if (parsed.more > 0) lines.push(`${file}: ${parsed.more} more error(s) not shown`);
    if (json) printJson({ file, ok: false, errors: parsed.errors, more: parsed.more });
    else for (const line of lines.slice(0, -1)) process.stderr.write(`ground run: ${line}\n`);
    throw usageError(lines.at(-1)!);
  }
  if (values.check) {
    if (json) printJson({ file, steps: parsed.steps.length });
    else process.stdout.write(`${file}: ${parsed.steps.length} steps, no errors\n`);
    return EXIT.ok;
  }
  const say = (line: string) => !json && process.stdout.write(`${line}\n`);
  // Nothing runs, not even a log step, before the server has answered.
  const api = connect(values);
  unwrap(await api.status());
  say(`procedure ${file}: ${parsed.steps.length} steps`);
  const outcome = await runProcedure(parsed.steps, api, { log: say, commandTimeoutS });
  if (json) printJson({ file, ok: outcome.ok, steps: outcome.reports, ...(outcome.ok ? {} : { failed: outcome.failed }) });
  if (!outcome.ok) {
    if (outcome.apiFailure) throw apiError(outcome.apiFailure);
    throw new CliError(`${file}:${outcome.failed.line}: step failed: ${outcome.failed.text}: ${outcome.failed.detail}`, EXIT.failed);
  }
  say(`procedure passed (${outcome.reports.length} steps)`);
  return EXIT.ok;
}
