/**
 * The space link as a channel: in contact or not (from the station's
 * visibility and any outage fault), a data rate per direction, light-time
 * delay from the range, and random loss. Each direction serialises packets at
 * its rate; a packet sent out of contact, or beyond the transmitter's bounded
 * backlog, is dropped and counted, as is every packet lost in flight.
 * Used in process by the mission and, in hardware-in-the-loop, by the relay.
 */

import type { LinkSensors } from '../../fsw/hal/frames.js';
import type { Random } from '../random.js';

export const SPEED_OF_LIGHT_KM_S = 299792.458;

export interface LinkParams {
  readonly uplinkBps: number;
  readonly downlinkBps: number;
  /** Probability that one packet is lost in flight. */
  readonly lossProbability: number;
  /** Most transmit backlog a direction holds before it drops, in seconds of data. */
  readonly backlogSMax: number;
  /** Most packets in flight per direction. */
  readonly inFlightMax: number;
  /**
   * Through a geostationary data-relay satellite (as TDRSS serves LEO missions):
   * in contact at all times but outages, one light-time of relayLightTimeS.
   */
  readonly relay: boolean;
  readonly relayLightTimeS: number;
}

export const DEFAULT_LINK_PARAMS: LinkParams = {
  uplinkBps: 32_000,
  downlinkBps: 256_000,
  lossProbability: 0.001,
  backlogSMax: 2,
  inFlightMax: 4096,
  relay: false,
  relayLightTimeS: 0.25,
};

export function checkLinkParams(params: LinkParams): string[] {
  const problems: string[] = [];
  if (!(params.uplinkBps >= 1_000 && params.uplinkBps <= 1e9)) problems.push(`link uplinkBps ${params.uplinkBps} is not 1e3..1e9`);
  if (!(params.downlinkBps >= 1_000 && params.downlinkBps <= 1e10)) problems.push(`link downlinkBps ${params.downlinkBps} is not 1e3..1e10`);
  if (!(params.lossProbability >= 0 && params.lossProbability <= 0.5)) problems.push(`link lossProbability ${params.lossProbability} is not 0..0.5`);
  if (!(params.backlogSMax > 0 && params.backlogSMax <= 60)) problems.push(`link backlogSMax ${params.backlogSMax} is not 0..60`);
  if (!(Number.isInteger(params.inFlightMax) && params.inFlightMax >= 1 && params.inFlightMax <= 1e6))
    problems.push(`link inFlightMax ${params.inFlightMax} is not 1..1e6`);
  if (typeof params.relay !== 'boolean') problems.push('link relay is not true or false');
  if (!(params.relayLightTimeS >= 0 && params.relayLightTimeS <= 2)) problems.push(`link relayLightTimeS ${params.relayLightTimeS} is not 0..2`);
  return problems;
}

export type Direction = 'uplink' | 'downlink';

export interface DirectionCounters {
  sent: number;
  delivered: number;
  lost: number;
  droppedNoContact: number;
  droppedBacklog: number;
  droppedInFlight: number;
}

interface InFlight {
  readonly arrivalS: number;
  readonly packet: Uint8Array;
}

interface DirectionState {
  /** When the transmitter is free to start the next packet. */
  freeAtS: number;
  readonly inFlight: InFlight[];
  readonly counters: DirectionCounters;
}

export interface LinkState {
  inContact: boolean;
  lightTimeS: number;
  readonly uplink: DirectionState;
  readonly downlink: DirectionState;
}

function createDirection(): DirectionState {
  return { freeAtS: 0, inFlight: [], counters: { sent: 0, delivered: 0, lost: 0, droppedNoContact: 0, droppedBacklog: 0, droppedInFlight: 0 } };
}

export function createLinkState(): LinkState {
  return { inContact: false, lightTimeS: 0, uplink: createDirection(), downlink: createDirection() };
}

/** Sets this tick's geometry: visibility (already combined with any outage) and range. */
export function updateLinkGeometry(state: LinkState, inContact: boolean, rangeKm: number): void {
  state.inContact = inContact;
  state.lightTimeS = rangeKm / SPEED_OF_LIGHT_KM_S;
}

/** Offers one packet to a direction at nowS; returns what became of it. */
export function sendPacket(
  state: LinkState,
  params: LinkParams,
  direction: Direction,
  packet: Uint8Array,
  nowS: number,
  rng: Random,
): 'in-flight' | 'no-contact' | 'backlog-full' | 'lost' | 'in-flight-full' {
  const channel = state[direction];
  channel.counters.sent++;
  if (!state.inContact) {
    channel.counters.droppedNoContact++;
    return 'no-contact';
  }
  const departS = Math.max(nowS, channel.freeAtS);
  if (departS - nowS > params.backlogSMax + 1e-9) {
    channel.counters.droppedBacklog++;
    return 'backlog-full';
  }
  const rateBps = direction === 'uplink' ? params.uplinkBps : params.downlinkBps;
  channel.freeAtS = departS + (packet.length * 8) / rateBps;
  if (rng.next() < params.lossProbability) {
    channel.counters.lost++;
    return 'lost';
  }
  if (channel.inFlight.length >= params.inFlightMax) {
    channel.counters.droppedInFlight++;
    return 'in-flight-full';
  }
  channel.inFlight.push({ arrivalS: channel.freeAtS + state.lightTimeS, packet });
  return 'in-flight';
}

/** Packets of a direction that have arrived by nowS, in arrival order. */
export function receivePackets(state: LinkState, direction: Direction, nowS: number): Uint8Array[] {
  const channel = state[direction];
  let count = 0;
  while (count < channel.inFlight.length && channel.inFlight[count]!.arrivalS <= nowS) count++;
  if (count === 0) return [];
  channel.counters.delivered += count;
  return channel.inFlight.splice(0, count).map((entry) => entry.packet);
}

export function linkSensors(state: LinkState, params: LinkParams): LinkSensors {
  return state.inContact
    ? { inContact: true, uplinkBps: params.uplinkBps, downlinkBps: params.downlinkBps }
    : { inContact: false, uplinkBps: 0, downlinkBps: 0 };
}
