import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createZoneVoter, median, voteZone, clearExclusions, type VoterParams, type ZoneVoter } from '../../../fsw/thermal/voter.js';

const PARAMS: VoterParams = { minC: -100, maxC: 200, stuckS: 5, disagreeC: 3, disagreeS: 2, readmitS: 60 };
const DT_S = 0.1;

/** Healthy noise: deterministic, changes every tick, within +-0.2 C. */
function noise(tick: number, sensor: number): number {
  return 0.2 * Math.sin(tick * 1.7 + sensor * 2.3);
}

/** Runs ticks; the bad sensor (index 2) reads bad(tick) and the others the truth plus noise. */
function run(voter: ZoneVoter, fromTick: number, ticks: number, truthC: (tick: number) => number, bad: (tick: number, truthC: number) => number) {
  const events: { tick: number; excluded: { sensor: number; why: string }[]; readmitted: number[]; votedC: number | null }[] = [];
  for (let t = fromTick; t < fromTick + ticks; t++) {
    const truth = truthC(t);
    const outcome = voteZone(voter, [truth + noise(t, 0), truth + noise(t, 1), bad(t, truth)], t * DT_S, PARAMS);
    events.push({ tick: t, excluded: [...outcome.excluded], readmitted: [...outcome.readmitted], votedC: outcome.votedC });
  }
  return events;
}

const exclusions = (events: ReturnType<typeof run>) => events.flatMap((e) => e.excluded.map((x) => ({ ...x, tick: e.tick })));

describe('sensor voter', () => {
  it('median of one, two, three and four readings', () => {
    expect(median([4])).toBe(4);
    expect(median([1, 3])).toBe(2);
    expect(median([9, -1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('excludes a dead sensor at once, once, as out of range', () => {
    const voter = createZoneVoter(3);
    const events = run(
      voter,
      0,
      50,
      () => 20,
      () => -273.15,
    );
    expect(exclusions(events)).toEqual([{ sensor: 2, why: 'out-of-range', tick: 0 }]);
    for (const e of events) expect(Math.abs(e.votedC! - 20)).toBeLessThanOrEqual(0.2);
  });

  it('excludes a stuck sensor after stuckS while the others move, and only then', () => {
    const voter = createZoneVoter(3);
    const stuckAtC = 20.37;
    const events = run(
      voter,
      0,
      200,
      (t) => 20 + t * 0.01,
      () => stuckAtC,
    );
    expect(exclusions(events)).toEqual([{ sensor: 2, why: 'stuck', tick: PARAMS.stuckS / DT_S }]);
  });

  it('judges nobody stuck when every sensor holds still', () => {
    const voter = createZoneVoter(3);
    for (let t = 0; t < 200; t++) expect(voteZone(voter, [20, 20.01, 19.99], t * DT_S, PARAMS).excluded).toEqual([]);
  });

  it('excludes a disagreeing sensor after disagreeS, and readmits it after it behaves for readmitS', () => {
    const voter = createZoneVoter(3);
    const offset = run(
      voter,
      0,
      100,
      () => 30,
      (t, truth) => truth + 8 + noise(t, 2),
    );
    expect(exclusions(offset)).toEqual([{ sensor: 2, why: 'disagrees', tick: PARAMS.disagreeS / DT_S }]);
    const healed = run(
      voter,
      100,
      700,
      () => 30,
      (t, truth) => truth + noise(t, 2),
    );
    const readmitted = healed.filter((e) => e.readmitted.length > 0);
    expect(readmitted.map((e) => e.readmitted)).toEqual([[2]]);
    expect(readmitted[0]!.tick - 100).toBe(PARAMS.readmitS / DT_S);
    expect(voter.sensors.every((s) => s.excluded === null)).toBe(true);
  });

  it('does not readmit a sensor that stays stuck, until the exclusions are cleared', () => {
    const voter = createZoneVoter(3);
    const events = run(
      voter,
      0,
      1000,
      (t) => 20 + t * 0.001,
      () => 21,
    );
    expect(exclusions(events).map((x) => x.why)).toEqual(['stuck']);
    expect(events.flatMap((e) => e.readmitted)).toEqual([]);
    expect(clearExclusions(voter, 100)).toBe(1);
    expect(voter.sensors[2]!.excluded).toBeNull();
  });

  it('votes null when no sensor is in range, and never throws on NaN or missing readings', () => {
    const voter = createZoneVoter(3);
    expect(voteZone(voter, [Number.NaN, -273.15], 0, PARAMS).votedC).toBeNull();
    expect(voteZone(voter, [Number.POSITIVE_INFINITY, Number.NaN, 500], 0.1, PARAMS).votedC).toBeNull();
  });

  /**
   * At most one bad sensor of three (dead, stuck, offset by any amount, wild
   * or NaN values, switching between them): the voted value stays between
   * the two good readings, i.e. within their noise of the truth.
   */
  const badReading = fc.oneof(
    fc.constant({ kind: 'dead' as const }),
    fc.constant({ kind: 'stuck' as const }),
    fc.record({ kind: fc.constant('offset' as const), offsetC: fc.double({ min: -400, max: 400, noNaN: true }) }),
    fc.record({
      kind: fc.constant('wild' as const),
      valuesC: fc.array(fc.oneof(fc.double({ min: -300, max: 600 }), fc.constant(Number.NaN)), { minLength: 1, maxLength: 20 }),
    }),
  );
  test.prop(
    [
      fc.array(fc.record({ ticks: fc.integer({ min: 1, max: 400 }), bad: badReading }), { minLength: 1, maxLength: 6 }),
      fc.double({ min: -60, max: 140, noNaN: true }),
      fc.double({ min: -0.05, max: 0.05, noNaN: true }),
      fc.integer({ min: 0, max: 2 }),
      fc.double({ min: 0.01, max: 0.5, noNaN: true }),
    ],
    { numRuns: 40 },
  )('with at most one bad sensor of three the voted value stays within the good ones', (phases, startC, slopeCPerS, badIndex, noiseC) => {
    const voter = createZoneVoter(3);
    let tick = 0;
    let stuckC = Number.NaN;
    for (const phase of phases) {
      for (let k = 0; k < phase.ticks; k++, tick++) {
        const timeS = tick * DT_S;
        const truth = startC + slopeCPerS * timeS;
        const good = [0, 1].map((s) => truth + noiseC * Math.sin(tick * 1.3 + s * 2.1 + 0.5));
        let bad: number;
        switch (phase.bad.kind) {
          case 'dead':
            bad = -273.15;
            break;
          case 'stuck':
            stuckC = Number.isNaN(stuckC) ? truth : stuckC;
            bad = stuckC;
            break;
          case 'offset':
            bad = truth + phase.bad.offsetC;
            break;
          case 'wild':
            bad = phase.bad.valuesC[k % phase.bad.valuesC.length]!;
            break;
        }
        const readings = [...good];
        readings.splice(badIndex, 0, bad);
        const { votedC } = voteZone(voter, readings, timeS, PARAMS);
        expect(votedC).not.toBeNull();
        expect(votedC!).toBeGreaterThanOrEqual(Math.min(...good) - 1e-9);
        expect(votedC!).toBeLessThanOrEqual(Math.max(...good) + 1e-9);
        // the good sensors are never excluded
        for (let s = 0; s < 3; s++) if (s !== badIndex) expect(voter.sensors[s]!.excluded).toBeNull();
      }
    }
  });
});
