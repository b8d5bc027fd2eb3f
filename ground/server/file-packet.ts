/**
 * Files one decoded telemetry packet in the archive, as the ground server
 * does for every packet that passed the intake: an event (and a job_state
 * in the jobs table) or a telemetry packet with its samples (and job
 * summaries, lists and result chunks in the jobs table). Used by the
 * server and by the mission runner's archive.
 */
import type { DecodedTelemetry } from '../../protocol/index.js';
import type { EventRecord } from '../api/contract.js';
import type { Archive } from '../archive/archive.js';
import type { ReceivedPacket } from '../archive/telemetry-store.js';
import { eventMessage } from './latest-telemetry.js';

export type Filed = { readonly kind: 'event'; readonly event: EventRecord } | { readonly kind: 'telemetry'; readonly id: number };

export function filePacket(
  archive: Archive,
  decoded: DecodedTelemetry,
  raw: Uint8Array,
  receivedAtMs: number,
): { readonly packet: ReceivedPacket; readonly filed: Filed } {
  const packet: ReceivedPacket = {
    name: decoded.entry.def.name,
    apid: decoded.header.apid,
    sequenceCount: decoded.header.sequenceCount,
    timeS: decoded.timeS,
    receivedAtMs,
    raw,
  };
  const { data } = decoded;
  if (decoded.entry.kind === 'event') {
    const event = archive.telemetry.addEvent(packet, { severity: decoded.entry.def.severity, message: eventMessage(decoded.entry.def, data), args: data });
    if (packet.name === 'job_state')
      archive.jobs.state(data.jobId as number, data.state as string, data.detail as string | undefined, packet.timeS, receivedAtMs);
    return { packet, filed: { kind: 'event', event } };
  }
  const id = archive.telemetry.addTelemetry(packet, data);
  if (packet.name === 'job_summary') archive.jobs.summary(data, packet.timeS, receivedAtMs);
  else if (packet.name === 'job_list') archive.jobs.list(data, packet.timeS, receivedAtMs);
  else if (packet.name === 'job_result') archive.jobs.chunk(data, receivedAtMs);
  return { packet, filed: { kind: 'telemetry', id } };
}
