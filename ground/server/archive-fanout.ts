/**
 * Archive queries over several spacecraft (`GET /api/archive/:kind?sc=A,B`
 * or `?sc=*`): each spacecraft's rows from its own archive, in this
 * process, or over the bus from the shard that serves it (a request on
 * `archive.query.SCID`, answered by that shard's `ground serve`), then
 * merged by time. Each row says its spacecraft (`sc`). When a spacecraft
 * gave as many rows as the limit allows, rows later than its last might be
 * missing: the merge stops there and says `more`, so that asking again from
 * the last row's time misses nothing.
 */
import { accept, fail, type Dictionary, type Outcome } from '../../protocol/index.js';
import type { Archive } from '../archive/archive.js';
import { archiveRows, checkSelection, type ArchiveKind, type ArchiveSelection } from '../archive/queries.js';
import { BUS_PAYLOAD_BYTES_MAX, type Bus, type BusResponder } from '../bus/bus.js';

/** Where a shard answers the archive queries about one of its spacecraft. */
export const archiveQuerySubject = (spacecraftId: number): string => `archive.query.${spacecraftId}`;

/** How long a shard has to answer. */
export const ARCHIVE_QUERY_TIMEOUT_MS = 5000;

/** One spacecraft's rows of a selection. */
export interface SpacecraftRows {
  readonly rows: readonly object[];
  /** It had rows beyond these (the limit, or the bus's payload bound). */
  readonly truncated: boolean;
}

export interface ArchiveRowSource {
  readonly name: string;
  readonly rows: (kind: ArchiveKind, selection: ArchiveSelection) => Promise<Outcome<SpacecraftRows>>;
}

export interface MergedRows {
  readonly rows: readonly object[];
  /** Rows beyond these in the range: ask again from the last row's time. */
  readonly more: boolean;
}

interface WireRequest {
  readonly kind: ArchiveKind;
  readonly selection: ArchiveSelection;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The time a row is merged by: mission time for telemetry and events, the creation time for commands. */
function timeOf(kind: ArchiveKind, row: object): number {
  const record = row as { timeS?: number; createdAtMs?: number };
  return (kind === 'commands' ? record.createdAtMs : record.timeS) ?? 0;
}

/** The rows of one archive here. */
export function localRows(archive: Archive, kind: ArchiveKind, selection: ArchiveSelection): SpacecraftRows {
  const rows = archiveRows(archive, kind, selection);
  return { rows, truncated: rows.length >= selection.limit };
}

/**
 * Answers `archive.query.SCID` for one archive: the selection checked
 * again against the dictionary, at most the bus's payload in rows (the
 * rest said as truncated).
 */
export function serveArchiveQueries(bus: Bus, spacecraftId: number, archive: Archive, dictionary: Dictionary): Promise<BusResponder> {
  return bus.respond(
    archiveQuerySubject(spacecraftId),
    (data) => {
      let answer: Outcome<SpacecraftRows>;
      try {
        const request = JSON.parse(decoder.decode(data)) as WireRequest;
        const checked = checkSelection(dictionary, request.kind, request.selection);
        answer = checked.ok ? accept(localRows(archive, request.kind, checked.value)) : checked;
      } catch (error) {
        answer = fail(`a bad archive query: ${(error as Error).message}`);
      }
      return encodeWithin(answer);
    },
    { queue: 'archive-query' },
  );
}

/** The answer in JSON, halved until it fits the bus. */
function encodeWithin(answer: Outcome<SpacecraftRows>): Uint8Array {
  let bytes = encoder.encode(JSON.stringify(answer));
  if (!answer.ok) return bytes;
  let rows = answer.value.rows;
  while (bytes.byteLength > BUS_PAYLOAD_BYTES_MAX - 1024 && rows.length > 0) {
    rows = rows.slice(0, Math.floor(rows.length / 2));
    bytes = encoder.encode(JSON.stringify(accept({ rows, truncated: true })));
  }
  return bytes;
}

/** One spacecraft of another shard, asked over the bus. */
export function remoteSource(bus: Bus, name: string, spacecraftId: number, shard: string, timeoutMs = ARCHIVE_QUERY_TIMEOUT_MS): ArchiveRowSource {
  return {
    name,
    rows: async (kind, selection) => {
      try {
        const reply = await bus.request(
          archiveQuerySubject(spacecraftId),
          encoder.encode(JSON.stringify({ kind, selection } satisfies WireRequest)),
          timeoutMs,
        );
        return JSON.parse(decoder.decode(reply)) as Outcome<SpacecraftRows>;
      } catch (error) {
        return fail(`spacecraft ${name} (shard ${shard}) did not answer: ${(error as Error).message}; is its \`ground serve --shard ${shard}\` running?`);
      }
    },
  };
}

/**
 * Every source's rows, each tagged with its spacecraft, merged by time
 * (ties in the order of the sources, then each archive's own order); a
 * source that fails fails the whole answer (no partial answer that looks
 * whole).
 */
export async function mergedRows(sources: readonly ArchiveRowSource[], kind: ArchiveKind, selection: ArchiveSelection): Promise<Outcome<MergedRows>> {
  const answers = await Promise.all(sources.map((source) => source.rows(kind, selection)));
  const tagged: Array<{ readonly timeS: number; readonly row: object }> = [];
  let cutoff = Number.POSITIVE_INFINITY;
  for (const [index, answer] of answers.entries()) {
    if (!answer.ok) return answer;
    const sc = sources[index]!.name;
    const rows = answer.value.rows.map((row) => ({ timeS: timeOf(kind, row), row: { sc, ...row } }));
    rows.sort((a, b) => a.timeS - b.timeS);
    if (answer.value.truncated && rows.length > 0) cutoff = Math.min(cutoff, rows[rows.length - 1]!.timeS);
    tagged.push(...rows);
  }
  tagged.sort((a, b) => a.timeS - b.timeS);
  const kept = tagged.filter((entry) => entry.timeS <= cutoff);
  const rows = kept.slice(0, selection.limit).map((entry) => entry.row);
  const truncatedEmpty = answers.some((answer) => answer.ok && answer.value.truncated && answer.value.rows.length === 0);
  return accept({ rows, more: kept.length < tagged.length || kept.length > selection.limit || truncatedEmpty || rows.length >= selection.limit });
}
