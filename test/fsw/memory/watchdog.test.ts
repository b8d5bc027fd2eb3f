import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { defineModule } from '../../../fsw/executive/module.js';
import { FlightSoftware, NVM_SIZE_BYTES } from '../../../fsw/flight.js';
import { IDLE_ACTUATORS, type ActuatorFrame, type SensorFrame } from '../../../fsw/hal/frames.js';
import { QueueRadio } from '../../../fsw/hal/radio.js';
import { createMemoryModule } from '../../../fsw/memory/memory-module.js';
import { MemoryNvm } from '../../../fsw/storage/nvm.js';
import { spacecraftConfig } from '../../../sim-hw/config.js';
import { Spacecraft } from '../../../sim-hw/spacecraft.js';
import { TEST_LINK_KEYS } from '../../helpers/ground.js';
import { withStandIns } from '../../helpers/stand-ins.js';
import { executiveOf, memoryGround, railRig } from './rig.js';

/** The flight software (rail rig and memory module) on a spacecraft, with the frames passed through `doctor` first. */
function doctoredRun(durationS: number, doctor: (frame: SensorFrame) => SensorFrame, thrown: unknown[] = []) {
  const spacecraft = new Spacecraft(spacecraftConfig(), []);
  const spied = defineModule('memory', (ctx) => {
    const module = createMemoryModule.create(ctx);
    return {
      ...module,
      step: (dtS: number) => {
        try {
          module.step!(dtS);
        } catch (error) {
          thrown.push(error);
          throw error;
        }
      },
    };
  });
  const fsw = new FlightSoftware({
    keys: TEST_LINK_KEYS,
    nvm: new MemoryNvm(NVM_SIZE_BYTES),
    radio: new QueueRadio(),
    modules: withStandIns([railRig, spied]),
    checkPackets: true,
  });
  const strokes: { timeS: number; stroke: boolean }[] = [];
  const retired: number[] = [];
  let actuators: ActuatorFrame = IDLE_ACTUATORS;
  while (spacecraft.current().timeS < durationS) {
    const frame = doctor(spacecraft.step(actuators));
    actuators = fsw.tick(frame);
    strokes.push({ timeS: frame.timeS, stroke: actuators.watchdogStroke });
    for (const ref of actuators.retirePages ?? []) retired.push(ref.page);
  }
  return { fsw, strokes, retired, events: fsw.executive.events.log.toArray() };
}

