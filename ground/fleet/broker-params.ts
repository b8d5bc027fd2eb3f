/**
 * The fleet job service's settings, each with its unit and a range it is
 * checked against (`checkBrokerParams`). Defaults suit the simulated
 * spacecraft of this project (a 200 W accelerator, one-orbit-scale jobs).
 */
export const PLACEMENT_POLICIES = ['broker', 'round-robin', 'least-queued'] as const;
export type PlacementPolicy = (typeof PLACEMENT_POLICIES)[number];

export interface BrokerParams {
  readonly policy: PlacementPolicy;
  /** The broker's runs with work ahead of them on one spacecraft at once (the rest wait on the ground, placed late with fresher telemetry). */
  readonly runsPerSpacecraftMax: number;
  /** Jobs waiting on the ground for a placement; a submission beyond is refused. */
  readonly queueMax: number;
  /** Jobs the service holds in all (finished ones included). */
  readonly jobsMax: number;
  /** Placements of one job after its first ones (moves and re-runs); beyond, the job fails. */
  readonly replacementsMax: number;
  /** Job FLOPs per second (protocol/job-work.ts units) assumed before a spacecraft's own runs are measured. */
  readonly ratePriorFlopPerS: number;
  /** Weight of each newly measured run in a spacecraft's rate (exponential average). */
  readonly rateWeight: number;
  /** A reported cap below this holds jobs on board (fsw jobs.minCapW). */
  readonly capHoldW: number;
  /** Below this state of charge a job is expected to wait out an eclipse. */
  readonly socLowPct: number;
  /** Delay assumed for a spacecraft holding its jobs in sunlight (a low cap). */
  readonly heldDelayS: number;
  /** Accelerator red limit, and the headroom below it a new job needs. */
  readonly acceleratorRedC: number;
  readonly headroomMinC: number;
  /** Boots within resetWindowS beyond which a spacecraft takes no job, and its runs move. */
  readonly resetWindowS: number;
  readonly resetsMax: number;
  /** Score added per recent boot, per retired memory page and per accelerator reset. */
  readonly resetPenaltyS: number;
  readonly retiredPagePenaltyS: number;
  readonly acceleratorResetPenaltyS: number;
  /** A run not started moves (once) when another spacecraft is predicted to bring its result home this much sooner. */
  readonly moveGainS: number;
  /** Score added where a run of the same job failed before. */
  readonly failedHerePenaltyS: number;
  /** A spacecraft unheard this long, over contacts predicted to have come and gone, has stopped answering. */
  readonly silentAfterS: number;
  /** Contacts it must have missed as well (antennas may be taken by others). */
  readonly missedContactsMin: number;
  /** Downlink rate the broker assumes for the time a result takes to come down. */
  readonly downlinkBps: number;
  /** Bytes a waiting bulk packet holds (what queues ahead of a result). */
  readonly bulkPacketBytes: number;
}

export const DEFAULT_BROKER_PARAMS: BrokerParams = {
  policy: 'broker',
  runsPerSpacecraftMax: 8,
  queueMax: 1000,
  jobsMax: 100_000,
  replacementsMax: 3,
  ratePriorFlopPerS: 1000,
  rateWeight: 0.3,
  capHoldW: 20,
  socLowPct: 35,
  heldDelayS: 600,
  acceleratorRedC: 90,
  headroomMinC: 5,
  resetWindowS: 3600,
  resetsMax: 2,
  resetPenaltyS: 600,
  retiredPagePenaltyS: 2,
  acceleratorResetPenaltyS: 300,
  failedHerePenaltyS: 1800,
  moveGainS: 5400,
  silentAfterS: 3600,
  missedContactsMin: 2,
  downlinkBps: 256_000,
  bulkPacketBytes: 3200,
};

const RANGES: Readonly<Record<Exclude<keyof BrokerParams, 'policy'>, readonly [number, number]>> = {
  runsPerSpacecraftMax: [1, 64],
  queueMax: [1, 100_000],
  jobsMax: [1, 1_000_000],
  replacementsMax: [0, 16],
  ratePriorFlopPerS: [1e-3, 1e18],
  rateWeight: [0, 1],
  capHoldW: [0, 1e4],
  socLowPct: [0, 100],
  heldDelayS: [0, 86_400],
  acceleratorRedC: [-50, 200],
  headroomMinC: [0, 100],
  resetWindowS: [1, 864_000],
  resetsMax: [1, 100],
  resetPenaltyS: [0, 86_400],
  retiredPagePenaltyS: [0, 86_400],
  acceleratorResetPenaltyS: [0, 86_400],
  failedHerePenaltyS: [0, 86_400],
  moveGainS: [0, 864_000],
  silentAfterS: [1, 864_000],
  missedContactsMin: [0, 16],
  downlinkBps: [1, 1e12],
  bulkPacketBytes: [0, 65_536],
};

/** Every problem of a parameter set (empty: valid). */
export function checkBrokerParams(params: BrokerParams): string[] {
  const problems: string[] = [];
  if (!PLACEMENT_POLICIES.includes(params.policy)) problems.push(`policy "${params.policy}" is not one of ${PLACEMENT_POLICIES.join(', ')}`);
  for (const [name, [min, max]] of Object.entries(RANGES)) {
    const value = params[name as keyof typeof RANGES];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) problems.push(`${name} ${value} is not in ${min}..${max}`);
  }
  return problems;
}
