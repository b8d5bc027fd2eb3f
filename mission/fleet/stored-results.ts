/**
 * What a spacecraft's crosslink terminal can hand over (crosslink.ts): the
 * broker's results its runner finished and keeps in its non-volatile
 * result store (the jobs.results record, read without side effects, as
 * the mission's figures read the runner's counters), not yet home through
 * its own link. Each result is read once (its digest and golden check
 * kept); the store is read only when the board reported a new job done.
 */
import { createHash } from 'node:crypto';
import { JOB_RECORDS } from '../../fsw/jobs/jobs-record.js';
import { FLEET_BOARD_ID_BASE } from '../../ground/index.js';
import { expectedDigest } from '../golden.js';
import type { MissionFlight } from '../run/flight.js';

export interface StoredResult {
  readonly boardJobId: number;
  readonly bytes: number;
  readonly digestHex: string;
  readonly verification: string | null;
  /** Against the simulator's golden result (null: none known). */
  readonly golden: 'match' | 'mismatch' | null;
}

export class StoredResults {
  private readonly known = new Map<number, StoredResult>();
  private doneSeen = 0;

  constructor(private readonly flight: MissionFlight) {}

  /** The results it could hand over now. */
  now(): StoredResult[] {
    const done = [...this.flight.recorder.board].filter(([jobId, job]) => jobId >= FLEET_BOARD_ID_BASE && job.state === 'done').length;
    if (done !== this.doneSeen) {
      this.doneSeen = done;
      this.read();
    }
    const out: StoredResult[] = [];
    for (const result of this.known.values()) {
      const ground = this.flight.operator.jobs.get(result.boardJobId);
      if (!ground || ground.resultDigest === null) out.push(result);
    }
    return out;
  }

  private read(): void {
    const store = this.flight.stack.fsw.executive.store;
    const results = store.readValue(JOB_RECORDS.results.id);
    const queue = store.readValue(JOB_RECORDS.queue.id);
    if (!results.ok || results.value === null) return;
    const finished = queue.ok && Array.isArray(queue.value?.finished) ? (queue.value.finished as Array<Record<string, unknown>>) : [];
    const items = Array.isArray(results.value.results) ? (results.value.results as Array<Record<string, unknown>>) : [];
    const present = new Set<number>();
    for (const item of items) {
      const jobId = item.jobId;
      const bytes = item.bytes;
      if (typeof jobId !== 'number' || jobId < FLEET_BOARD_ID_BASE || !(bytes instanceof Uint8Array)) continue;
      present.add(jobId);
      if (this.known.has(jobId)) continue;
      const digestHex = createHash('sha256').update(bytes).digest('hex');
      const entry = finished.find((job) => job.jobId === jobId);
      const verification = typeof entry?.verification === 'string' ? entry.verification : null;
      const golden = this.flight.recorder.goldens.get(jobId);
      const kind = this.flight.operator.jobs.get(jobId)?.spec.kind ?? String(entry?.kind ?? '');
      this.known.set(jobId, {
        boardJobId: jobId,
        bytes: bytes.byteLength,
        digestHex,
        verification,
        golden: golden ? (expectedDigest(golden, verification ?? undefined, kind) === digestHex ? 'match' : 'mismatch') : null,
      });
    }
    // evicted from the store: no longer there to hand over
    for (const jobId of this.known.keys()) if (!present.has(jobId)) this.known.delete(jobId);
  }
}
