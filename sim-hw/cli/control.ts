/**
 * `npx sim-hw inject KIND [name=value ...]` and `npx sim-hw status`: the
 * simulator's control port (server/control.ts, JSON lines) from the command line,
 * with no other tool (nc) needed. One request, one answer, bounded in time.
 * Exit codes: 0 done, 1 refused by the simulator (its reason), 2 bad usage,
 * 3 no simulator at the control port.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CONTROL_PORT } from './serve.js';
import { DURATION_REQUIRED, FAULT_SCHEMAS, LASTING_KINDS, OPTIONAL_PARAMS, type FaultKind } from '../faults/types.js';
import { ControlClient, type ControlAnswer } from '../link/control-client.js';
import { UsageError, withUsage } from './options.js';

/** How long to wait for the simulator to connect and answer (it answers at once). */
export const CONTROL_ANSWER_TIMEOUT_MS = 5_000;
/** More name=value pairs than any fault kind has. */
const PARAMS_MAX = 16;

const CONTROL_OPTIONS = `  --control HOST:PORT  the simulator's control port (default 127.0.0.1:${DEFAULT_CONTROL_PORT})
  --json               the simulator's answer as one JSON object on stdout
  -h, --help           this text

Exit codes: 0 done, 1 refused by the simulator (its reason on stderr),
2 bad usage, 3 no simulator answers at the control port.`;

function describeKind(kind: FaultKind): string {
  const params = Object.entries(FAULT_SCHEMAS[kind]).map(([name, schema]) => {
    const value = schema.enum ? (schema.enum as readonly unknown[]).join('|') : schema.type === 'integer' ? 'N' : 'X';
    return OPTIONAL_PARAMS.has(name) ? `[${name}=${value}]` : `${name}=${value}`;
  });
  if (DURATION_REQUIRED.has(kind)) params.push('durationS=S');
  else if (LASTING_KINDS.has(kind)) params.push('[durationS=S]');
  return `  ${kind.padEnd(22)}${params.join(' ')}`;
}

const INJECT_HELP = `Usage: sim-hw inject KIND [name=value ...] [options]

Injects a fault into a running simulator (sim-hw serve, or the one hil
started) now, through its control port. Values that read as numbers are
sent as numbers, true and false as booleans, anything else as text; the
simulator checks the fault and says what is wrong with it. Examples:

  sim-hw inject sefi
  sim-hw inject latchup rail=accelerator extraCurrentA=3
  sim-hw inject link-outage durationS=60
  sim-hw inject obc-hang durationS=30

Kinds and their parameters (X a number, N an integer, S seconds of mission
time; without durationS a lasting kind lasts for good; sim-hw/faults/README.md):
${(Object.keys(FAULT_SCHEMAS) as FaultKind[]).map(describeKind).join('\n')}

Options:
${CONTROL_OPTIONS}`;

const STATUS_HELP = `Usage: sim-hw status [options]

The state of a running simulator (sim-hw serve, or the one hil started):
mission time, orbit, battery, boots, fault and upset counts, damage, the
server's tick counters and, when a link relay runs, its counters.

Options:
${CONTROL_OPTIONS}`;

