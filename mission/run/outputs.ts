/**
 * The files of a run in the output folder: the mission record as JSON and
 * the report as one self-contained HTML page (mission/report/render.ts);
 * the archive is written during the flight (archivePath). A fresh run
 * replaces the files of the last one.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accept, fail, type Outcome } from '../../protocol/index.js';
import type { MissionRecord } from '../report/record.js';
import { renderReport } from '../report/render.js';

export const ARCHIVE_FILE = 'archive.sqlite';
export const RECORD_FILE = 'record.json';
export const REPORT_FILE = 'report.html';

export interface OutputPaths {
  readonly archive: string;
  readonly record: string;
  readonly report: string;
}

/** Makes the folder and removes the last run's archive (SQLite and its WAL files); a failure says why. */
export function prepareOutputs(outDir: string): Outcome<OutputPaths> {
  try {
    mkdirSync(outDir, { recursive: true });
    if (!statSync(outDir).isDirectory()) return fail(`--out ${outDir} is not a folder`);
    const archive = join(outDir, ARCHIVE_FILE);
    for (const suffix of ['', '-wal', '-shm']) rmSync(archive + suffix, { force: true });
    return accept({ archive, record: join(outDir, RECORD_FILE), report: join(outDir, REPORT_FILE) });
  } catch (error) {
    return fail(`--out ${outDir} cannot be used (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Writes record.json and report.html. */
export function writeOutputs(paths: OutputPaths, record: MissionRecord): void {
  writeFileSync(paths.record, `${JSON.stringify(record)}\n`);
  writeFileSync(paths.report, renderReport(record));
}
