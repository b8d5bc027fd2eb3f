import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { ReplayWindow, decodePacket, encodeTelecommand, encodeTelemetry } from '../../protocol/index.js';
import { arbitraryOf } from '../helpers/schema-arbitrary.js';
import { TEST_KEY, dictionary } from '../helpers/packets.js';

const header = fc.record({
  sequenceCount: fc.integer({ min: 0, max: 0x3fff }),
  // Whole fine steps, so the time survives the 2^-16 s code exactly.
  timeS: fc.integer({ min: 0, max: 2 ** 32 * 65536 - 1 }).map((ticks) => ticks / 65536),
});
const seq = fc.bigInt({ min: 1n, max: (1n << 64n) - 1n });

describe('every dictionary message round-trips with arbitrary valid content', () => {
  for (const entry of dictionary.commands()) {
    test.prop([header, seq, fc.integer({ min: 0, max: 0xffff }), arbitraryOf(entry.schema)])(`command ${entry.def.name}`, (h, n, keyId, args) => {
      const bytes = encodeTelecommand(
        { ...h, apid: entry.subsystem.apid, opcode: entry.def.opcode, keyId, seq: n, args: args as Record<string, unknown> },
        TEST_KEY,
      );
      const keys = new Map([[keyId, TEST_KEY]]);
      const result = decodePacket(bytes, { dictionary, keys, replay: new ReplayWindow(), expect: 'tc' });
      expect(result.ok ? 'ok' : `${result.reason}: ${result.detail}`).toBe('ok');
      if (!result.ok || result.value.type !== 'tc') return;
      expect(result.value).toMatchObject({ timeS: h.timeS, keyId, seq: n, opcode: entry.def.opcode, authenticated: true });
      expect(result.value.header.sequenceCount).toBe(h.sequenceCount);
      expect(result.value.args).toEqual(args);
    });
  }

  for (const entry of dictionary.downlinks()) {
    test.prop([header, arbitraryOf(entry.schema)])(`${entry.kind} ${entry.def.name}`, (h, data) => {
      const bytes = encodeTelemetry({ ...h, apid: entry.subsystem.apid, id: entry.def.id, data: data as Record<string, unknown> });
      const result = decodePacket(bytes, { dictionary, expect: 'tm' });
      expect(result.ok ? 'ok' : `${result.reason}: ${result.detail}`).toBe('ok');
      if (!result.ok || result.value.type !== 'tm') return;
      expect(result.value.timeS).toBe(h.timeS);
      expect(result.value.entry).toBe(entry);
      expect(result.value.data).toEqual(data);
    });
  }
});