function controlAddress(text: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(text);
  const port = match ? Number(match[2]) : Number.NaN;
  if (!match || port < 1 || port > 65535) throw new UsageError(`--control "${text}" is not HOST:PORT`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

/** A value as typed: a number, a boolean, or text. */
function parseValue(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return Number(text);
  return text;
}

function parseParams(kind: string, pairs: readonly string[]): Record<string, unknown> {
  if (pairs.length > PARAMS_MAX) throw new UsageError(`${pairs.length} parameters, at most ${PARAMS_MAX}`);
  const fault: Record<string, unknown> = { kind };
  for (const pair of pairs) {
    const match = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(pair);
    if (!match) throw new UsageError(`"${pair}" is not name=value`);
    const [, name, value] = match as unknown as [string, string, string];
    if (name === 'kind') throw new UsageError('the kind is the first word, not kind=...');
    if (name in fault) throw new UsageError(`${name} is given twice`);
    if (value === '') throw new UsageError(`${name}= has no value`);
    fault[name] = parseValue(value);
  }
  return fault;
}

type Exchange = { ok: true; answer: ControlAnswer } | { ok: false; error: string };

/** One request to the control port: connect, ask, close; a port silent for CONTROL_ANSWER_TIMEOUT_MS ends it. */
async function ask(address: { host: string; port: number }, request: Record<string, unknown>): Promise<Exchange> {
  const connected = await ControlClient.connect(address.host, address.port, CONTROL_ANSWER_TIMEOUT_MS);
  if (!connected.ok) return { ok: false, error: `${connected.error} (is a simulator running? npx sim-hw serve, or make hil)` };
  const client = connected.value;
  try {
    const answer = await client.request(request);
    if (answer.ok) return { ok: true, answer: answer.value };
    return { ok: false, error: `the simulator's control port ${address.host}:${address.port}: ${answer.error}` };
  } finally {
    client.close();
  }
}

/** Flattens an answer into "name value" lines (nested names joined with dots). */
function flatten(value: unknown, prefix: string, lines: string[]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${name}` : name, lines);
    return;
  }
  const text = Array.isArray(value)
    ? value.length === 0
      ? '-'
      : value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(', ')
    : typeof value === 'number' && !Number.isInteger(value)
      ? String(Number(value.toFixed(3)))
      : String(value);
  lines.push(`${prefix.padEnd(36)} ${text}`);
}

async function run(
  verb: 'inject' | 'status',
  argv: readonly string[],
  help: string,
  request: (positionals: readonly string[]) => Record<string, unknown>,
  report: (answer: ControlAnswer, sent: Record<string, unknown>) => string,
): Promise<number> {
  return withUsage(verb, async () => {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        control: { type: 'string', default: `127.0.0.1:${DEFAULT_CONTROL_PORT}` },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      process.stdout.write(`${help}\n`);
      return 0;
    }
    const address = controlAddress(values.control);
    const body = request(positionals);
    const exchange = await ask(address, body);
    if (!exchange.ok) {
      process.stderr.write(`sim-hw ${verb}: ${exchange.error}\n`);
      return 3;
    }
    const { answer } = exchange;
    if (values.json) process.stdout.write(`${JSON.stringify(answer)}\n`);
    if (answer.ok !== true) {
      process.stderr.write(`sim-hw ${verb}: the simulator refused: ${typeof answer.error === 'string' ? answer.error : JSON.stringify(answer)}\n`);
      return 1;
    }
    if (!values.json) process.stdout.write(`${report(answer, body)}\n`);
    return 0;
  });
}

export function injectVerb(argv: readonly string[]): Promise<number> {
  return run(
    'inject',
    argv,
    INJECT_HELP,
    (positionals) => {
      const [kind, ...pairs] = positionals;
      if (kind === undefined) throw new UsageError('which fault? sim-hw inject KIND [name=value ...]');
      if (kind.includes('=')) throw new UsageError(`"${kind}" is not a fault kind: the kind comes first (sim-hw inject KIND [name=value ...])`);
      return { op: 'inject', fault: parseParams(kind, pairs) };
    },
    (_answer, sent) => `sim-hw inject: injected ${JSON.stringify(sent.fault)}`,
  );
}

export function statusVerb(argv: readonly string[]): Promise<number> {
  return run(
    'status',
    argv,
    STATUS_HELP,
    (positionals) => {
      if (positionals.length > 0) throw new UsageError(`status takes no arguments, got "${positionals.join(' ')}"`);
      return { op: 'status' };
    },
    (answer) => {
      const { ok: _ok, ...rest } = answer;
      const lines: string[] = [];
      flatten(rest, '', lines);
      return lines.join('\n');
    },
  );
}
