import { describe, expect, it } from 'vitest';
import { selectBenchmarks } from '../../bench/selection.js';

const KNOWN = ['speed', 'tick', 'protocol', 'yield'];

describe('make bench ONLY=', () => {
  it('runs every benchmark when ONLY is empty or unset', () => {
    expect(selectBenchmarks(KNOWN, undefined)).toEqual({ ok: true, value: KNOWN });
    expect(selectBenchmarks(KNOWN, '')).toEqual({ ok: true, value: KNOWN });
    expect(selectBenchmarks(KNOWN, ' , ')).toEqual({ ok: true, value: KNOWN });
  });

  it('runs the chosen benchmarks in the suite order, whatever order ONLY names them in', () => {
    expect(selectBenchmarks(KNOWN, 'yield, speed')).toEqual({ ok: true, value: ['speed', 'yield'] });
    expect(selectBenchmarks(KNOWN, 'tick')).toEqual({ ok: true, value: ['tick'] });
  });

  it('refuses an unknown name and lists the known ones', () => {
    expect(selectBenchmarks(KNOWN, 'speed,tik')).toEqual({
      ok: false,
      error: 'bench: unknown benchmark "tik"; ONLY takes a comma-separated list of: speed, tick, protocol, yield',
    });
  });
});
