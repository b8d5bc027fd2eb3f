import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { buildTelecommand } from '../../../protocol/index.js';
import { OTHER_KEY } from '../../helpers/packets.js';
import { TestGround, dictionary, testStack } from '../../helpers/ground.js';

/**
 * Arbitrary streams of telecommands: new valid ones (pings with unique
 * tokens), damaged ones, retransmissions, replays with a used sequence
 * number, ones signed with an unknown key, and ones the mode refuses. Every
 * new valid command gets exactly one final report and runs exactly once;
 * none of the others runs.
 */
const kind = fc.constantFrom('valid', 'valid', 'valid', 'damaged', 'retransmit', 'replay', 'wrong-key', 'out-of-mode');

describe('commanding under arbitrary telecommand streams', () => {
  test.prop([fc.array(fc.tuple(kind, fc.nat(), fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 40 })], { numRuns: 25 })(
    'exactly one final report per new valid command; invalid ones never execute',
    (stream) => {
      const ground = new TestGround(testStack());
      ground.run(1);
      const valid = new Map<bigint, number>(); // seq -> token
      const sent: Uint8Array[] = [];
      const mustNotRun = new Set<number>();
      const outOfMode: bigint[] = [];
      let token = 1;
      for (const [what, pick, waitTicks] of stream) {
        const next = token++;
        switch (what) {
          case 'valid': {
            const seq = ground.seq;
            const packet = ground.build('ping', { token: next });
            valid.set(seq, next);
            sent.push(packet);
            ground.stack.uplink(packet);
            break;
          }
          case 'damaged': {
            const packet = ground.build('ping', { token: next }, 10_000n + BigInt(next));
            packet[pick % packet.length]! ^= 1 << (pick % 8);
            mustNotRun.add(next);
            ground.stack.uplink(packet);
            break;
          }
          case 'retransmit':
            if (sent.length > 0) ground.stack.uplink(sent[pick % sent.length]!);
            break;
          case 'replay': {
            if (valid.size === 0) break;
            const seqs = [...valid.keys()];
            mustNotRun.add(next);
            ground.stack.uplink(ground.build('ping', { token: next }, seqs[pick % seqs.length]!));
            break;
          }
          case 'wrong-key': {
            const built = buildTelecommand(dictionary, {
              name: 'ping',
              args: { token: next },
              keyId: 1,
              key: OTHER_KEY,
              seq: 20_000n + BigInt(next),
              sequenceCount: 0,
              timeS: 0,
            });
            if (!built.ok) throw new Error(built.error);
            mustNotRun.add(next);
            ground.stack.uplink(built.value);
            break;
          }
          case 'out-of-mode':
            outOfMode.push(ground.send('submit_job', { jobId: next, kind: 'matmul', size: 8 }));
            break;
        }
        for (let tick = 0; tick < waitTicks; tick++) ground.run(0.1);
      }
      ground.run(70); // drain, and let one event-throttling window close

      const pongs = new Map<number, number>();
      for (const event of ground.events('pong')) pongs.set(event.data.token as number, (pongs.get(event.data.token as number) ?? 0) + 1);
      const suppressed = ground.events('events_suppressed').reduce((sum, event) => sum + (event.data.event === 'pong' ? (event.data.count as number) : 0), 0);
      for (const [seq, tokenOfSeq] of valid) {
        const finals = ground.reports(seq).filter((report) => !report.duplicate && ['completed', 'failed', 'rejected'].includes(report.stage));
        // The replays' rejections carry the same seq: count only the first final of the command itself.
        expect(finals[0]?.stage).toBe('completed');
        expect(ground.reports(seq).filter((report) => !report.duplicate && report.stage === 'completed')).toHaveLength(1);
        expect(pongs.get(tokenOfSeq) ?? 0).toBeLessThanOrEqual(1);
      }
      const ran = [...pongs.values()].reduce((sum, count) => sum + count, 0) + suppressed;
      expect(ran).toBe(valid.size);
      for (const bad of mustNotRun) expect(pongs.has(bad)).toBe(false);
      for (const seq of outOfMode) expect(ground.reports(seq).map((report) => `${report.stage}:${report.code}`)).toEqual(['rejected:16']);
      expect(ground.undecodable).toEqual([]);
    },
  );
});
