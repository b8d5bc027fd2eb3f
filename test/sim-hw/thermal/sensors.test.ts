import { describe, expect, it } from 'vitest';
import { Random } from '../../../sim-hw/random.js';
import {
  checkTemperatureSensorParams,
  clearSensorFault,
  createSensorReadings,
  createTemperatureSensorState,
  DEAD_SENSOR_READING_C,
  DEFAULT_TEMPERATURE_SENSOR_PARAMS,
  setSensorFault,
  stepTemperatureSensors,
  thermalSensors,
} from '../../../sim-hw/thermal/sensors.js';

const P = DEFAULT_TEMPERATURE_SENSOR_PARAMS;
const TRUTH = { accelerator: 71.234, board: 20, battery: 15.5, radiator: -10, structure: 5 };

function stats(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

describe('temperature sensors', () => {
  it('read the truth plus 0.1 C Gaussian noise, quantised to 0.01 C', () => {
    const state = createTemperatureSensorState(P);
    const random = Random.fromSeed(42).split('sensor-noise');
    const out = createSensorReadings(P);
    const board: number[] = [];
    for (let tick = 0; tick < 10_000; tick++) {
      stepTemperatureSensors(state, TRUTH, P, random, out);
      board.push(...out.board);
      for (const reading of out.accelerator) expect(Math.abs(Math.round(reading * 100) - reading * 100)).toBeLessThan(1e-9);
    }
    const { mean, sd } = stats(board);
    // 30,000 samples: the mean's standard error is 0.1 / sqrt(30000) = 0.0006 C; 5 sigma = 0.003 C.
    expect(Math.abs(mean - 20)).toBeLessThan(0.003);
    // Quantisation adds 0.01^2/12 to the variance (sd 0.10004); the sd's standard error is ~0.0004: +-3 %.
    expect(sd).toBeGreaterThan(0.097);
    expect(sd).toBeLessThan(0.103);
    // About 95.4 % within 2 sigma.
    const within = board.filter((v) => Math.abs(v - 20) <= 0.2).length / board.length;
    expect(within).toBeGreaterThan(0.945);
    expect(within).toBeLessThan(0.962);
  });

  it('are deterministic with the same seed and differ with another', () => {
    const run = (seed: number): number[] => {
      const state = createTemperatureSensorState(P);
      const random = Random.fromSeed(seed).split('sensor-noise');
      const all: number[] = [];
      for (let tick = 0; tick < 100; tick++) all.push(...Object.values(stepTemperatureSensors(state, TRUTH, P, random)).flat());
      return all;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('dead reads -273.15; stuck holds the reading at failure; noisy widens; offset biases', () => {
    const state = createTemperatureSensorState(P);
    const random = Random.fromSeed(1).split('sensor-noise');
    const out = createSensorReadings(P);
    const truth = { ...TRUTH };
    stepTemperatureSensors(state, truth, P, random, out);
    const atFailure = out.battery[1]!;
    setSensorFault(state, 'battery', 0, { kind: 'dead' });
    setSensorFault(state, 'battery', 1, { kind: 'stuck' });
    setSensorFault(state, 'battery', 2, { kind: 'offset', offsetC: 7.5 });
    setSensorFault(state, 'radiator', 0, { kind: 'noisy', sigmaC: 3 });
    const radiator0: number[] = [];
    const radiator1: number[] = [];
    const battery2: number[] = [];
    for (let tick = 0; tick < 5000; tick++) {
      truth.battery = 15.5 + tick * 0.01; // warming: a stuck sensor does not follow
      stepTemperatureSensors(state, truth, P, random, out);
      expect(out.battery[0]).toBe(DEAD_SENSOR_READING_C);
      expect(out.battery[1]).toBe(atFailure);
      battery2.push(out.battery[2]! - truth.battery);
      radiator0.push(out.radiator[0]!);
      radiator1.push(out.radiator[1]!);
    }
    const offset = stats(battery2);
    expect(offset.mean).toBeCloseTo(7.5, 2); // standard error 0.0014 C
    expect(offset.sd).toBeLessThan(0.11);
    const noisy = stats(radiator0);
    // sqrt(0.1^2 + 3^2) = 3.0017 C; with 5000 samples the sd is known to +-3 %.
    expect(noisy.sd).toBeGreaterThan(2.85);
    expect(noisy.sd).toBeLessThan(3.15);
    expect(Math.abs(noisy.mean + 10)).toBeLessThan(0.15);
    expect(stats(radiator1).sd).toBeLessThan(0.11); // its neighbour is unaffected
    clearSensorFault(state, 'battery', 0, 'dead');
    clearSensorFault(state, 'battery', 1, 'stuck');
    stepTemperatureSensors(state, truth, P, random, out);
    expect(Math.abs(out.battery[0]! - truth.battery)).toBeLessThan(1);
    expect(Math.abs(out.battery[1]! - truth.battery)).toBeLessThan(1);
  });

  it("a fault on one sensor does not shift another's noise", () => {
    const run = (withFault: boolean): number[] => {
      const state = createTemperatureSensorState(P);
      const random = Random.fromSeed(99).split('sensor-noise');
      if (withFault) {
        setSensorFault(state, 'board', 0, { kind: 'dead' });
        setSensorFault(state, 'board', 1, { kind: 'stuck' });
      }
      const readings: number[] = [];
      for (let tick = 0; tick < 200; tick++) readings.push(...stepTemperatureSensors(state, TRUTH, P, random).structure);
      return readings;
    };
    expect(run(true)).toEqual(run(false));
  });

  it('builds the frames.ts ThermalSensors shape with copies of the readings', () => {
    const state = createTemperatureSensorState(P);
    const out = stepTemperatureSensors(state, TRUTH, P, Random.fromSeed(3));
    const frame = thermalSensors(out, { board: { on: false, dutyPct: 0 }, battery: { on: true, dutyPct: 50 } });
    expect(Object.keys(frame.sensorsC)).toEqual(['accelerator', 'board', 'battery', 'radiator', 'structure']);
    for (const readings of Object.values(frame.sensorsC)) expect(readings).toHaveLength(3);
    expect(frame.sensorsC.board).toEqual(out.board);
    expect(frame.sensorsC.board).not.toBe(out.board);
    expect(frame.heaters.battery.dutyPct).toBe(50);
  });

  it('checks every parameter', () => {
    expect(checkTemperatureSensorParams(P)).toEqual([]);
    expect(checkTemperatureSensorParams({ sensorsPerZone: 0, noiseSigmaC: -1, resolutionC: 0.03 })).toHaveLength(3);
    expect(() => setSensorFault(createTemperatureSensorState(P), 'board', 3, { kind: 'dead' })).toThrow(/no temperature sensor 3/);
  });
});
