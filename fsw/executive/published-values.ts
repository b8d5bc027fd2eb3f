/**
 * The published values, declared once: each with the one module that writes
 * it, its unit and the value readers get before the writer's first write
 * (`unwritten`: the side that does least harm, never the open one). The
 * types follow from this table, so reading a name that is not declared, or
 * writing one the module is not the writer of, is a type error (and throws
 * at run time, for untyped callers); at boot the executive asserts that
 * every declared name has exactly one writer among the modules that fly.
 *
 * In today's tick order every value a module reads in its step is written
 * earlier in the same tick (power -> thermal -> memory -> jobs), except the
 * rail inhibits that power reads first: thermal and memory publish those at
 * boot, so `unwritten` is only seen if a writer has failed.
 */
import type { SubsystemName } from '../../protocol/index.js';

export interface PublishedDef {
  /** The module that writes the value; no other may. */
  readonly writer: string;
  /** Unit symbol ('' for counts and 0/1 flags). */
  readonly unit: string;
  /** What a reader gets while the writer has not written the value. */
  readonly unwritten: number;
  readonly description: string;
}

export type PublishedDefs = Readonly<Record<string, PublishedDef>>;

/** No declarations besides the flight registry's (the default of the type parameters below). */
export type NoPublished = Readonly<Record<never, PublishedDef>>;

/** The flight registry's shape: every writer is a module of the dictionary. */
export type FlightPublishedDefs = Readonly<Record<string, PublishedDef & { readonly writer: SubsystemName }>>;

/** Values of the flight modules (tests may declare more of their own: defineModule's `published`). */
export const PUBLISHED_VALUES = {
  'power.acceleratorCapW': {
    writer: 'power',
    unit: 'W',
    unwritten: 0,
    description: 'Accelerator power the energy budget allows (0 while the accelerator rail is off); unwritten: no power for jobs',
  },
  'power.socPct': { writer: 'power', unit: '%', unwritten: 0, description: 'Estimated state of charge (0 until estimated); unwritten: an empty battery' },
  'power.inEclipse': { writer: 'power', unit: '', unwritten: 1, description: '1 in an eclipse; unwritten: in an eclipse' },
  'power.shedLevel': { writer: 'power', unit: '', unwritten: 3, description: 'Load-shedding level; unwritten: everything shed' },
  'power.eclipseInS': { writer: 'power', unit: 's', unwritten: 0, description: 'Predicted time to the next eclipse; unwritten: it may start now' },
  'thermal.acceleratorC': {
    writer: 'thermal',
    unit: 'C',
    unwritten: Number.POSITIVE_INFINITY,
    description: 'Voted (or on-die) accelerator temperature; unwritten: too hot to use',
  },
  'thermal.acceleratorCapW': {
    writer: 'thermal',
    unit: 'W',
    unwritten: 0,
    description: 'Accelerator power cap that keeps the die under its limit; unwritten: no power',
  },
  'thermal.inhibitRail.accelerator': {
    writer: 'thermal',
    unit: '',
    unwritten: 1,
    description: '1 keeps the accelerator rail off (die at its red limit); unwritten: off',
  },
  'thermal.inhibitRail.heaters': {
    writer: 'thermal',
    unit: '',
    unwritten: 0,
    description: '1 keeps the heaters rail off (a heater stuck on); unwritten: powered, the survival heaters being the safe side',
  },
  'memory.computePaused': { writer: 'memory', unit: '', unwritten: 1, description: '1 asks compute to pause (radiation storm); unwritten: paused' },
  'memory.acceleratorResets': { writer: 'memory', unit: '', unwritten: 0, description: 'Accelerator resets after a hang' },
  'memory.inhibitRail.accelerator': {
    writer: 'memory',
    unit: '',
    unwritten: 1,
    description: '1 keeps the accelerator rail off (declared failed); unwritten: off',
  },
  'jobs.verifiedWorkFlop': { writer: 'jobs', unit: 'FLOP', unwritten: 0, description: 'Work of the jobs done and verified' },
  'jobs.energyUsedJ': { writer: 'jobs', unit: 'J', unwritten: 0, description: 'Accelerator energy spent on jobs' },
  'jobs.running': { writer: 'jobs', unit: '', unwritten: 0, description: 'Job running, 0 when idle' },
  'jobs.queueLength': { writer: 'jobs', unit: '', unwritten: 0, description: 'Jobs in the queue' },
  'jobs.done': { writer: 'jobs', unit: '', unwritten: 0, description: 'Jobs done and verified' },
} as const satisfies FlightPublishedDefs;

type FlightValues = typeof PUBLISHED_VALUES;

/** A published value's name: the flight registry's, and any extra declarations X. */
export type PublishedName<X extends PublishedDefs = NoPublished> = (keyof FlightValues | keyof X) & string;

/** The names module M writes. */
export type PublishedBy<M extends string, X extends PublishedDefs = NoPublished> = {
  [N in PublishedName<X>]: (N extends keyof FlightValues ? FlightValues[N] : N extends keyof X ? X[N] : never) extends { readonly writer: M } ? N : never;
}[PublishedName<X>];

/** The rail inhibits: "<module>.inhibitRail.<rail>", any non-zero keeps the rail off (the power manager's rule). */
export const RAIL_INHIBITS = (Object.keys(PUBLISHED_VALUES) as PublishedName[]).filter((name) => name.includes('.inhibitRail.'));

/** The rail an inhibit name is about. */
export function inhibitedRailOf(name: string): string {
  return name.slice(name.indexOf('.inhibitRail.') + '.inhibitRail.'.length);
}
