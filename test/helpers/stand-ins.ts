/**
 * Stand-ins for the writers a test stack leaves out. The executive asserts
 * at boot that every declared published value has exactly one writer among
 * the modules that fly, so a stack without, say, the thermal module flies a
 * module named "thermal" in its place: it publishes, once at boot, the
 * values given (by default the open ones a missing module used to leave to
 * its readers: caps at the device maximum, a full battery, no pause, no
 * inhibit) and does nothing else.
 */
import { defineModule, type ModuleFactory } from '../../fsw/executive/module.js';
import { PUBLISHED_VALUES, type PublishedName } from '../../fsw/executive/published-values.js';

export type PublishedValues = Partial<Record<PublishedName, number>>;

/** What readers saw of a module that did not fly, before values were declared with their writer and their safe side. */
export const OPEN_VALUES: PublishedValues = {
  'power.acceleratorCapW': 200,
  'power.socPct': 100,
  'thermal.acceleratorCapW': 200,
  'thermal.inhibitRail.accelerator': 0,
  'thermal.inhibitRail.heaters': 0,
  'memory.computePaused': 0,
  'memory.inhibitRail.accelerator': 0,
};

/** A module named `writer` that publishes `values` (its own ones) at boot. */
export function quietWriter(writer: string, values: PublishedValues = OPEN_VALUES): ModuleFactory {
  return defineModule(writer, (ctx) => ({
    rateHz: 10,
    boot: () => {
      for (const [name, value] of Object.entries(values) as [PublishedName, number][]) {
        if (PUBLISHED_VALUES[name].writer === writer) ctx.published.write(name, value);
      }
    },
  }));
}

/** Quiet writers for every writer of a declared value that `present` leaves out, in the registry's order. */
export function absentWriters(present: readonly ModuleFactory[], values: PublishedValues = OPEN_VALUES): ModuleFactory[] {
  const flying = new Set(present.map((factory) => factory.name));
  const missing = [...new Set(Object.values(PUBLISHED_VALUES).map((def) => def.writer))].filter((writer) => !flying.has(writer));
  return missing.map((writer) => quietWriter(writer, values));
}

/** The modules with a quiet writer for each one missing. */
export function withStandIns(modules: readonly ModuleFactory[], values: PublishedValues = OPEN_VALUES): ModuleFactory[] {
  return [...modules, ...absentWriters(modules, values)];
}
