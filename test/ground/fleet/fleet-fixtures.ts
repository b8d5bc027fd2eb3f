/** Small fleets for the broker's tests: scripted contacts and eclipses, views as telemetry would give them. */
import type { ContactPlan } from '../../../ground/fleet/contact-plan.js';
import type { BoardChange, ResultHome, SpacecraftReport, SpacecraftView } from '../../../ground/fleet/spacecraft-view.js';

/** Contacts every periodS from offsetS, each lastingS long; eclipses given as [entry, exit] pairs. */
export function scriptedPlan(periodS: number, offsetS: number, lastingS: number, eclipses: readonly [number, number][] = []): ContactPlan {
  return {
    nextContact(fromS) {
      const k = Math.max(0, Math.floor((fromS - offsetS) / periodS));
      for (let i = k; i < k + 3; i++) {
        const aosS = offsetS + i * periodS;
        if (aosS + lastingS > fromS) return { station: 'Svalbard', aosS, losS: aosS + lastingS };
      }
      return null;
    },
    nextEclipse(fromS) {
      const next = eclipses.find(([, exitS]) => exitS > fromS);
      return next ? { entryS: next[0], exitS: next[1] } : null;
    },
  };
}

export const ALWAYS: ContactPlan = {
  nextContact: () => ({ station: 'relay', aosS: Number.NEGATIVE_INFINITY, losS: Number.POSITIVE_INFINITY }),
  nextEclipse: () => null,
};

export function view(name: string, over: Partial<SpacecraftView> = {}): SpacecraftView {
  return {
    name,
    lastHeardS: 0,
    mode: 'NOMINAL',
    modeSinceS: null,
    socPct: 80,
    capW: 150,
    acceleratorC: 40,
    queueLength: 0,
    holdReason: '',
    bootTimesS: [],
    retiredPages: 0,
    acceleratorResets: 0,
    acceleratorFailed: false,
    bulkQueued: 0,
    ...over,
  };
}

export function report(v: SpacecraftView, changes: BoardChange[] = [], results: ResultHome[] = []): SpacecraftReport {
  return { view: v, changes, results, changesDropped: 0 };
}

export const change = (jobId: number, state: string, timeS: number, detail = ''): BoardChange => ({ jobId, state, timeS, detail });
export const home = (jobId: number, digestHex: string, timeS: number): ResultHome => ({
  jobId,
  digestHex,
  timeS,
  verification: 'abft',
  golden: null,
  station: 'Svalbard',
});
