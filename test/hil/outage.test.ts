/**
 * Hardware in the loop: a link outage (fault link-outage on the control
 * port). The relay stops carrying packets; the flight software sees no
 * contact, stores its telemetry and forwards it when the link returns. The
 * only packets the ground misses are counted drops: the flight software's
 * queue drops (telemetry_hk) plus the relay's (the channel's counters, in the
 * simulator's status). At speed 5 with no random loss.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ArchiveRows, ArchiveTelemetryRow, StatusResponse } from '../../ground/api/contract.js';
import { api, firstTelemetry, missionTimePasses, simTimeS, startHil, stopAll, until, type Hil } from './harness.js';

afterEach(stopAll);

const OUTAGE_S = 40;

interface Counters {
  readonly sent: number;
  readonly delivered: number;
  readonly lost: number;
  readonly droppedNoContact: number;
  readonly droppedBacklog: number;
  readonly droppedInFlight: number;
}

/** Packets dropped and counted on board (telemetry_hk) and by the relay. */
async function countedDrops(hil: Hil): Promise<{ onboard: number; relay: number; inFlight: number; queued: number }> {
  const field = async (name: string) => Number((await hil.field('telemetry_hk', name)) ?? 0);
  const onboard = (await field('droppedReports')) + (await field('droppedHousekeeping')) + (await field('droppedBulk'));
  const queued = (await field('queuedReports')) + (await field('queuedHousekeeping')) + (await field('queuedBulk'));
  const down = (await hil.sim({ op: 'status' })).relay as { downlink: Counters } | undefined;
  if (!down) throw new Error('the relay has not reported its counters');
  const d = down.downlink;
  const relay = d.lost + d.droppedNoContact + d.droppedBacklog + d.droppedInFlight;
  return { onboard, relay, inFlight: d.sent - d.delivered - relay, queued };
}

describe('hil: a link outage', () => {
  it('stores telemetry through an outage and forwards it; the ground misses only counted drops', async () => {
    const hil = await startHil(['--speed', '5', '--link-loss', '0']);
    await firstTelemetry(hil);
    await missionTimePasses(hil, 5);
    const startS = await simTimeS(hil);
    expect(await hil.sim({ op: 'inject', fault: { kind: 'link-outage', durationS: OUTAGE_S } })).toEqual({ ok: true });
    // During the outage the flight software holds its packets.
    await until(
      'packets stored on board',
      async () => Number(await hil.field('telemetry_hk', 'queuedHousekeeping')) > 0 || (await simTimeS(hil)) > startS + OUTAGE_S,
      60_000,
    );
    await until('the link to return', async () => (await simTimeS(hil)) > startS + OUTAGE_S + 5, 60_000);

    // Housekeeping generated during the outage reaches the ground afterwards (in the archive once the server has taken it).
    const during = await until(
      'housekeeping of the outage in the archive',
      async () => {
        const rows = (
          await api<ArchiveRows<ArchiveTelemetryRow>>(
            hil,
            `/api/archive/telemetry?from=${startS + 2}&to=${startS + OUTAGE_S - 2}&param=executive_hk.mode&limit=10000`,
          )
        ).body.rows;
        return rows.length > 0 ? rows : null;
      },
      30_000,
    );
    expect(during.length).toBeGreaterThan(0);

    // Once the store has drained (it needs about a second of link time) and nothing is in flight, every gap is a counted drop.
    await missionTimePasses(hil, 20);
    expect(Number(await hil.field('telemetry_hk', 'queuedHousekeeping'))).toBeLessThan(50);
    const settled = await until(
      'no packet in flight',
      async () => {
        const drops = await countedDrops(hil);
        const missing = (await api<StatusResponse>(hil, '/api/status')).body.link.packetsMissing;
        return drops.inFlight === 0 ? { drops, missing } : null;
      },
      30_000,
    );
    expect(settled.missing).toBe(settled.drops.onboard + settled.drops.relay);
    const relay = (await hil.sim({ op: 'status' })).relay as { downlink: Counters };
    expect(relay.downlink.delivered).toBeGreaterThan(0);
  }, 120_000);
});
