import { parseArgs } from 'node:util';
import { SEVERITIES } from '../../protocol/index.js';
import type { CommandRecord, EventRecord } from '../api/contract.js';
import { ARCHIVE_KINDS, type ArchiveKind, type ArchiveQuery } from '../client/ground-api.js';
import { SERVER_HELP, SERVER_OPTIONS, connect, unwrap } from './api-option.js';
import { fileSource, serverSource, type ArchiveSource } from './archive-source.js';
import { EXIT, usageError } from './exit-codes.js';
import { parseTimeSpec, resolveTime } from './mission-time.js';
import { printJson } from './json.js';
import { table } from './table.js';
import { positiveInteger } from './numbers.js';

export const ARCHIVE_LIMIT_MAX = 10_000;

export const ARCHIVE_HELP = `Usage: ground archive telemetry|events|commands [--from T] [--to T] [options]

Queries the ground archive over a mission-time range (inclusive) and prints
the rows as a table, as CSV (--csv, with a header row) or as JSON (--json):
the ground server's, or with --archive FILE an archive file read directly,
read-only, with no server (a mission run's out/archive.sqlite). Times are
mission seconds, ISO times (converted with the mission epoch) or +S
(seconds after the latest telemetry). Unknown packets and parameters, and
a range that ends before it starts, are errors naming what exists.

Options:
  --from T       start of the range (default: the beginning)
  --to T         end of the range (default: the end)
  --param P      telemetry: one parameter, "packet.field" or "field"
  --packet NAME  telemetry: one packet
  --severity S   events: S and more severe (${SEVERITIES.join(', ')})
  --limit N      at most N rows (default and maximum ${ARCHIVE_LIMIT_MAX})
  --csv          print CSV
  --archive FILE read this archive file instead of asking a server
  --sc A,B       several spacecraft of a fleet ground, or --sc '*' the whole fleet
                 (on the bus, every shard's): their rows merged by time, each with
                 its spacecraft (sc)
${SERVER_HELP}

Exit codes: 0 ok; 2 bad option, unknown packet or parameter, empty range;
3 no server, or FILE is not a readable archive.

Examples:
  ground archive telemetry --from 0 --to 600 --param power_hk.busVoltageV --csv
  ground archive commands --archive out/archive.sqlite`;

export async function archiveVerb(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...SERVER_OPTIONS,
      from: { type: 'string' },
      to: { type: 'string' },
      param: { type: 'string' },
      packet: { type: 'string' },
      severity: { type: 'string' },
      limit: { type: 'string' },
      csv: { type: 'boolean' },
      archive: { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(`${ARCHIVE_HELP}\n`);
    return EXIT.ok;
  }
  const kind = positionals[0] as ArchiveKind | undefined;
  if (positionals.length !== 1 || !ARCHIVE_KINDS.includes(kind!)) throw usageError(`archive needs one of ${ARCHIVE_KINDS.join(', ')}`);
  if (values.csv && values.json) throw usageError('give --csv or --json, not both');
  if ((values.param || values.packet) && kind !== 'telemetry') throw usageError('--param and --packet select telemetry only');
  if (values.severity && kind !== 'events') throw usageError('--severity selects events only');
  const severity = values.severity as EventRecord['severity'] | undefined;
  if (severity !== undefined && !SEVERITIES.includes(severity)) throw usageError(`--severity ${severity} is not one of ${SEVERITIES.join(', ')}`);
  const limit = positiveInteger('--limit', values.limit, ARCHIVE_LIMIT_MAX);
  if (limit > ARCHIVE_LIMIT_MAX) throw usageError(`--limit ${limit} is more than ${ARCHIVE_LIMIT_MAX}`);

  const source = values.archive !== undefined ? fileSource(values.archive) : serverSource(connect(values));
  try {
    return await query(source, kind!, values, severity, limit);
  } finally {
    source.close();
  }
}

interface ArchiveValues {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly param?: string | undefined;
  readonly packet?: string | undefined;
  readonly csv?: boolean | undefined;
  readonly json?: boolean | undefined;
}

async function query(
  source: ArchiveSource,
  kind: ArchiveKind,
  values: ArchiveValues,
  severity: EventRecord['severity'] | undefined,
  limit: number,
): Promise<number> {
  const latestTimeS = async () => unwrap(await source.latestTimeS());
  const time = async (option: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const spec = parseTimeSpec(text);
    const timeS = spec.ok ? await resolveTime(spec.value, latestTimeS) : spec;
    if (!timeS.ok) throw usageError(`${option}: ${timeS.error}`);
    return timeS.value;
  };
  const selected: ArchiveQuery = {
    from: await time('--from', values.from),
    to: await time('--to', values.to),
    param: values.param,
    packet: values.packet,
    severity,
    limit,
  };
  if (values.csv) {
    const csv = unwrap(await source.csv(kind, selected));
    process.stdout.write(csv.endsWith('\n') || csv === '' ? csv : `${csv}\n`);
    warnIfTruncated(csv.split('\n').filter((line) => line !== '').length - 1, limit);
    return EXIT.ok;
  }
  const answer = unwrap(await source.rows(kind, selected));
  const rows = answer.rows;
  if (values.json) printJson(answer);
  else process.stdout.write(rows.length === 0 ? `no ${kind} in that range\n` : `${table(kind === 'commands' ? rows.map(commandRow) : rows).join('\n')}\n`);
  warnIfTruncated(rows.length, limit, answer.more === true);
  return EXIT.ok;
}

/** A command row as an operator scans it: what, who, when, how it ended, through which stages. */
function commandRow(row: Record<string, unknown>): Record<string, unknown> {
  const record = row as unknown as CommandRecord;
  return {
    id: record.id,
    name: record.name,
    args: record.args,
    user: record.user,
    created: new Date(record.createdAtMs).toISOString(),
    state: record.state,
    tx: record.transmissions,
    stages: (record.stages ?? []).map((stage) => `${stage.stage}:${stage.reason}`).join(' '),
  };
}

function warnIfTruncated(rows: number, limit: number, more = false): void {
  if (rows >= limit) process.stderr.write(`note: ${rows} rows, the limit: there may be more (narrow --from/--to)\n`);
  else if (more) process.stderr.write(`note: ${rows} rows; a spacecraft has more after the last: ask again --from its time\n`);
}
