import { describe, expect, it } from 'vitest';
import type { MemoryErrorRecord, SensorFrame } from '../../../fsw/hal/frames.js';
import { collectErrorLogs, createErrorLogs, ERROR_LOG_HELD, takeErrorLog } from '../../../fsw/memory/error-log.js';

function record(page: number): MemoryErrorRecord {
  return { timeS: page, page, word: 0, kind: 'uncorrectable', during: 'scrub', jobId: null };
}

/** A frame with only what the collector reads: each region's error log of that frame. */
function frame(hbm: MemoryErrorRecord[], ram: MemoryErrorRecord[] = [], dropped = 0): SensorFrame {
  return { memory: { hbm: { errorLog: hbm, errorLogDropped: dropped }, ram: { errorLog: ram, errorLogDropped: 0 } } } as unknown as SensorFrame;
}

describe('memory error log between 1 Hz steps', () => {
  it('hands the step every frame record since the last step, each frame once, in order', () => {
    const logs = createErrorLogs();
    const frames = [frame([record(1)]), frame([]), frame([record(2), record(3)], [record(9)], 2)];
    for (const f of frames) {
      collectErrorLogs(logs, f);
      collectErrorLogs(logs, f); // the step and the fast part both collect the frame of a due tick
    }
    const hbm = takeErrorLog(logs, 'hbm');
    expect(hbm.records.map((r) => r.page)).toEqual([1, 2, 3]);
    expect(hbm.dropped).toBe(2);
    expect(takeErrorLog(logs, 'ram').records.map((r) => r.page)).toEqual([9]);
    expect(takeErrorLog(logs, 'hbm')).toEqual({ records: [], dropped: 0 });
  });

  it('holds at most ERROR_LOG_HELD records a region, counting the rest as dropped, and ignores nonsense', () => {
    const logs = createErrorLogs();
    const many = Array.from({ length: ERROR_LOG_HELD + 5 }, (_, i) => record(i));
    collectErrorLogs(logs, frame(many));
    collectErrorLogs(logs, { memory: { hbm: { errorLog: 'x', errorLogDropped: Number.NaN } } } as unknown as SensorFrame);
    collectErrorLogs(logs, {} as SensorFrame);
    const hbm = takeErrorLog(logs, 'hbm');
    expect(hbm.records).toHaveLength(ERROR_LOG_HELD);
    expect(hbm.dropped).toBe(5);
  });
});
