/**
 * Where a job should run: the broker's rule, a documented function of what
 * the ground can know of each spacecraft (its telemetry, its orbit, the
 * station network), and the two baselines the bench compares it with.
 *
 * The broker's rule predicts, for each spacecraft, when the job's result
 * would be home at the ground, and takes the earliest (those meeting the
 * job's deadline first; ties in fleet order):
 *   ineligible   not NOMINAL (SAFE or BOOT: the payload is shed), silent,
 *                its accelerator failed, more than resetsMax boots in
 *                resetWindowS, less than headroomMinC below the
 *                accelerator's red limit, no contact predicted, or already
 *                holding runsPerSpacecraftMax of the broker's runs
 *   uplink       now when in contact, else the next contact's AOS
 *   start        uplink + the broker's work already ahead of it there at
 *                its measured rate; a cap under capHoldW (jobs held) adds
 *                heldDelayS, or waits out the eclipse it is in; a state of
 *                charge under socLowPct waits out an eclipse the run
 *                would meet
 *   done         start + the job's FLOPs at the measured rate
 *   home         the first contact at or after done, plus the bulk
 *                backlog and the result at downlinkBps
 *   score        home + penalties: recent boots, retired memory pages,
 *                accelerator resets, a run of this job failed there
 * round-robin: the next spacecraft in fleet order with room; least-queued:
 * the one with the fewest of the broker's runs (then the shortest queue
 * it reports). Neither looks at power, heat, health or contacts.
 */
import type { BrokerParams } from './broker-params.js';
import type { ContactPlan } from './contact-plan.js';
import type { SpacecraftView } from './spacecraft-view.js';

export interface Candidate {
  readonly name: string;
  readonly view: SpacecraftView;
  readonly plan: ContactPlan;
  /** The broker's runs with work still ahead of them there (a result waiting to come down takes no room). */
  readonly liveRuns: number;
  /** FLOPs of the broker's runs still to be computed there. */
  readonly workAheadFlop: number;
  /** Job FLOPs per second measured there (or the prior). */
  readonly rateFlopPerS: number;
  /** A run of the job being placed failed there before. */
  readonly failedHere: boolean;
  /** The job is on board there already (queued): no uplink to wait for. */
  readonly aboard?: boolean;
}

export interface JobNeed {
  readonly flop: number;
  readonly resultBytes: number;
  readonly deadlineS: number | null;
}

export type Prediction =
  | {
      readonly name: string;
      readonly eligible: true;
      readonly uplinkS: number;
      readonly startS: number;
      readonly doneS: number;
      readonly homeS: number;
      readonly scoreS: number;
      readonly meetsDeadline: boolean;
    }
  | { readonly name: string; readonly eligible: false; readonly reason: string };

/** Boots of a view within the window before nowS. */
export const recentBoots = (view: SpacecraftView, nowS: number, windowS: number): number => view.bootTimesS.filter((timeS) => timeS > nowS - windowS).length;

/**
 * A spacecraft has stopped answering: unheard for silentAfterS (since
 * sinceS when never heard) over at least missedContactsMin contacts
 * predicted to have begun and ended since.
 */
export function isSilent(view: SpacecraftView, plan: ContactPlan, nowS: number, sinceS: number, params: BrokerParams): boolean {
  const heardS = view.lastHeardS ?? sinceS;
  if (nowS - heardS <= params.silentAfterS) return false;
  let missed = 0;
  let fromS = heardS + 1;
  while (missed < params.missedContactsMin) {
    const contact = plan.nextContact(fromS);
    if (contact === null) return false;
    if (contact.losS === Number.POSITIVE_INFINITY) return true; // a relay: always in contact, so silence alone says it
    if (contact.losS > nowS) return false;
    missed++;
    fromS = contact.losS + 1;
  }
  return true;
}

