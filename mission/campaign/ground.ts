/**
 * The campaign's ground: signs and uplinks telecommands with a counting
 * sequence number, keeps each packet so that it can be retransmitted byte
 * for byte, and takes every telemetry packet that reaches the ground, hashed
 * in arrival order (SHA-256: the determinism fingerprint) and decoded.
 */
import { createHash, createHmac, type Hash } from 'node:crypto';
import {
  DEFAULT_SPACECRAFT_ID,
  buildTelecommand,
  decodeTelemetry,
  linkKeys,
  missionDictionary,
  type DecodedTelemetry,
  type LinkKeys,
} from '../../protocol/index.js';
import type { InProcessStack } from '../stack.js';

export const CAMPAIGN_KEY_ID = 1;
/** A fixed key: campaigns are simulations and must replay bit for bit. */
export const CAMPAIGN_KEY = new Uint8Array(32).fill(0x5a);
/** The key the spacecraft signs its telemetry with, fixed for the same reason. */
export const CAMPAIGN_DOWNLINK_KEY = new Uint8Array(32).fill(0xa5);
export const CAMPAIGN_KEYS: LinkKeys = linkKeys([[CAMPAIGN_KEY_ID, CAMPAIGN_KEY]], [[2, CAMPAIGN_DOWNLINK_KEY]]);

/**
 * A spacecraft's fixed keys in a simulated fleet: each its own, as a key
 * file gives them (issue 18 point 2), derived from the campaign's keys and
 * the spacecraft id (HMAC-SHA256), so flights still replay bit for bit.
 * The default spacecraft id keeps CAMPAIGN_KEYS.
 */
export function campaignKeysFor(spacecraftId: number = DEFAULT_SPACECRAFT_ID): LinkKeys {
  if (spacecraftId === DEFAULT_SPACECRAFT_ID) return CAMPAIGN_KEYS;
  const derive = (key: Uint8Array, direction: string) => new Uint8Array(createHmac('sha256', key).update(`${direction} ${spacecraftId}`).digest());
  return linkKeys([[CAMPAIGN_KEY_ID, derive(CAMPAIGN_KEY, 'uplink')]], [[2, derive(CAMPAIGN_DOWNLINK_KEY, 'downlink')]]);
}

const dictionary = missionDictionary();

export interface Uplinked {
  readonly seq: bigint;
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly packet: Uint8Array;
}

/** What came down in one take: decoded packets and the problems of those that did not decode. */
export interface Arrivals {
  readonly decoded: readonly DecodedTelemetry[];
  readonly undecodable: readonly string[];
}

export class CampaignGround {
  readonly uplinked: Uplinked[] = [];
  packetsReceived = 0;
  private nextSeq = 1n;
  private readonly hash: Hash = createHash('sha256');

  constructor(readonly stack: InProcessStack) {}

  /** Builds, signs and uplinks a new command; returns what was sent (its index is uplinked.length - 1). */
  send(name: string, args: Readonly<Record<string, unknown>>): Uplinked {
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
    if (!built.ok) throw new Error(`campaign command ${name} ${JSON.stringify(args)} does not build: ${built.error}`);
    const sent: Uplinked = { seq, name, args, packet: built.value };
    this.uplinked.push(sent);
    this.stack.uplink(built.value);
    return sent;
  }

  /** Uplinks an earlier command's packet again, unchanged. */
  retransmit(sent: Uplinked): void {
    this.stack.uplink(sent.packet);
  }

  /** Telemetry that reached the ground since the last take. */
  take(): Arrivals {
    const decoded: DecodedTelemetry[] = [];
    const undecodable: string[] = [];
    const refusedBefore = this.stack.groundDeframer.refusedTotal;
    for (const packet of this.stack.takeDownlink()) {
      this.packetsReceived++;
      this.hash.update(packet);
      const result = decodeTelemetry(packet, { dictionary });
      if (result.ok) decoded.push(result.value);
      else undecodable.push(`${result.reason}: ${result.detail}`);
    }
    // The link loses frames but never damages one: a refused frame is the software's fault.
    const refused = this.stack.groundDeframer.refusedTotal - refusedBefore;
    if (refused > 0) undecodable.push(`${refused} TM frames refused: ${JSON.stringify(this.stack.groundDeframer.rejected)}`);
    return { decoded, undecodable };
  }

  /** SHA-256 over every packet received so far, in arrival order (ends the hash: call once, at the end). */
  telemetrySha256(): string {
    return this.hash.digest('hex');
  }
}
