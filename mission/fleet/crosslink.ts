/**
 * Inter-satellite relay of finished results in a fleet run (store and
 * forward), a model of a crosslink terminal in the coordinator, stepped
 * at every barrier:
 *   hand over  a spacecraft out of contact holding a finished result of the
 *              broker's (read from its non-volatile result store by its
 *              worker: stored-results.ts) hands it to the neighbour within
 *              `rangeKm` (line of sight clear of the atmosphere) predicted
 *              to bring it to a station first, when that is `gainS` sooner
 *              than its own next contact; at most `rateBps` of crosslink a
 *              barrier per sender; the carrier holds at most `queueMax`
 *              results for others (a hand-over beyond is refused and
 *              counted, the sender keeps its result);
 *   downlink   a carrier in contact sends what it holds, in order, at
 *              `downlinkBps`; each result reaches the ground as the
 *              sender's (its on-board id, its digest), through the
 *              carrier's station.
 * A result is handed over once; the sender's own link may still bring it
 * home first (the broker takes the first and ignores the other).
 * Predictions come from the contact plans the broker uses; positions from
 * each configuration's orbit. This is not flight software: no crosslink
 * packets exist in the protocol yet (docs/architecture.md).
 */
import { EARTH_RADIUS_KM, type Vector3Km } from '../../astro/orbit.js';
import { sampleOrbit, type OrbitModel } from '../../astro/orbit-model.js';
import type { ContactPlan, ResultHome } from '../../ground/index.js';
import type { StoredResult } from './stored-results.js';

export interface CrosslinkParams {
  /** Longest crosslink. */
  readonly rangeKm: number;
  /** The line of sight must pass at least this far above the Earth's surface. */
  readonly grazingKm: number;
  readonly rateBps: number;
  /** Results one spacecraft holds for others. */
  readonly queueMax: number;
  /** A neighbour must bring a result to a station at least this much sooner than the holder's own next contact. */
  readonly gainS: number;
  /** Rate a carrier's downlink gives relayed results. */
  readonly downlinkBps: number;
}

export const DEFAULT_CROSSLINK: CrosslinkParams = {
  rangeKm: 5000,
  grazingKm: 100,
  rateBps: 1_000_000,
  queueMax: 16,
  gainS: 300,
  downlinkBps: 256_000,
};

export interface CrosslinkCounts {
  /** Results handed to a neighbour. */
  readonly handed: number;
  /** Relayed results that reached the ground through their carrier. */
  readonly delivered: number;
  /** Hand-overs refused: the carrier's queue was full. */
  readonly refused: number;
  /** Results still held by a carrier at the end. */
  readonly held: number;
}

/** One spacecraft at a barrier, as the crosslinks see it. */
export interface CrosslinkState {
  readonly name: string;
  /** The station its link is granted now, by name (null: out of contact). */
  readonly stationNow: string | null;
  /** Finished results of the broker's not yet home through its own link. */
  readonly stored: readonly StoredResult[];
}

interface Carried {
  readonly from: string;
  readonly result: StoredResult;
  /** Bytes still to go down. */
  leftB: number;
}

export class Crosslinks {
  private readonly queues = new Map<string, Carried[]>();
  private readonly handedIds = new Set<number>();
  private counts = { handed: 0, delivered: 0, refused: 0 };

  constructor(
    private readonly models: ReadonlyMap<string, OrbitModel>,
    private readonly plans: ReadonlyMap<string, ContactPlan>,
    private readonly params: CrosslinkParams,
    private readonly barrierS: number,
  ) {
    for (const name of models.keys()) this.queues.set(name, []);
  }

  /** One barrier: hand-overs, then carriers' downlinks; the results that reached the ground, by the spacecraft that computed them. */
  step(nowS: number, states: readonly CrosslinkState[]): Map<string, ResultHome[]> {
    const positions = new Map<string, Vector3Km>();
    for (const [name, model] of this.models) positions.set(name, { ...sampleOrbit(model, nowS).positionEciKm });
    for (const state of states) if (state.stationNow === null) this.handOver(state, nowS, positions);
    const home = new Map<string, ResultHome[]>();
    for (const state of states) if (state.stationNow !== null) this.downlink(state.name, state.stationNow, nowS, home);
    return home;
  }

