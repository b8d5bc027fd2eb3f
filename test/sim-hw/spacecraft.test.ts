import { describe, expect, it } from 'vitest';
import type { ActuatorFrame, JobLaunch, SensorFrame } from '../../fsw/hal/frames.js';
import { DEFAULT_EFFECTS_PARAMS, spacecraftConfig } from '../../sim-hw/config.js';
import { FrameDigest } from '../../sim-hw/frame-digest.js';
import { ledgerImbalanceJ } from '../../sim-hw/power/ledger.js';
import { Spacecraft } from '../../sim-hw/spacecraft.js';
import { orbitPeriodS } from '../../astro/orbit.js';

const STROKE: ActuatorFrame = { watchdogStroke: true };

/** Runs `ticks` ticks with a fixed answer per tick (or a function of the frame). */
function fly(craft: Spacecraft, ticks: number, answer: (frame: SensorFrame, tick: number) => ActuatorFrame = () => STROKE, digest?: FrameDigest): SensorFrame {
  let frame = craft.current();
  digest?.update(frame);
  for (let tick = 0; tick < ticks; tick++) {
    frame = craft.step(answer(frame, tick));
    digest?.update(frame);
  }
  return frame;
}

function f32bytes(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

describe('the simulated spacecraft', () => {
  it('starts with a sane first frame', () => {
    const frame = new Spacecraft(spacecraftConfig()).current();
    expect(frame.frame).toBe(0);
    expect(frame.timeS).toBe(0);
    expect(frame.obc).toEqual({ bootCount: 1, resetCause: 'power-on', uptimeS: 0 });
    expect(frame.power.busVoltageV).toBeGreaterThan(24);
    expect(frame.power.rails.avionics.on).toBe(true);
    expect(frame.power.rails.accelerator.on).toBe(false);
    expect(frame.thermal.sensorsC.battery).toHaveLength(3);
    expect(frame.accelerator.state).toBe('off');
  });

  it('gives bit-identical frames for one seed and different frames for another', () => {
    const digest = (seed: number) => {
      const d = new FrameDigest();
      fly(new Spacecraft(spacecraftConfig({ seed })), 3000, (_, tick) => (tick === 10 ? { watchdogStroke: true, rails: { accelerator: true } } : STROKE), d);
      return d.hex();
    };
    expect(digest(5)).toBe(digest(5));
    expect(digest(5)).not.toBe(digest(6));
  });

  it('a watchdog reset appears in the next frames', () => {
    const craft = new Spacecraft(spacecraftConfig());
    let frame = fly(craft, 20);
    expect(frame.obc.bootCount).toBe(1);
    // Stop stroking: the reset comes after the 5 s timeout.
    frame = fly(craft, 49, () => ({ watchdogStroke: false }));
    expect(frame.obc.bootCount).toBe(1);
    frame = craft.step({ watchdogStroke: false });
    expect(frame.obc).toMatchObject({ bootCount: 2, resetCause: 'watchdog', uptimeS: 0 });
    expect(frame.watchdog.resets).toBe(1);
    frame = fly(craft, 10);
    expect(frame.obc).toMatchObject({ bootCount: 2, resetCause: 'watchdog' });
    expect(frame.obc.uptimeS).toBeCloseTo(1, 6);
  });

  it('flies an orbit: eclipse seen, energy ledger closes, charge stays sane', () => {
    const craft = new Spacecraft(spacecraftConfig());
    const period = orbitPeriodS(craft.config.orbit);
    let sunlitTicks = 0;
    let shadowTicks = 0;
    const ticks = Math.round(period / craft.dtS);
    fly(craft, ticks, (_frame, tick) => {
      if (craft.truth().sunlit) sunlitTicks++;
      else shadowTicks++;
      return tick === 0 ? { watchdogStroke: true, rails: { accelerator: true } } : STROKE;
    });
    expect(shadowTicks * craft.dtS).toBeGreaterThan(35 * 60);
    expect(shadowTicks * craft.dtS).toBeLessThan(36.5 * 60);
    const truth = craft.truth();
    expect(Math.abs(ledgerImbalanceJ(truth.ledger)) / truth.ledger.arrayDeliveredJ).toBeLessThan(1e-3);
    expect(truth.socFraction).toBeGreaterThan(0.3);
    expect(truth.counts.brownouts).toBe(0);
    expect(sunlitTicks).toBeGreaterThan(0);
  });

  it('shows the latch-up signature: extra current until the rail is power-cycled', () => {
    const craft = new Spacecraft(spacecraftConfig());
    fly(craft, 10, () => ({ watchdogStroke: true, rails: { payload: true } }));
    const before = craft.current().power.rails.payload.currentA;
    craft.inject({ atS: 0, kind: 'latchup', rail: 'payload', extraCurrentA: 3 });
    let frame = fly(craft, 5);
    expect(frame.power.rails.payload.currentA - before).toBeGreaterThan(2.9);
    frame = fly(craft, 2, () => ({ watchdogStroke: true, rails: { payload: false } }));
    expect(frame.power.rails.payload).toEqual({ on: false, currentA: 0 });
    frame = fly(craft, 2, () => ({ watchdogStroke: true, rails: { payload: true } }));
    expect(Math.abs(frame.power.rails.payload.currentA - before)).toBeLessThan(0.05);
    expect(craft.truth().damage).toEqual([]);
  });

  it('damages the part when a latch-up is left powered past the damage time', () => {
    const craft = new Spacecraft(spacecraftConfig());
    fly(craft, 5, () => ({ watchdogStroke: true, rails: { accelerator: true } }));
    craft.inject({ atS: 0, kind: 'latchup', rail: 'accelerator', extraCurrentA: 4 });
    const frame = fly(craft, 310);
    expect(frame.accelerator.state).toBe('failed');
    expect(craft.truth().damage[0]).toMatch(/accelerator: latch-up left powered/);
  });

  it('a SEFI stops the accelerator heartbeat until a reset', () => {
    const craft = new Spacecraft(spacecraftConfig());
    let frame = fly(craft, 150, () => ({ watchdogStroke: true, rails: { accelerator: true } }));
    expect(frame.accelerator.state).toBe('ready');
    craft.inject({ atS: 0, kind: 'sefi' });
    const beat = fly(craft, 1).accelerator.heartbeat;
    frame = fly(craft, 20);
    expect(frame.accelerator.state).toBe('hung');
    expect(frame.accelerator.heartbeat).toBe(beat);
    frame = fly(craft, 1, () => ({ watchdogStroke: true, accelerator: { command: { op: 'reset' } } }));
    frame = fly(craft, 110);
    expect(frame.accelerator.state).toBe('ready');
    expect(frame.accelerator.heartbeat).toBeGreaterThan(beat);
  });

  it('runs a job through the actuator frames and returns the golden result', () => {
    const craft = new Spacecraft(spacecraftConfig());
    fly(craft, 150, () => ({ watchdogStroke: true, rails: { accelerator: true } }));
    const n = 16;
    const a = Array.from({ length: n * n }, (_, i) => ((i * 7) % 13) / 13);
    const b = Array.from({ length: n * n }, (_, i) => ((i * 5) % 11) / 11);
    const job: JobLaunch = { jobId: 42, kind: 'matmul', dims: [n, n, n], steps: 4, inputs: [f32bytes(a), f32bytes(b)], resume: null };
    let result: Uint8Array | null = null;
    fly(craft, 1, () => ({ watchdogStroke: true, accelerator: { command: { op: 'start', job } } }));
    for (let tick = 0; tick < 200_000 && result === null; tick++) {
      const frame = craft.step(STROKE);
      result = frame.accelerator.job?.result ?? null;
    }
    expect(result).not.toBeNull();
    expect([...result!]).toEqual([...craft.goldenResult(42)!]);
    expect(craft.jobTruth(42)).toMatchObject({ resultCorrupt: false });
  });

  it('applies scenario faults at their times and ends lasting ones', () => {
    const craft = new Spacecraft(spacecraftConfig(), [
      { atS: 1, kind: 'sensor-dead', zone: 'battery', sensor: 2, durationS: 2 },
      { atS: 2, kind: 'link-outage', durationS: 100 },
    ]);
    let frame = fly(craft, 5);
    expect(frame.thermal.sensorsC.battery[2]).not.toBe(-273.15);
    frame = fly(craft, 10);
    expect(frame.thermal.sensorsC.battery[2]).toBe(-273.15);
    frame = fly(craft, 20);
    expect(frame.thermal.sensorsC.battery[2]).not.toBe(-273.15);
    expect(craft.truth().counts.faultsInjected).toBe(2);
  });

  it('refuses an invalid configuration with every problem named', () => {
    const build = () => new Spacecraft(spacecraftConfig({ dtS: 0, seed: 1.5 }));
    expect(build).toThrow(/seed 1.5 is not an integer/);
    expect(build).toThrow(/dtS 0 is not 0.001..10/);
  });

  it('integrates the slow physics once a second within 0.02 C of the 0.1 s integration over an orbit', () => {
    // Logic upsets and SEFIs off: their draws differ with the step, and they would change the accelerator's heat.
    const effects = { ...DEFAULT_EFFECTS_PARAMS, logicUpsetsPerRad: 0, sefisPerRad: 0 };
    const fine = new Spacecraft(spacecraftConfig({ slowStepS: 0.1, effects }));
    const slow = new Spacecraft(spacecraftConfig({ effects }));
    expect(slow.config.slowStepS).toBe(1);
    const ticks = Math.round(orbitPeriodS(fine.config.orbit) / fine.dtS);
    let worstAtSlowTicksC = 0;
    let worstC = 0;
    let worstSoc = 0;
    for (let tick = 1; tick <= ticks; tick++) {
      // heat that changes: the accelerator on and off every 10 minutes, the heaters switched against it
      const on = Math.floor(tick / 6000) % 2 === 0;
      const answer: ActuatorFrame = {
        watchdogStroke: true,
        rails: { accelerator: on, heaters: true },
        heaterDutyPct: { board: on ? 0 : 100, battery: Math.floor(tick / 2500) % 2 === 0 ? 100 : 0 },
      };
      fine.step(answer);
      slow.step(answer);
      const a = fine.truth();
      const b = slow.truth();
      for (const zone of Object.keys(a.temperaturesC) as (keyof typeof a.temperaturesC)[]) {
        const differenceC = Math.abs(a.temperaturesC[zone] - b.temperaturesC[zone]);
        worstC = Math.max(worstC, differenceC);
        if (tick % 10 === 0) worstAtSlowTicksC = Math.max(worstAtSlowTicksC, differenceC);
      }
      worstSoc = Math.max(worstSoc, Math.abs(a.socFraction - b.socFraction));
    }
    expect(worstAtSlowTicksC).toBeLessThan(0.02); // measured 0.015 C
    expect(worstC).toBeLessThan(0.1); // between slow ticks the temperatures lag by up to 0.9 s: measured 0.07 C
    // the array sees sunlight begin and end up to 0.9 s late, the battery its temperature: measured 5.6e-5 (0.006 points)
    expect(worstSoc).toBeLessThan(1e-4);
  });
});