describe('memory: accelerator watchdog', () => {
  it('detects a SEFI, resets the accelerator, which is ready again, and counts it', () => {
    const ground = memoryGround({ scenario: [{ atS: 30, kind: 'sefi' }] });
    ground.run(29);
    expect(ground.stack.current.accelerator.state).toBe('ready');
    ground.run(5);
    expect(ground.events('accelerator_reset').map((event) => event.data)).toEqual([{ stalledS: expect.closeTo(3, 0), state: 'hung', resets: 1 }]);
    ground.run(20);
    expect(ground.stack.current.accelerator.state).toBe('ready');
    // biome-ignore lint/complexity/useLiteralKeys: the test reads the simulator's private state (its truth) on purpose
    expect(ground.stack.spacecraft['accelerator'].resets).toBe(1);
    expect(executiveOf(ground).published.get('memory.acceleratorResets', -1)).toBe(1);
    ground.send('param_set', { name: 'telemetry.hkPeriodS.memory', value: 1 });
    ground.run(2);
    expect(ground.last('memory_hk')).toMatchObject({ acceleratorResets: 1, acceleratorFailed: false });
    expect(ground.events('accelerator_failed')).toHaveLength(0);
  });

  it('declares a device that does not recover after the reset limit failed, inhibits its rail, and releases it on command', () => {
    // Each SEFI comes a few seconds after the device is ready again (reset at +3 s, boot 10 s): never 30 s of recovery.
    const ground = memoryGround({ scenario: [30, 47, 64, 81].map((atS) => ({ atS, kind: 'sefi' as const })) });
    ground.run(95);
    expect(ground.events('accelerator_reset')).toHaveLength(3);
    expect(ground.events('accelerator_failed').map((event) => event.data)).toEqual([{ detail: 'no recovery after 3 resets', resets: 3 }]);
    expect(executiveOf(ground).published.get('memory.inhibitRail.accelerator', 0)).toBe(1);
    ground.run(2);
    expect(ground.stack.current.accelerator.state).toBe('off'); // the rig (standing in for power) obeys the inhibit

    ground.send('release_accelerator');
    ground.run(20);
    expect(executiveOf(ground).published.get('memory.inhibitRail.accelerator', 1)).toBe(0);
    expect(ground.stack.current.accelerator.state).toBe('ready'); // a power cycle clears the hang
    const refused = ground.send('release_accelerator');
    ground.run(2);
    expect(ground.reports(refused).at(-1)).toMatchObject({ stage: 'failed', detail: 'the accelerator is not declared failed' });
  });

  it('stops answering its health ping when the RAM patrol scrub stalls, so the watchdog stroke stops', () => {
    let frozenDone = -1;
    const { strokes, events } = doctoredRun(60, (frame) => {
      if (frame.timeS < 10) return frame;
      const ram = frame.memory.ram;
      if (frozenDone < 0) frozenDone = ram.scrub.pagesDone;
      return { ...frame, memory: { ...frame.memory, ram: { ...ram, scrub: { ...ram.scrub, active: true, pagesQueued: 5000, pagesDone: frozenDone } } } };
    });
    expect(strokes.some((entry) => entry.timeS < 10 && entry.stroke)).toBe(true);
    const names = events.map((event) => event.name);
    expect(names).toContain('scrub_stalled');
    expect(events.find((event) => event.name === 'module_dead')?.args).toEqual({ module: 'memory', detail: 'no answer to 5 pings' });
    expect(strokes.filter((entry) => entry.timeS > 50).every((entry) => !entry.stroke)).toBe(true);
  });

  const nonsense = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, -273.15, 0, 2 ** 60, 1e-300);
  test.prop(
    [
      fc.array(
        fc.tuple(
          fc.constantFrom(
            'sizeBytes',
            'pageBytes',
            'correctedCount',
            'uncorrectableCount',
            'retiredPages',
            'pagesDone',
            'pagesQueued',
            'heartbeat',
            'errorPage',
          ),
          nonsense,
        ),
        { minLength: 1, maxLength: 6 },
      ),
    ],
    { numRuns: 15 },
  )('never throws on nonsense sensor values', (corruptions) => {
    const thrown: unknown[] = [];
    const { retired, fsw } = doctoredRun(
      8,
      (frame) => {
        if (frame.timeS < 3) return frame;
        const ram: Record<string, unknown> = { ...frame.memory.ram, scrub: { ...frame.memory.ram.scrub } };
        const accelerator: Record<string, unknown> = { ...frame.accelerator };
        for (const [field, value] of corruptions) {
          if (field === 'heartbeat') accelerator.heartbeat = value;
          else if (field === 'pagesDone' || field === 'pagesQueued') (ram.scrub as Record<string, unknown>)[field] = value;
          else if (field === 'errorPage')
            ram.errorLog = [{ timeS: frame.timeS, page: value, word: value, kind: 'uncorrectable', during: 'read', jobId: value }];
          else ram[field] = value;
        }
        return { ...frame, accelerator: accelerator as never, memory: { ...frame.memory, ram: ram as never } };
      },
      thrown,
    );
    expect(thrown).toEqual([]);
    for (const page of retired) expect(Number.isSafeInteger(page) && page >= 0).toBe(true);
    for (const name of ['memory.acceleratorResets', 'memory.computePaused', 'memory.inhibitRail.accelerator'])
      expect(Number.isFinite(fsw.executive.published.get(name, Number.NaN))).toBe(true);
  });
});
