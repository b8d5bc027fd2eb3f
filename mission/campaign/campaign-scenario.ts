/**
 * A campaign scenario as plain data: the simulator's seed, how long to fly,
 * the link's random loss, the faults (sim-hw's TimedFault) and the ground's
 * command stream. The same data is what fast-check draws, what a failure
 * prints and what a regression file keeps.
 */
import type { TimedFault } from '../../sim-hw/index.js';

/** A telecommand the ground uplinks at a mission time. */
export interface NewCommand {
  readonly atS: number;
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** The ground sends again, byte for byte, the packet of an earlier command (index into the command list). */
export interface Retransmission {
  readonly atS: number;
  readonly retransmit: number;
}

export type CampaignCommand = NewCommand | Retransmission;

export interface CampaignScenario {
  /** The simulator's seed (radiation, noise, link loss). */
  readonly simSeed: number;
  /** Mission time flown before the end-of-scenario checks (faults and commands fall inside it). */
  readonly durationS: number;
  /** Probability that one packet is lost in flight on the relay link. */
  readonly lossProbability: number;
  readonly faults: readonly TimedFault[];
  readonly commands: readonly CampaignCommand[];
}

export function isRetransmission(command: CampaignCommand): command is Retransmission {
  return 'retransmit' in command;
}

/** When the last lasting fault ends (0 with none). */
export function faultsEndS(faults: readonly TimedFault[]): number {
  return faults.reduce((end, fault) => Math.max(end, fault.atS + (fault.durationS ?? 0)), 0);
}

/** A one-line summary for logs. */
export function describeScenario(scenario: CampaignScenario): string {
  const kinds = scenario.faults.map((fault) => `${fault.kind}@${fault.atS}`).join(', ') || 'no faults';
  return `${scenario.durationS} s, sim seed ${scenario.simSeed}, loss ${scenario.lossProbability}, ${scenario.commands.length} commands, faults: ${kinds}`;
}