  get totals(): CrosslinkCounts {
    let held = 0;
    for (const queue of this.queues.values()) held += queue.length;
    return { ...this.counts, held };
  }

  private handOver(state: CrosslinkState, nowS: number, positions: ReadonlyMap<string, Vector3Km>): void {
    const own = this.arrivalS(state.name, nowS, 0);
    let budgetB = (this.params.rateBps * this.barrierS) / 8;
    for (const result of state.stored) {
      if (this.handedIds.has(result.boardJobId) || result.bytes > budgetB) continue;
      const carrier = this.bestCarrier(state.name, result, nowS, own, positions);
      if (carrier === null) continue;
      const queue = this.queues.get(carrier)!;
      if (queue.length >= this.params.queueMax) {
        this.counts.refused++;
        continue;
      }
      queue.push({ from: state.name, result, leftB: result.bytes });
      this.handedIds.add(result.boardJobId);
      this.counts.handed++;
      budgetB -= result.bytes;
    }
  }

  /** The neighbour in range that brings the result to a station first, `gainS` sooner than the holder would; null when none. */
  private bestCarrier(from: string, result: StoredResult, nowS: number, ownS: number, positions: ReadonlyMap<string, Vector3Km>): string | null {
    const here = positions.get(from)!;
    let best: { name: string; atS: number } | null = null;
    for (const [name, there] of positions) {
      if (name === from || !this.inSight(here, there)) continue;
      const atS = this.arrivalS(name, nowS, result.bytes);
      if (atS + this.params.gainS < ownS && (best === null || atS < best.atS)) best = { name, atS };
    }
    return best?.name ?? null;
  }

  /** When a result of `bytes` given to this spacecraft now would be at the ground: its next contact, after what it holds already. */
  private arrivalS(name: string, nowS: number, bytes: number): number {
    const contact = this.plans.get(name)?.nextContact(nowS);
    if (!contact) return Number.POSITIVE_INFINITY;
    const aheadB = this.queues.get(name)!.reduce((sum, carried) => sum + carried.leftB, 0);
    return Math.max(nowS, contact.aosS) + ((aheadB + bytes) * 8) / this.params.downlinkBps;
  }

  /** Within range, and the line between them clear of the Earth and its atmosphere. */
  private inSight(a: Vector3Km, b: Vector3Km): boolean {
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const dz = b.z - a.z;
    const length2 = dx * dx + dy * dy + dz * dz;
    if (length2 === 0 || length2 > this.params.rangeKm * this.params.rangeKm) return false;
    const t = Math.min(1, Math.max(0, -(a.x * dx + a.y * dy + a.z * dz) / length2));
    const closest = Math.hypot(a.x + t * dx, a.y + t * dy, a.z + t * dz);
    return closest >= EARTH_RADIUS_KM + this.params.grazingKm;
  }

  private downlink(carrier: string, station: string, nowS: number, home: Map<string, ResultHome[]>): void {
    const queue = this.queues.get(carrier);
    if (!queue) return;
    let budgetB = (this.params.downlinkBps * this.barrierS) / 8;
    while (queue.length > 0 && budgetB > 0) {
      const carried = queue[0]!;
      const sent = Math.min(budgetB, carried.leftB);
      carried.leftB -= sent;
      budgetB -= sent;
      if (carried.leftB > 0) break;
      queue.shift();
      this.counts.delivered++;
      const { result } = carried;
      const list = home.get(carried.from) ?? [];
      list.push({
        jobId: result.boardJobId,
        digestHex: result.digestHex,
        timeS: nowS,
        verification: result.verification,
        golden: result.golden,
        station: `${station} via ${carrier}`,
      });
      home.set(carried.from, list);
    }
  }
}
