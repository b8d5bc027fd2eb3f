/**
 * What the ground can predict of one spacecraft from its orbit: its
 * contacts with the station network (astro/passes.ts, the prediction
 * `ground passes` prints) and its eclipses (astro/eclipses.ts). Predicted
 * in windows of PLAN_WINDOW_S, each computed once when first asked and
 * forgotten when far behind the present (a bound on what is held). A
 * data-relay link is always in contact. The job broker plans with these;
 * it never sees the simulator's truth.
 */
import { eclipsesOf } from '../../astro/eclipses.js';
import type { FleetMember } from '../../astro/fleet.js';
import type { NetworkStation } from '../../astro/network.js';
import type { EclipseWindow } from '../../astro/orbit.js';
import { orbitModel } from '../../astro/orbit-model.js';
import { predictPasses, type Pass } from '../../astro/passes.js';

export const PLAN_WINDOW_S = 6 * 3600;
/** Windows held at once per spacecraft. */
export const PLAN_WINDOWS_MAX = 8;

export interface Contact {
  readonly station: string;
  readonly aosS: number;
  readonly losS: number;
}

export interface ContactPlan {
  /** The contact in progress at fromS, else the next one to begin (within two windows); null when none is predicted. */
  nextContact(fromS: number): Contact | null;
  /** The eclipse in progress at fromS, else the next one (within two windows); null when none. */
  nextEclipse(fromS: number): EclipseWindow | null;
}

export const PASSES_HOURS_DEFAULT = 12;
export const PASSES_HOURS_MAX = 48;

/** The contacts of a plan from fromS for `hours` (each from the end of the one before); relay: always in contact. */
export function passesOf(plan: ContactPlan, fromS: number, hours: number): { relay: boolean; fromS: number; toS: number; passes: Contact[] } {
  const toS = fromS + hours * 3600;
  const passes: Contact[] = [];
  for (let atS = fromS; atS < toS; ) {
    const contact = plan.nextContact(atS);
    if (!contact || contact.aosS > toS) break;
    if (!Number.isFinite(contact.losS)) return { relay: true, fromS, toS, passes: [] };
    passes.push(contact);
    atS = Math.max(atS, contact.losS) + 1;
  }
  return { relay: false, fromS, toS, passes };
}

const RELAY: Contact = { station: 'relay', aosS: Number.NEGATIVE_INFINITY, losS: Number.POSITIVE_INFINITY };

/** A spacecraft linked through a data relay: always in contact; its eclipses from its orbit. */
export function relayPlan(member: FleetMember): ContactPlan {
  const model = orbitModel(member.orbit);
  return { nextContact: () => RELAY, nextEclipse: windowed((fromS, toS) => eclipsesOf(model, fromS, toS), ECLIPSE) };
}

/**
 * A spacecraft whose orbit the ground does not know (a lone ground's): taken
 * as always in contact, as its commands are sent at once; no eclipse known.
 */
export function unknownOrbitPlan(): ContactPlan {
  return { nextContact: () => RELAY, nextEclipse: () => null };
}

/** A spacecraft linked through a station network: its passes over every station and its eclipses. */
export function passPlan(member: FleetMember, stations: readonly NetworkStation[]): ContactPlan {
  const model = orbitModel(member.orbit);
  const contacts = (fromS: number, toS: number): Contact[] =>
    predictPasses([member], stations, fromS, toS).map((pass: Pass) => ({ station: pass.station, aosS: pass.aosS, losS: pass.losS }));
  return { nextContact: windowed(contacts, PASS), nextEclipse: windowed((fromS, toS) => eclipsesOf(model, fromS, toS), ECLIPSE) };
}

interface Interval<T> {
  readonly start: (item: T) => number;
  readonly end: (item: T) => number;
  /** The item with another end (an interval cut at a window's edge, joined to its piece in the next window). */
  readonly withEnd: (item: T, endS: number) => T;
}

/** Intervals predicted window by window; `next` finds the one in progress at a time, else the next to begin. */
function windowed<T>(predict: (fromS: number, toS: number) => readonly T[], { start, end, withEnd }: Interval<T>) {
  const windows = new Map<number, readonly T[]>();
  const windowOf = (index: number): readonly T[] => {
    let items = windows.get(index);
    if (!items) {
      items = predict(index * PLAN_WINDOW_S, (index + 1) * PLAN_WINDOW_S);
      windows.set(index, items);
      if (windows.size > PLAN_WINDOWS_MAX) windows.delete(Math.min(...[...windows.keys()].filter((key) => key !== index)));
    }
    return items;
  };
  /** An interval reaching its window's end goes on in the next window if one starts there. */
  const joined = (item: T, index: number): T => {
    const edgeS = (index + 1) * PLAN_WINDOW_S;
    if (end(item) < edgeS - 1e-6) return item;
    const after = windowOf(index + 1).find((later) => start(later) <= edgeS + 1e-6);
    return after ? withEnd(item, end(after)) : item;
  };
  return (fromS: number): T | null => {
    const index = Math.floor(Math.max(0, fromS) / PLAN_WINDOW_S);
    // an interval across a window boundary is cut there: the piece in the window before may hold fromS
    for (let i = Math.max(0, index - 1); i <= index + 1; i++) {
      for (const item of windowOf(i)) if (end(item) > fromS) return joined(item, i);
    }
    return null;
  };
}

const ECLIPSE: Interval<EclipseWindow> = { start: (e) => e.entryS, end: (e) => e.exitS, withEnd: (e, exitS) => ({ ...e, exitS }) };
const PASS: Interval<Contact> = { start: (p) => p.aosS, end: (p) => p.losS, withEnd: (p, losS) => ({ ...p, losS }) };
