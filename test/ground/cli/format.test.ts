import { describe, expect, it } from 'vitest';
import type { TelemetryPacket } from '../../../ground/api/contract.js';
import { table } from '../../../ground/cli/table.js';
import { colourWanted, painter } from '../../../ground/cli/colour.js';
import { parseTimeSpec, resolveTime } from '../../../ground/cli/mission-time.js';
import { telemetryLines } from '../../../ground/cli/telemetry-lines.js';

const packet = (stale: boolean): TelemetryPacket => ({
  id: 1,
  name: 'power_hk',
  apid: 0x20,
  timeS: 120.5,
  receivedAtMs: 10_000,
  stale,
  fields: {
    socPct: { value: 31.25, unit: '%', level: 'yellow' },
    busVoltageV: { value: 23.5, unit: 'V', level: 'red' },
    charging: { value: true, level: 'none' },
    holdReason: { value: '', level: 'none' },
  },
});

describe('telemetry display', () => {
  it('shows values with units, names yellow and red levels in plain text, and shows an empty text as two quotes', () => {
    expect(telemetryLines([packet(false)], painter(false), 12_000)).toEqual([
      'power_hk  t=120.50 s  received 2.0 s ago',
      '  socPct       31.25 % YELLOW',
      '  busVoltageV  23.5 V RED',
      '  charging     true',
      '  holdReason   ""',
    ]);
  });

  it('colours levels with ANSI codes when colour is on, and marks a stale packet', () => {
    const lines = telemetryLines([packet(false)], painter(true), 12_000);
    expect(lines[1]).toBe('  socPct       \x1b[33m31.25 % YELLOW\x1b[0m');
    expect(lines[2]).toBe('  busVoltageV  \x1b[1;31m23.5 V RED\x1b[0m');
    expect(telemetryLines([packet(true)], painter(false), 12_000)[0]).toBe('power_hk  t=120.50 s  received 2.0 s ago STALE');
  });

  it('uses colour only on a terminal and never when NO_COLOR is set', () => {
    expect(colourWanted({ isTTY: true }, {})).toBe(true);
    expect(colourWanted({ isTTY: false }, {})).toBe(false);
    expect(colourWanted({}, {})).toBe(false);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  });
});

describe('times an operator types', () => {
  it('reads mission seconds, ISO times against the mission epoch, and +S after the latest telemetry', async () => {
    expect(parseTimeSpec('1234.5')).toEqual({ ok: true, value: { absoluteS: 1234.5 } });
    expect(parseTimeSpec('2026-01-01T00:20:00Z')).toEqual({ ok: true, value: { absoluteS: 1200 } });
    expect(parseTimeSpec('+30')).toEqual({ ok: true, value: { afterLatestS: 30 } });
    expect(await resolveTime({ afterLatestS: 30 }, async () => 100)).toEqual({ ok: true, value: 130 });
    expect(await resolveTime({ afterLatestS: 30 }, async () => null)).toMatchObject({ ok: false });
    expect(parseTimeSpec('2025-12-31T23:00:00Z')).toMatchObject({ ok: false, error: '2025-12-31T23:00:00Z is before the mission epoch' });
    expect(parseTimeSpec('soon')).toMatchObject({ ok: false });
  });
});

describe('archive table', () => {
  it('aligns the columns of rows under a header', () => {
    expect(
      table([
        { timeS: 1, param: 'socPct', value: 80.5 },
        { timeS: 12, param: 'busVoltageV', value: 28 },
      ]),
    ).toEqual(['timeS  param        value', '1      socPct       80.5', '12     busVoltageV  28']);
  });
});
