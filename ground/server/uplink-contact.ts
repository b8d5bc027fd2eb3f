/**
 * Whether a spacecraft can hear the ground now, as the ground knows it:
 * - `unknown`: a lone ground with no orbit to predict from (the link has no
 *   contact signal): every command goes at once;
 * - `relay`: a data-relay satellite links it at all times;
 * - `passes`: passes predicted from the fleet's orbit over the station
 *   network (astro/passes.ts, the same prediction `ground passes` prints):
 *   in view during a pass, through its station; between passes commands wait
 *   for the next one. Predicted in windows of PREDICTION_WINDOW_S, each
 *   computed once when mission time reaches it.
 * Without a mission time (no telemetry yet) nothing is known: commands go
 * at once rather than wait for ever.
 */
import type { FleetMember } from '../../astro/fleet.js';
import type { NetworkStation } from '../../astro/network.js';
import { predictPasses, type Pass } from '../../astro/passes.js';

export type ContactKind = 'unknown' | 'relay' | 'passes';

/** Passes predicted at once, and how far ahead a next pass is searched. */
export const PREDICTION_WINDOW_S = 6 * 3600;

export interface ContactView {
  /** The spacecraft can hear the ground now; null when the ground cannot tell. */
  readonly inView: boolean | null;
  /** The station commands go through now (`relay` for a data relay), else null. */
  readonly station: string | null;
  /** The next pass to begin (passes only). */
  readonly nextPass: { readonly station: string; readonly aosS: number; readonly losS: number } | null;
}

export interface UplinkContact {
  readonly kind: ContactKind;
  /** What is known at a mission time (null: not known). */
  at(missionTimeS: number | null): ContactView;
}

const UNKNOWN: ContactView = { inView: null, station: null, nextPass: null };

export const UNKNOWN_CONTACT: UplinkContact = { kind: 'unknown', at: () => UNKNOWN };

export const RELAY_CONTACT: UplinkContact = { kind: 'relay', at: () => ({ inView: true, station: 'relay', nextPass: null }) };

/** Contact by the passes of one fleet member over a network. */
export function passContact(member: FleetMember, stations: readonly NetworkStation[]): UplinkContact {
  /** Passes of the windows computed so far, by window index. */
  const windows = new Map<number, readonly Pass[]>();
  const windowOf = (index: number): readonly Pass[] => {
    let passes = windows.get(index);
    if (!passes) {
      passes = predictPasses([member], stations, index * PREDICTION_WINDOW_S, (index + 1) * PREDICTION_WINDOW_S);
      windows.set(index, passes);
    }
    return passes;
  };
  return {
    kind: 'passes',
    at(missionTimeS) {
      if (missionTimeS === null) return UNKNOWN;
      const index = Math.floor(missionTimeS / PREDICTION_WINDOW_S);
      // A pass across a window boundary is cut at it in each window: look at the one before too.
      const around = [...(index > 0 ? windowOf(index - 1) : []), ...windowOf(index), ...windowOf(index + 1)];
      // Keep the windows around the present only: a bound on what is held.
      for (const old of windows.keys()) if (old < index - 1 || old > index + 1) windows.delete(old);
      const current = around.find((pass) => pass.aosS <= missionTimeS && missionTimeS < pass.losS);
      const next = around.find((pass) => pass.aosS > missionTimeS && !(current && pass.aosS <= current.losS));
      return {
        inView: current !== undefined,
        station: current?.station ?? null,
        nextPass: next ? { station: next.station, aosS: next.aosS, losS: next.losS } : null,
      };
    },
  };
}
