/**
 * The archive queries the operator API and `ground archive --archive FILE`
 * both answer, checked against the dictionary first: an unknown packet or
 * parameter, or a range that ends before it starts, is an error naming what
 * exists, never an empty answer. One place for the rows and the CSV columns.
 */
import { accept, fail, type Dictionary, type Outcome, type Severity } from '../../protocol/index.js';
import type { CommandRecord, EventRecord } from '../api/contract.js';
import type { Archive } from './archive.js';
import { toCsv } from './csv.js';

import type { ArchiveKind } from '../api/archive-kinds.js';

export { ARCHIVE_KINDS, type ArchiveKind } from '../api/archive-kinds.js';

export interface ArchiveSelection {
  readonly fromS: number;
  readonly toS: number;
  readonly limit: number;
  readonly packet?: string;
  /** "packet.field" or "field". */
  readonly param?: string;
  readonly severity?: Severity;
}

const EVENT_COLUMNS = [
  ['id', (row: EventRecord) => row.id],
  ['timeS', (row: EventRecord) => row.timeS],
  ['receivedAtMs', (row: EventRecord) => row.receivedAtMs],
  ['name', (row: EventRecord) => row.name],
  ['severity', (row: EventRecord) => row.severity],
  ['message', (row: EventRecord) => row.message],
  ['source', (row: EventRecord) => row.source],
] as const;

const COMMAND_COLUMNS = [
  ['id', (row: CommandRecord) => row.id],
  ['createdAtMs', (row: CommandRecord) => row.createdAtMs],
  ['name', (row: CommandRecord) => row.name],
  ['args', (row: CommandRecord) => row.args],
  ['seq', (row: CommandRecord) => row.seq],
  ['state', (row: CommandRecord) => row.state],
  ['transmissions', (row: CommandRecord) => row.transmissions],
  ['stages', (row: CommandRecord) => row.stages.map((stage) => `${stage.stage}:${stage.reason}${stage.duplicate ? '*' : ''}`).join(' ')],
  ['user', (row: CommandRecord) => row.user],
] as const;

const TELEMETRY_COLUMNS = [
  ['timeS', (row: { timeS: number }) => row.timeS],
  ['packet', (row: { packet: string }) => row.packet],
  ['param', (row: { param: string }) => row.param],
  ['value', (row: { value: unknown }) => row.value],
  ['unit', (row: { unit?: string }) => row.unit],
] as const;

/** The telemetry packets of the dictionary (events are not sampled). */
function telemetryNames(dictionary: Dictionary): string[] {
  return [...dictionary.downlinks()].filter((entry) => entry.kind === 'telemetry').map((entry) => entry.def.name);
}

/** Checks the selection; the packet and parameter names against the dictionary. */
export function checkSelection(dictionary: Dictionary, kind: ArchiveKind, selection: ArchiveSelection): Outcome<ArchiveSelection> {
  if (selection.fromS > selection.toS) return fail(`the range ends (to ${selection.toS}) before it starts (from ${selection.fromS})`);
  if (kind !== 'telemetry') return accept(selection);
  let packet = selection.packet;
  let field = selection.param;
  if (field?.includes('.')) {
    const dot = field.indexOf('.');
    if (packet !== undefined && packet !== field.slice(0, dot)) return fail(`param ${field} is not a field of the packet ${packet}`);
    [packet, field] = [field.slice(0, dot), field.slice(dot + 1)];
  }
  const names = telemetryNames(dictionary);
  if (packet !== undefined) {
    const entry = dictionary.downlink(packet);
    if (entry?.kind !== 'telemetry')
      return fail(`unknown telemetry packet "${packet}"${entry ? ' (it is an event: query events)' : ''}; packets: ${names.join(', ')}`);
    if (field !== undefined && !(field in entry.def.fields))
      return fail(`${packet} has no field "${field}"; its fields: ${Object.keys(entry.def.fields).join(', ')}`);
  } else if (field !== undefined) {
    const owners = names.filter((name) => {
      const entry = dictionary.downlink(name);
      return entry?.kind === 'telemetry' && field! in entry.def.fields;
    });
    if (owners.length === 0) return fail(`no telemetry packet has a field "${field}"; name one as packet.field (packets: ${names.join(', ')})`);
  }
  return accept(selection);
}

/** The rows of a checked selection. */
export function archiveRows(archive: Archive, kind: ArchiveKind, selection: ArchiveSelection): readonly object[] {
  const range = { fromS: selection.fromS, toS: selection.toS, limit: selection.limit };
  if (kind === 'events') return archive.telemetry.events(range, selection.severity ?? 'debug');
  if (kind === 'commands') return archive.commands.range(range.fromS, range.toS, range.limit);
  const filter = {
    ...(selection.packet !== undefined ? { packet: selection.packet } : {}),
    ...(selection.param !== undefined ? { param: selection.param } : {}),
  };
  return archive.telemetry.telemetry(range, filter);
}

const SPACECRAFT_COLUMN = ['sc', (row: object) => (row as { sc?: string }).sc] as const;

/** The same rows as CSV with a header row; rows of several spacecraft (tagged `sc`) with an `sc` column first. */
export function archiveCsv(kind: ArchiveKind, rows: readonly object[], options: { readonly spacecraft?: boolean } = {}): string {
  const first = options.spacecraft ? [SPACECRAFT_COLUMN] : [];
  if (kind === 'events') return toCsv([...first, ...EVENT_COLUMNS], rows as EventRecord[]);
  if (kind === 'commands') return toCsv([...first, ...COMMAND_COLUMNS], rows as CommandRecord[]);
  return toCsv([...first, ...TELEMETRY_COLUMNS], rows as Array<{ timeS: number; packet: string; param: string; value: unknown; unit?: string }>);
}
