/**
 * The default mission's world: with the orbit's node where the runner puts
 * it, each of the three orbits crosses the South Atlantic Anomaly and passes
 * over the ground station (sampled with the simulator's world model), and
 * the shipped default scenario and workload files load.
 */
import { describe, expect, it } from 'vitest';
import { saaBands } from '../../mission/run/bands.js';
import { DEFAULT_SCENARIO_FILE, DEFAULT_WORKLOAD_FILE, MISSION_RAAN_DEG, missionConfig, shippedFile } from '../../mission/run/config.js';
import { readWorkloadFile } from '../../mission/run/workload.js';
import { readScenarioFile } from '../../sim-hw/faults/scenario.js';
import { orbitPeriodS } from '../../astro/orbit.js';
import { contactWindows } from '../../astro/station.js';

describe('the default mission world (550 km, beta 0, RAAN -72 deg)', () => {
  const config = missionConfig({ altitudeKm: 550, betaDeg: 0, seed: 1 });
  const periodS = orbitPeriodS(config.orbit);

  it('crosses the SAA and passes over the station in each of the three orbits', () => {
    expect(config.orbit.raanDeg).toBe(MISSION_RAAN_DEG);
    const saa = saaBands(config.orbit, config.radiation, 0, 3 * periodS, 1);
    const contacts = contactWindows(config.orbit, config.station, 0, 3 * periodS);
    for (let orbit = 0; orbit < 3; orbit++) {
      const inOrbit = (startS: number) => startS >= orbit * periodS && startS < (orbit + 1) * periodS;
      const passes = saa.filter((band) => inOrbit(band.startS));
      expect(passes, `SAA in orbit ${orbit}`).toHaveLength(1);
      expect(passes[0]!.endS - passes[0]!.startS).toBeGreaterThan(300);
      const overhead = contacts.filter((window) => inOrbit(window.aosS));
      expect(overhead, `contacts in orbit ${orbit}`).toHaveLength(1);
      expect(overhead[0]!.losS - overhead[0]!.aosS).toBeGreaterThan(500);
    }
  });

  it('ships a default scenario with one accelerator latch-up and a default workload of 60 jobs', () => {
    const scenario = readScenarioFile(shippedFile(DEFAULT_SCENARIO_FILE));
    expect(scenario.ok && scenario.value.faults).toEqual([{ atS: 6600, kind: 'latchup', rail: 'accelerator', extraCurrentA: 3 }]);
    const workload = readWorkloadFile(shippedFile(DEFAULT_WORKLOAD_FILE));
    expect(workload.ok && workload.value.jobs.length).toBe(60);
    expect(workload.ok && new Set(workload.value.jobs.map((job) => job.kind))).toEqual(new Set(['matmul', 'inference', 'training']));
  });
});
