/**
 * The operator's transmitter: signs telecommands with the simulation key
 * (the campaign's fixed key, so runs replay bit for bit) and a counting
 * anti-replay number, keeps each packet so that a retransmission sends the
 * same bytes, and says what the space link did with each transmission.
 */
import { buildTelecommand, missionDictionary } from '../../protocol/index.js';
import { CAMPAIGN_KEY, CAMPAIGN_KEY_ID, type Uplinked } from '../campaign/ground.js';
import type { InProcessStack } from '../stack.js';

export type LinkOutcome = ReturnType<InProcessStack['uplink']>;

const dictionary = missionDictionary();

export class MissionUplink {
  private nextSeq = 1n;
  transmissions = 0;
  /** Transmissions the link took (in flight or lost on the way: the ground cannot tell). */
  taken = 0;

  constructor(private readonly stack: InProcessStack) {}

  /** Builds and signs a command; it is not sent yet. */
  build(name: string, args: Readonly<Record<string, unknown>>): Uplinked {
    const seq = this.nextSeq++;
    const built = buildTelecommand(dictionary, {
      name,
      args,
      keyId: CAMPAIGN_KEY_ID,
      key: CAMPAIGN_KEY,
      seq,
      sequenceCount: Number(seq % 16384n),
      timeS: this.stack.timeS,
    });
    // The operator's commands come from the workload (validated on load) and the script: one that does not build is a bug.
    if (!built.ok) throw new Error(`operator command ${name} ${JSON.stringify(args)} does not build: ${built.error}`);
    return { seq, name, args, packet: built.value };
  }

  /** Puts a command's packet on the uplink (first time or again); returns what the link did with it. */
  transmit(command: Uplinked): LinkOutcome {
    this.transmissions++;
    const outcome = this.stack.uplink(command.packet);
    if (outcome === 'in-flight' || outcome === 'lost') this.taken++;
    return outcome;
  }
}

export const MISSION_KEY_ID = CAMPAIGN_KEY_ID;
