/**
 * Ground archive ingest: how many rows per second the archive
 * (ground/archive/, SQLite through better-sqlite3, WAL, a temporary file)
 * writes in its batched transactions (20,000 rows or 100 ms). The stream is
 * real: the telemetry that reaches the ground while the in-process stack
 * flies STREAM_S in NOMINAL with jobs running (housekeeping, events,
 * verification reports, job results), decoded once beforehand as the ground
 * server does; each packet is archived as the ground server archives it
 * (its raw packet row, one sample row per scalar field, or an event row),
 * and the stream is replayed until at least ROWS_MIN rows went in. The time
 * includes the last flush. rows = packet rows + sample rows + event rows.
 * Target (issue 17): TARGET_ROWS_PER_S, 100 k rows/s on the one core the
 * ground's archive writer runs on (before: 53 k rows/s on a quiet machine).
 * Printed beside it, as before: how many times the rows a saturated
 * 256 kbit/s downlink brings (at this stream's rows per byte) that is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../ground/archive/archive.js';
import type { ReceivedPacket } from '../ground/archive/telemetry-store.js';
import { eventMessage } from '../ground/server/latest-telemetry.js';
import { decodePacket, missionDictionary, type DecodedTelemetry } from '../protocol/index.js';
import { DEFAULT_LINK_PARAMS } from '../sim-hw/link/channel.js';
import { BUSY_WORKLOAD, BenchGround, benchStack } from './ground.js';
import { judge, type SummaryRow } from './summary.js';

const STREAM_S = 1200;
const ROWS_MIN = 300_000;
/** Rows per second on one core (the archive writes from one thread). */
export const TARGET_ROWS_PER_S = 100_000;

export interface ArchiveIngestFigures {
  readonly streamPackets: number;
  readonly streamBytes: number;
  readonly rows: number;
  readonly sampleRows: number;
  readonly wallS: number;
  readonly rowsPerS: number;
  readonly packetsPerS: number;
  /** Rows per second a saturated downlink brings, at this stream's rows per byte. */
  readonly saturatedRowsPerS: number;
}

/** The telemetry that reaches the ground in streamS of NOMINAL with jobs, decoded as the ground decodes it. */
export function benchDownlink(streamS = STREAM_S): { packets: { decoded: DecodedTelemetry; raw: Uint8Array }[]; bytes: number } {
  const dictionary = missionDictionary();
  const g = new BenchGround(benchStack());
  g.goNominal();
  g.downlink = [];
  g.fly(g.stack.timeS + streamS, BUSY_WORKLOAD);
  const packets: { decoded: DecodedTelemetry; raw: Uint8Array }[] = [];
  let bytes = 0;
  for (const raw of g.downlink) {
    const decoded = decodePacket(raw, { dictionary, expect: 'tm' });
    if (!decoded.ok || decoded.value.type !== 'tm')
      throw new Error(`bench/archive-ingest: the stack sent a packet the ground refuses: ${decoded.ok ? 'not telemetry' : decoded.detail}`);
    packets.push({ decoded: decoded.value, raw });
    bytes += raw.length;
  }
  return { packets, bytes };
}

export function benchArchiveIngest(): ArchiveIngestFigures {
  const { packets, bytes } = benchDownlink();
  const dir = mkdtempSync(join(tmpdir(), 'bench-archive-'));
  const archive = Archive.open(join(dir, 'archive.sqlite'), { dictionary: missionDictionary(), retentionDays: Number.POSITIVE_INFINITY });
  let rows = 0;
  let sampleRows = 0;
  let ingested = 0;
  try {
    const start = archive.telemetry.counts();
    const startMs = performance.now();
    const receivedAtMs = Date.now();
    while (rows < ROWS_MIN) {
      for (const { decoded, raw } of packets) {
        const packet: ReceivedPacket = {
          name: decoded.entry.def.name,
          apid: decoded.header.apid,
          sequenceCount: decoded.header.sequenceCount,
          timeS: decoded.timeS,
          receivedAtMs,
          raw,
        };
        if (decoded.entry.kind === 'event') {
          archive.telemetry.addEvent(packet, {
            severity: decoded.entry.def.severity,
            message: eventMessage(decoded.entry.def, decoded.data),
            args: decoded.data,
          });
        } else {
          archive.telemetry.addTelemetry(packet, decoded.data);
        }
      }
      ingested += packets.length;
      const now = archive.telemetry.counts();
      sampleRows = now.telemetryRows - start.telemetryRows;
      // One raw packet row per packet, its samples, and an event row per event.
      rows = ingested + sampleRows + now.eventRows - start.eventRows;
    }
    archive.batch.flush();
    const wallS = (performance.now() - startMs) / 1000;
    const rowsPerByte = rows / ((bytes * ingested) / packets.length);
    const saturatedRowsPerS = (DEFAULT_LINK_PARAMS.downlinkBps / 8) * rowsPerByte;
    return {
      streamPackets: packets.length,
      streamBytes: bytes,
      rows,
      sampleRows,
      wallS,
      rowsPerS: rows / wallS,
      packetsPerS: ingested / wallS,
      saturatedRowsPerS,
    };
  } finally {
    archive.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printArchiveIngestBench(figures: ArchiveIngestFigures): void {
  console.log(
    `\nground archive ingest (SQLite file, batched transactions; stream: ${figures.streamPackets} packets, ${(figures.streamBytes / 1024).toFixed(0)} KiB from ${STREAM_S} s of NOMINAL with jobs, replayed)`,
  );
  console.log(
    `  ${(figures.rowsPerS / 1000).toFixed(1)} k rows/s  (${figures.rows} rows: ${figures.sampleRows} samples + packets + events in ${figures.wallS.toFixed(2)} s; ${(figures.packetsPerS / 1000).toFixed(1)} k packets/s)`,
  );
  console.log(
    `  a saturated ${DEFAULT_LINK_PARAMS.downlinkBps / 1000} kbit/s downlink brings ${figures.saturatedRowsPerS.toFixed(0)} rows/s: ingest is ${(figures.rowsPerS / figures.saturatedRowsPerS).toFixed(0)}x that (target ${TARGET_ROWS_PER_S / 1000} k rows/s per core; before issue 17: 53 k rows/s)`,
  );
}

export function archiveIngestSummary(figures: ArchiveIngestFigures): SummaryRow[] {
  const k = (perS: number) => `${(perS / 1000).toFixed(1)} k rows/s`;
  return [
    {
      item: '6',
      figure: 'archive ingest',
      measured: k(figures.rowsPerS),
      target: `>= ${k(TARGET_ROWS_PER_S)} per core`,
      verdict: judge(figures.rowsPerS >= TARGET_ROWS_PER_S),
    },
  ];
}
