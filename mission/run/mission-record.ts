/**
 * Assembles the MissionRecord (mission/report/record.ts) of a run: the
 * recorder's samples and events (in time order), the bands, one span per
 * submitted job, the temperature limits from the dictionary (thermal_hk's
 * yellow and red highs), the summary rows and the telemetry digest.
 */
import { THERMAL_ZONES, missionDictionary } from '../../protocol/index.js';
import type { Band, JobSpan, MissionRecord, TemperatureLimit } from '../report/record.js';
import type { GroundOperator } from './operator.js';
import type { MissionRecorder } from './recorder.js';
import type { SummaryRow } from './summary.js';

/** The limits drawn on the temperature plots: each zone's yellow and red high limits in thermal_hk. */
export function temperatureLimits(): TemperatureLimit[] {
  const entry = missionDictionary().downlink('thermal_hk');
  if (entry?.kind !== 'telemetry') return [];
  return THERMAL_ZONES.flatMap((zone) => {
    const limits = entry.def.fields[`${zone}C`]?.limits;
    return limits?.yellowHigh !== undefined && limits.redHigh !== undefined ? [{ zone, yellowHighC: limits.yellowHigh, redHighC: limits.redHigh }] : [];
  });
}

/** One span per job the ground uplinked: runs on the device, the outcome on board, the ground's check against the golden result. */
export function jobSpans(operator: GroundOperator, recorder: MissionRecorder, boardRetries: ReadonlyMap<number, number>): JobSpan[] {
  const spans: JobSpan[] = [];
  for (const job of operator.jobs.values()) {
    if (job.submittedS === null) continue;
    const board = recorder.board.get(job.spec.jobId);
    const state = job.ground === 'refused' ? 'refused' : board?.state;
    const outcome: JobSpan['outcome'] =
      state === 'done'
        ? 'done'
        : state === 'failed' && /cancel/i.test(board?.detail ?? '')
          ? 'cancelled'
          : state === 'failed' || state === 'refused'
            ? 'failed'
            : 'pending';
    // The runner's own count at the end when it still knows the job, else the last summary that came down.
    const retries = boardRetries.get(job.spec.jobId) ?? (typeof job.summary?.retries === 'number' ? job.summary.retries : 0);
    spans.push({
      jobId: job.spec.jobId,
      kind: job.spec.kind,
      runs: recorder.runs.get(job.spec.jobId) ?? [],
      submittedS: job.submittedS,
      finishedS: outcome === 'pending' ? null : (board?.timeS ?? null),
      outcome,
      verified: job.golden === 'match' ? true : job.golden === 'mismatch' ? false : null,
      retries,
    });
  }
  return spans.sort((a, b) => a.submittedS - b.submittedS || a.jobId - b.jobId);
}

export interface RecordParts {
  readonly title: string;
  readonly parameters: Readonly<Record<string, string | number>>;
  readonly startS: number;
  readonly endS: number;
  readonly orbitPeriodS: number;
  readonly eclipses: readonly Band[];
  readonly saaPasses: readonly Band[];
  readonly summary: readonly SummaryRow[];
  readonly digest: string;
  /** Retries per job id from the runner's record at the end. */
  readonly boardRetries: ReadonlyMap<number, number>;
}

export function missionRecord(parts: RecordParts, recorder: MissionRecorder, operator: GroundOperator): MissionRecord {
  const events = recorder.events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.timeS - b.event.timeS || a.index - b.index)
    .map(({ event }) => event);
  return {
    title: parts.title,
    parameters: parts.parameters,
    samplePeriodS: recorder.samplePeriodS,
    startS: parts.startS,
    endS: parts.endS,
    orbitPeriodS: parts.orbitPeriodS,
    samples: recorder.samples,
    eclipses: parts.eclipses,
    contacts: recorder.contacts.bands,
    saaPasses: parts.saaPasses,
    jobs: jobSpans(operator, recorder, parts.boardRetries),
    events,
    limits: temperatureLimits(),
    summary: parts.summary,
    digest: parts.digest,
  };
}
