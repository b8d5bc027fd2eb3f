import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { GENERATED_KINDS, randomScenario } from '../../../sim-hw/faults/generator.js';
import { SCENARIO_FORMAT, parseScenario, scenarioDocument } from '../../../sim-hw/faults/scenario.js';
import { FAULT_SCHEMAS } from '../../../sim-hw/faults/types.js';
import { Random } from '../../../sim-hw/random.js';

const doc = (faults: unknown[]) => JSON.stringify({ format: SCENARIO_FORMAT, description: 'test', faults });

describe('scenario files', () => {
  it('loads a valid file and sorts the faults by time', () => {
    const loaded = parseScenario(
      doc([
        { atS: 600, kind: 'latchup', rail: 'accelerator', extraCurrentA: 3 },
        { atS: 10, kind: 'sensor-stuck', zone: 'battery', sensor: 1, durationS: 300 },
        { atS: 100, kind: 'solar-storm', multiplier: 100, durationS: 3600 },
        { atS: 200, kind: 'upset-burst', region: 'hbm', count: 40, target: 'job' },
      ]),
    );
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.value.faults.map((fault) => fault.kind)).toEqual(['sensor-stuck', 'solar-storm', 'upset-burst', 'latchup']);
  });

  it('rejects the whole file and names every bad entry', () => {
    const loaded = parseScenario(
      doc([
        { atS: 5, kind: 'latchup', rail: 'warp-drive', extraCurrentA: 3 },
        { atS: 6, kind: 'meteor' },
        { atS: -1, kind: 'sefi' },
        { atS: 7, kind: 'sefi', durationS: 10 },
        { atS: 8, kind: 'link-outage' },
        { atS: 9, kind: 'sensor-dead', zone: 'battery', sensor: 3 },
      ]),
    );
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.error).toMatch(/faults\[0\] \(latchup\): rail must be one of/);
      expect(loaded.error).toMatch(/faults\[1\]\.kind must be one of/);
      expect(loaded.error).toMatch(/faults\[2\] \(sefi\): atS must be >= 0/);
      expect(loaded.error).toMatch(/faults\[3\] \(sefi\): happens at once/);
      expect(loaded.error).toMatch(/faults\[4\] \(link-outage\): needs durationS/);
      expect(loaded.error).toMatch(/faults\[5\] \(sensor-dead\): sensor must be <= 2/);
    }
  });

  it('rejects a file that is not a scenario', () => {
    expect(parseScenario('{').ok).toBe(false);
    expect(parseScenario('{"format":"other","faults":[]}').ok).toBe(false);
    expect(parseScenario(JSON.stringify({ format: SCENARIO_FORMAT, faults: {} })).ok).toBe(false);
  });
});

describe('seeded scenario generator', () => {
  it('gives the same scenario for the same seed and a different one for another', () => {
    const draw = (seed: number) => JSON.stringify(randomScenario(Random.fromSeed(seed).split('fault-generator'), { durationS: 6000, faultsMax: 20 }));
    expect(draw(3)).toBe(draw(3));
    expect(draw(3)).not.toBe(draw(4));
  });

  test.prop([fc.integer(), fc.integer({ min: 1, max: 40 })])('draws only valid faults, which survive a round trip through a file', (seed, faultsMax) => {
    const scenario = randomScenario(Random.fromSeed(seed), { durationS: 5800, faultsMax });
    expect(scenario.faults.length).toBeLessThanOrEqual(faultsMax);
    const reloaded = parseScenario(JSON.stringify(scenarioDocument(scenario)));
    expect(reloaded.ok && reloaded.value.faults).toEqual(scenario.faults);
    for (const fault of scenario.faults) expect(fault.atS).toBeLessThan(5800);
  });

  it('can draw every kind it lists, each with every parameter its schema declares', () => {
    const rng = Random.fromSeed(11);
    const seen = new Set<string>();
    for (let i = 0; i < 50 && seen.size < GENERATED_KINDS.length; i++) {
      for (const fault of randomScenario(rng, { durationS: 100, faultsMax: 30 }).faults) {
        seen.add(fault.kind);
        for (const name of Object.keys(FAULT_SCHEMAS[fault.kind])) expect(fault).toHaveProperty(name);
      }
    }
    expect([...seen].sort()).toEqual([...GENERATED_KINDS].sort());
  });
});
