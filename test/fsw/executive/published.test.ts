/**
 * Published values as a typed registry (fsw/executive/published-values.ts):
 * declared once with their writer and their value when unwritten; only the
 * writer writes; every declared value has exactly one writer at boot; and a
 * module's records are its own. The type cases at the end are checked by
 * tsc (test/ is in tsconfig.json): each `@ts-expect-error` must be an error,
 * so the type check fails if the types ever let such a line through.
 */
import { describe, expect, it } from 'vitest';
import { defineModule, type ModuleContext } from '../../../fsw/executive/module.js';
import { Published } from '../../../fsw/executive/published.js';
import { PUBLISHED_VALUES, type FlightPublishedDefs } from '../../../fsw/executive/published-values.js';
import { FlightSoftware, NVM_SIZE_BYTES } from '../../../fsw/flight.js';
import { QueueRadio } from '../../../fsw/hal/radio.js';
import { createJobsModule } from '../../../fsw/jobs/jobs-module.js';
import { createMemoryModule } from '../../../fsw/memory/memory-module.js';
import { createPowerModule } from '../../../fsw/power/power-module.js';
import { MemoryNvm } from '../../../fsw/storage/nvm.js';
import { TEST_LINK_KEYS, testStack } from '../../helpers/ground.js';

const software = (modules: ConstructorParameters<typeof FlightSoftware>[0]['modules']) =>
  new FlightSoftware({ keys: TEST_LINK_KEYS, nvm: new MemoryNvm(NVM_SIZE_BYTES), radio: new QueueRadio(), ...(modules ? { modules } : {}) });

describe('published values', () => {
  it('give a reader the declared unwritten value (never the open side) until the writer writes', () => {
    const published = new Published();
    expect([published.read('power.acceleratorCapW'), published.read('thermal.acceleratorCapW'), published.read('memory.computePaused')]).toEqual([0, 0, 1]);
    expect(published.read('thermal.inhibitRail.accelerator')).toBe(1);
    published.write('power', 'power.acceleratorCapW', 120);
    expect(published.read('power.acceleratorCapW')).toBe(120);
    expect(published.has('power.socPct')).toBe(false);
  });

  it('refuse a write by a module that is not the writer, and an undeclared name', () => {
    const published = new Published();
    expect(() => published.write('jobs', 'power.acceleratorCapW', 500)).toThrow(/jobs writes "power.acceleratorCapW", whose writer is power/);
    expect(() => published.write('power', 'power.capW', 1)).toThrow(/"power.capW" is not declared/);
    expect(() => published.read('power.capW')).toThrow(/not declared/);
    expect(() => new Published([{ 'power.socPct': PUBLISHED_VALUES['power.socPct'] }])).toThrow(/declared twice/);
  });

  it('have exactly one writer each among the modules that fly, asserted at boot', () => {
    expect(() => software(undefined)).not.toThrow();
    expect(() => software([createPowerModule, createMemoryModule, createJobsModule])).toThrow(
      /thermal\.acceleratorC has 0 writers \(its writer is thermal, which does not fly\)/,
    );
  });

  it('are written by the flight modules before they are read: the default stack reads no unwritten value', () => {
    const stack = testStack();
    const reads: string[] = [];
    const published = stack.fsw.executive.published;
    const read = published.read.bind(published);
    published.read = (name: string) => {
      if (!published.has(name)) reads.push(name);
      return read(name);
    };
    for (let tick = 0; tick < 30; tick++) stack.tick();
    expect(reads).toEqual([]);
  });
});

describe('module records', () => {
  it('start with their owner name: a module declaring another module record is refused at construction', () => {
    const rogue = defineModule('power', () => ({
      rateHz: 10,
      // @ts-expect-error the power module's record ids start with "power."
      records: [{ id: 'memory.stolen', slotBytes: 64 }],
    }));
    expect(() => testStack({ modules: [rogue] })).toThrow(/module power declares record "memory.stolen": its record ids start with "power."/);
  });

  it('are reached only by their owner', () => {
    const stack = testStack({
      modules: [
        defineModule('power', (ctx) => ({
          rateHz: 10,
          boot: () => {
            // @ts-expect-error a module reads only its own records
            ctx.records.read('memory.state');
          },
        })),
      ],
    });
    stack.tick();
    expect(stack.fsw.executive.lastCaughtThrow).toMatch(/power may not use record "memory.state"/);
  });
});

describe('the types', () => {
  it('refuse a name nobody declares, a write by another module and a writer that is not a module', () => {
    const jobsReadsAndWrites = (ctx: ModuleContext<'jobs'>) => {
      // @ts-expect-error the power cap renamed at its writer (say to "power.capW") leaves this reader with a name nobody declares
      ctx.published.read('power.capW');
      // @ts-expect-error only its writer (power) may write the power cap
      ctx.published.write('power.acceleratorCapW', 0);
      ctx.published.write('jobs.done', 0);
      return ctx.published.read('power.acceleratorCapW');
    };
    const renamedWriter = {
      // @ts-expect-error a value's writer must be a module of the dictionary ("pwr" is none)
      'power.acceleratorCapW': { writer: 'pwr', unit: 'W', unwritten: 0, description: 'the cap, with its writer renamed' },
    } as const satisfies FlightPublishedDefs;
    expect([typeof jobsReadsAndWrites, Object.keys(renamedWriter)]).toEqual(['function', ['power.acceleratorCapW']]);
  });
});
