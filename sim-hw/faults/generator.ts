/**
 * Random fault scenarios drawn from a seed: the same seed gives the same
 * scenario. Magnitudes stay within what the hardware models accept, and
 * each kind's parameters cover its range.
 */

import { HEATER_ZONES, MEMORY_REGIONS, RAILS, THERMAL_ZONES } from '../../protocol/index.js';
import type { Random } from '../random.js';
import { checkFault, type Scenario } from './scenario.js';
import { DURATION_REQUIRED, LASTING_KINDS, SENSORS_PER_ZONE, type Fault, type FaultKind, type TimedFault } from './types.js';

export interface GeneratorOptions {
  /** Faults happen in [0, durationS). */
  readonly durationS: number;
  readonly faultsMax: number;
  /** Kinds to draw from (default: all but obc-hang, which needs a harness). */
  readonly kinds?: readonly FaultKind[];
}

export const GENERATED_KINDS: readonly FaultKind[] = [
  'sensor-stuck',
  'sensor-noisy',
  'sensor-dead',
  'sensor-offset',
  'heater-stuck',
  'battery-capacity-loss',
  'array-degradation',
  'latchup',
  'sefi',
  'upset-burst',
  'logic-upset',
  'solar-storm',
  'link-outage',
];

function drawFault(rng: Random, kind: FaultKind): Fault {
  const sensor = () => ({ zone: rng.pick(THERMAL_ZONES), sensor: rng.int(0, SENSORS_PER_ZONE - 1) });
  switch (kind) {
    case 'sensor-stuck':
      return { kind, ...sensor() };
    case 'sensor-noisy':
      return { kind, ...sensor(), sigmaC: rng.uniform(0.5, 10) };
    case 'sensor-dead':
      return { kind, ...sensor() };
    case 'sensor-offset':
      return { kind, ...sensor(), offsetC: rng.uniform(-30, 30) };
    case 'heater-stuck':
      return { kind, heater: rng.pick(HEATER_ZONES), state: rng.pick(['on', 'off'] as const) };
    case 'battery-capacity-loss':
      return { kind, fraction: rng.uniform(0.05, 0.3) };
    case 'array-degradation':
      return { kind, fraction: rng.uniform(0.05, 0.3) };
    case 'latchup':
      return { kind, rail: rng.pick(RAILS), extraCurrentA: rng.uniform(0.5, 5) };
    case 'sefi':
    case 'logic-upset':
    case 'link-outage':
    case 'obc-hang':
      return { kind };
    case 'upset-burst':
      return {
        kind,
        region: rng.pick(MEMORY_REGIONS),
        count: rng.int(1, 500),
        target: rng.pick(['any', 'job'] as const),
        multiBitFraction: rng.uniform(0, 0.5),
      };
    case 'solar-storm':
      return { kind, multiplier: rng.uniform(10, 1000) };
  }
}

export function randomScenario(rng: Random, options: GeneratorOptions): Scenario {
  const kinds = options.kinds ?? GENERATED_KINDS;
  const count = rng.int(0, options.faultsMax);
  const faults: TimedFault[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rng.pick(kinds);
    const atS = Math.round(rng.uniform(0, options.durationS) * 10) / 10;
    const lasting = LASTING_KINDS.has(kind) && (DURATION_REQUIRED.has(kind) || rng.next() < 0.5);
    const fault: TimedFault = { ...drawFault(rng, kind), atS, ...(lasting ? { durationS: Math.round(rng.uniform(10, 1800)) } : {}) };
    const problem = checkFault(fault, `generated fault ${i}`);
    if (problem) throw new Error(`fault generator produced an invalid fault: ${problem}`);
    faults.push(fault);
  }
  faults.sort((a, b) => a.atS - b.atS);
  return { description: `random scenario, ${count} faults over ${options.durationS} s`, faults };
}
