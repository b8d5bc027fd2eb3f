import { describe, expect, it } from 'vitest';
import type { ModuleFactory } from '../../../fsw/executive/module.js';
import { createThermalModule } from '../../../fsw/thermal/thermal-module.js';
import { THERMAL_PARAMS } from '../../../fsw/thermal/thermal-params.js';
import { DEFAULT_SPACECRAFT_CONFIG } from '../../../sim-hw/config.js';
import { TestGround, testStack } from '../../helpers/ground.js';
import { jobKeeper, railKeeper, thermalCaseConfig } from './test-modules.js';

const paramDefault = (name: string) => THERMAL_PARAMS.find((def) => def.name === name)!.default as number;
const LIMIT_C = paramDefault('thermal.acceleratorLimitC');
const MAX_W = paramDefault('thermal.acceleratorMaxPowerW');

/**
 * The hot case: beta 60 deg (sunlit 78 % of the orbit), end-of-life radiator
 * paint (absorptivity 0.36, sim-hw/thermal/README.md), the transmitter on
 * (relay link), the accelerator fully loaded from a warm start.
 */
function hotCase(withThermal: boolean) {
  const base = thermalCaseConfig(60, { accelerator: 70, radiator: 30, board: 30, battery: 25, structure: 28 });
  const config = {
    ...base,
    thermal: {
      ...base.thermal,
      nodes: base.thermal.nodes.map((node) =>
        node.name === 'radiator' && node.surface ? { ...node, surface: { ...node.surface, absorptivity: 0.36 } } : node,
      ),
    },
  };
  const modules: ModuleFactory[] = [railKeeper({ accelerator: true }), ...(withThermal ? [createThermalModule] : []), jobKeeper()];
  const ground = new TestGround(testStack({ modules, config }));
  ground.run(2);
  ground.send('set_mode', { mode: 'NOMINAL' });
  return ground;
}

interface Sample {
  timeS: number;
  dieC: number;
  capW: number;
  powerW: number;
  workFlop: number;
}

function fly(ground: TestGround, durationS: number): Sample[] {
  const samples: Sample[] = [];
  const until = ground.stack.timeS + durationS;
  while (ground.stack.timeS < until - 1e-9) {
    ground.run(1);
    const frame = ground.stack.current;
    samples.push({
      timeS: frame.timeS,
      dieC: ground.stack.spacecraft.truth().temperaturesC.accelerator,
      capW: ground.stack.fsw.executive.published.get('thermal.acceleratorCapW', Number.NaN),
      powerW: frame.accelerator.powerW,
      workFlop: frame.accelerator.job?.workDoneFlop ?? 0,
    });
  }
  return samples;
}

describe('thermal controller, hot case (closed loop)', () => {
  it('without throttling the fully loaded die passes its limit (the case is hot)', () => {
    expect(DEFAULT_SPACECRAFT_CONFIG.accelerator.maxPowerW).toBe(MAX_W);
    const samples = fly(hotCase(false), 1200);
    expect(Math.max(...samples.map((s) => s.dieC))).toBeGreaterThan(LIMIT_C + 3);
  });

  it('keeps the die under its limit by lowering the cap before the limit, while computing', () => {
    const ground = hotCase(true);
    const samples = fly(ground, 3000);
    const maxDieC = Math.max(...samples.map((s) => s.dieC));
    expect(maxDieC).toBeLessThan(LIMIT_C);
    const firstThrottle = samples.find((s) => s.capW < MAX_W - 1)!;
    expect(firstThrottle).toBeDefined();
    expect(firstThrottle.dieC).toBeLessThan(LIMIT_C - 5);
    // throttled, not stopped: the device kept drawing well above idle and doing work
    const late = samples.slice(-600);
    expect(Math.min(...late.map((s) => s.powerW))).toBeGreaterThan(120);
    expect(Math.max(...late.map((s) => s.capW))).toBeLessThan(MAX_W);
    expect(ground.last('thermal_hk')).toMatchObject({ acceleratorLimit: 'nominal', acceleratorInhibited: false });
    console.log(
      `hot case: die max ${maxDieC.toFixed(1)} C (limit ${LIMIT_C}), first cap cut at die ${firstThrottle.dieC.toFixed(1)} C, late power ${Math.min(...late.map((s) => s.powerW)).toFixed(0)}..${Math.max(...late.map((s) => s.powerW)).toFixed(0)} W`,
    );
  });

  it('at the red limit asks cap 0 and the accelerator rail off, and releases it once the die has cooled', () => {
    const ground = hotCase(true);
    // throttling out of the way, red limit brought within reach
    for (const [name, value] of [
      ['thermal.acceleratorLimitC', 120],
      ['thermal.acceleratorThrottleC', 110],
      ['thermal.acceleratorRedC', 80],
      ['thermal.acceleratorRedReleaseC', 60],
    ] as const)
      ground.send('param_set', { name, value });
    const samples: { dieC: number; inhibit: number; railOn: boolean; capW: number }[] = [];
    for (let t = 0; t < 1500; t++) {
      ground.run(1);
      const published = ground.stack.fsw.executive.published;
      samples.push({
        dieC: ground.stack.spacecraft.truth().temperaturesC.accelerator,
        inhibit: published.get('thermal.inhibitRail.accelerator', -1),
        railOn: ground.stack.current.power.rails.accelerator.on,
        capW: published.get('thermal.acceleratorCapW', -1),
      });
    }
    const inhibits = ground
      .events('rail_inhibit')
      .map((e) => e.data)
      .filter((d) => d.rail === 'accelerator');
    expect(inhibits.map((d) => d.inhibit).slice(0, 2)).toEqual([true, false]);
    const firstInhibit = samples.findIndex((s) => s.inhibit === 1);
    expect(samples[firstInhibit]!.dieC).toBeGreaterThan(79);
    expect(samples[firstInhibit]!.capW).toBe(0);
    expect(samples[firstInhibit + 2]!.railOn).toBe(false);
    const released = samples.findIndex((s, i) => i > firstInhibit && s.inhibit === 0);
    expect(samples[released]!.dieC).toBeLessThan(61);
    expect(samples.slice(released + 2).some((s) => s.railOn)).toBe(true);
    expect(ground.packets('thermal_hk').some((tm) => tm.data.acceleratorInhibited === true && tm.data.acceleratorCapW === 0)).toBe(true);
  });
});