/** Why a spacecraft may take no job now, or null. */
export function ineligibility(candidate: Candidate, nowS: number, sinceS: number, params: BrokerParams): string | null {
  const { view } = candidate;
  if (candidate.liveRuns >= params.runsPerSpacecraftMax) return `holds ${candidate.liveRuns} runs (at most ${params.runsPerSpacecraftMax})`;
  if (isSilent(view, candidate.plan, nowS, sinceS, params))
    return `silent since ${view.lastHeardS === null ? 'the start' : `${Math.round(view.lastHeardS)} s`}`;
  if (view.mode !== null && view.mode !== 'NOMINAL') return `mode ${view.mode}`;
  if (view.acceleratorFailed) return 'accelerator failed';
  const boots = recentBoots(view, nowS, params.resetWindowS);
  if (boots > params.resetsMax) return `${boots} boots in ${params.resetWindowS} s`;
  if (view.acceleratorC !== null && view.acceleratorC > params.acceleratorRedC - params.headroomMinC)
    return `accelerator ${view.acceleratorC.toFixed(1)} C, within ${params.headroomMinC} C of red`;
  return null;
}

/** The broker's prediction for one spacecraft. */
export function predict(job: JobNeed, candidate: Candidate, nowS: number, sinceS: number, params: BrokerParams): Prediction {
  const { name, view, plan } = candidate;
  const why = ineligibility(candidate, nowS, sinceS, params);
  if (why !== null) return { name, eligible: false, reason: why };
  const contact = plan.nextContact(nowS);
  if (contact === null) return { name, eligible: false, reason: 'no contact predicted' };
  const uplinkS = candidate.aboard ? nowS : Math.max(nowS, contact.aosS);
  const rate = candidate.rateFlopPerS;
  const runS = job.flop / rate;
  let startS = uplinkS + candidate.workAheadFlop / rate;
  if (view.capW !== null && view.capW < params.capHoldW) {
    const eclipse = plan.nextEclipse(startS);
    startS = eclipse && eclipse.entryS <= startS ? Math.max(startS, eclipse.exitS) : startS + params.heldDelayS;
  }
  if (view.socPct !== null && view.socPct < params.socLowPct) {
    const eclipse = plan.nextEclipse(startS);
    if (eclipse && eclipse.entryS <= startS + runS) startS = Math.max(startS, eclipse.exitS);
  }
  const doneS = startS + runS;
  const down = plan.nextContact(doneS);
  if (down === null) return { name, eligible: false, reason: 'no contact predicted after the run' };
  const backlogB = (view.bulkQueued ?? 0) * params.bulkPacketBytes + job.resultBytes;
  const homeS = Math.max(doneS, down.aosS) + (backlogB * 8) / params.downlinkBps;
  const penaltyS =
    recentBoots(view, nowS, params.resetWindowS) * params.resetPenaltyS +
    (view.retiredPages ?? 0) * params.retiredPagePenaltyS +
    (view.acceleratorResets ?? 0) * params.acceleratorResetPenaltyS +
    (candidate.failedHere ? params.failedHerePenaltyS : 0);
  return { name, eligible: true, uplinkS, startS, doneS, homeS, scoreS: homeS + penaltyS, meetsDeadline: job.deadlineS === null || homeS <= job.deadlineS };
}

/** The broker's choice: deadline met first, then the lowest score, then fleet order; null when none is eligible. */
export function bestPrediction(predictions: readonly Prediction[]): Extract<Prediction, { eligible: true }> | null {
  let best: Extract<Prediction, { eligible: true }> | null = null;
  for (const p of predictions) {
    if (!p.eligible) continue;
    if (best === null || (p.meetsDeadline && !best.meetsDeadline) || (p.meetsDeadline === best.meetsDeadline && p.scoreS < best.scoreS)) best = p;
  }
  return best;
}

/** Round-robin: the first spacecraft with room from the cursor on, in fleet order; its index, or -1. */
export function roundRobinPick(candidates: readonly Candidate[], cursor: number, params: BrokerParams): number {
  for (let i = 0; i < candidates.length; i++) {
    const index = (cursor + i) % candidates.length;
    if (candidates[index]!.liveRuns < params.runsPerSpacecraftMax) return index;
  }
  return -1;
}

/** Least-queued: the fewest of the broker's runs, then the shortest reported queue, then fleet order; its index, or -1. */
export function leastQueuedPick(candidates: readonly Candidate[], params: BrokerParams): number {
  let best = -1;
  candidates.forEach((c, index) => {
    if (c.liveRuns >= params.runsPerSpacecraftMax) return;
    const b = best >= 0 ? candidates[best]! : null;
    if (b === null || c.liveRuns < b.liveRuns || (c.liveRuns === b.liveRuns && (c.view.queueLength ?? 0) < (b.view.queueLength ?? 0))) best = index;
  });
  return best;
}
