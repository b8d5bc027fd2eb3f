/**
 * Where `ground archive` reads: the ground server's API, or an archive file
 * opened read-only (`--archive FILE`: a mission run's out/archive.sqlite, a
 * copy), with no server and nothing written. Both answer the same checked
 * queries (ground/archive/queries.ts).
 */
import { missionDictionary } from '../../protocol/index.js';
import { Archive } from '../archive/archive.js';
import { archiveCsv, archiveRows, checkSelection, type ArchiveKind, type ArchiveSelection } from '../archive/queries.js';
import { apiFailure, type ApiResult } from '../client/api-result.js';
import type { ArchiveQuery, GroundApi } from '../client/ground-api.js';
import type { ArchiveRows } from '../api/contract.js';
import { CUC_TIME_S_MAX } from '../../protocol/index.js';
import { environmentError } from './exit-codes.js';

export interface ArchiveSource {
  rows(kind: ArchiveKind, query: ArchiveQuery): Promise<ApiResult<ArchiveRows<Record<string, unknown>>>>;
  csv(kind: ArchiveKind, query: ArchiveQuery): Promise<ApiResult<string>>;
  /** The mission time of the latest telemetry, for +S times. */
  latestTimeS(): Promise<ApiResult<number | null>>;
  close(): void;
}

export function serverSource(api: GroundApi): ArchiveSource {
  return {
    rows: (kind, query) => api.archive(kind, query),
    csv: (kind, query) => api.archiveCsv(kind, query),
    latestTimeS: async () => {
      const status = await api.status();
      return status.ok ? { ok: true, value: status.value.link.lastTelemetryTimeS } : status;
    },
    close: () => {},
  };
}

/** The archive file, read-only; a file that is not an archive of this ground is a CLI error (exit 3). */
export function fileSource(path: string): ArchiveSource {
  const dictionary = missionDictionary();
  let archive: Archive;
  try {
    archive = Archive.open(path, { dictionary, readonly: true });
  } catch (error) {
    throw environmentError((error as Error).message);
  }
  const select = (kind: ArchiveKind, query: ArchiveQuery): ApiResult<readonly Record<string, unknown>[]> => {
    const selection: ArchiveSelection = {
      fromS: query.from ?? 0,
      toS: query.to ?? CUC_TIME_S_MAX,
      limit: query.limit ?? 100,
      ...(query.packet !== undefined ? { packet: query.packet } : {}),
      ...(query.param !== undefined ? { param: query.param } : {}),
      ...(query.severity !== undefined ? { severity: query.severity } : {}),
    };
    const checked = checkSelection(dictionary, kind, selection);
    if (!checked.ok) return apiFailure('bad-request', 400, checked.error);
    return { ok: true, value: archiveRows(archive, kind, checked.value) as Record<string, unknown>[] };
  };
  return {
    rows: async (kind, query) => {
      const rows = select(kind, query);
      return rows.ok ? { ok: true, value: { rows: rows.value } } : rows;
    },
    csv: async (kind, query) => {
      const rows = select(kind, query);
      return rows.ok ? { ok: true, value: archiveCsv(kind, rows.value) } : rows;
    },
    latestTimeS: async () => ({ ok: true, value: archive.telemetry.latestTimeS() }),
    close: () => archive.close(),
  };
}
