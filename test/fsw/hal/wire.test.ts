import { describe, expect, it } from 'vitest';
import { WIRE_MESSAGE_BYTES_MAX, WireReader, encodeWireMessage } from '../../../fsw/hal/wire.js';
import { parseHardwareUrl } from '../../../fsw/hal/tcp-client.js';

describe('HIL wire', () => {
  it('splits a stream cut at every byte into the same messages', () => {
    const bytes = new Uint8Array([
      ...encodeWireMessage({ t: 'hello', role: 'fsw', version: 1 }),
      ...encodeWireMessage({ t: 'act', frame: 7, act: { watchdogStroke: true, rails: { payload: true }, heaterDutyPct: undefined } }),
      ...encodeWireMessage({ t: 'bye', reason: 'done' }),
    ]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const reader = new WireReader();
      const first = reader.push(bytes.subarray(0, cut));
      const second = reader.push(bytes.subarray(cut));
      expect(first.ok && second.ok).toBe(true);
      if (first.ok && second.ok) {
        const messages = [...first.value, ...second.value];
        expect(messages.map((m) => m.t)).toEqual(['hello', 'act', 'bye']);
        expect(messages[1]).toEqual({ t: 'act', frame: 7, act: { watchdogStroke: true, rails: { payload: true } } });
      }
    }
  });

  it('refuses a length beyond the maximum before buffering', () => {
    const head = new Uint8Array(4);
    new DataView(head.buffer).setUint32(0, WIRE_MESSAGE_BYTES_MAX + 1);
    const result = new WireReader().push(head);
    expect(result.ok || result.error).toMatch(/declares \d+ bytes, the limit is/);
  });

  it('refuses bytes that are not a CBOR message', () => {
    const junk = new Uint8Array([0, 0, 0, 3, 0xff, 0xff, 0xff]);
    expect(new WireReader().push(junk).ok).toBe(false);
    const unknown = encodeWireMessage({ t: 'hello', role: 'fsw', version: 1 });
    unknown[unknown.indexOf(0x68) + 1] = 0x78; // "hello" -> "xello"
    const result = new WireReader().push(unknown);
    expect(result.ok || result.error).toMatch(/unknown type/);
  });

  it('parses hardware addresses and refuses others', () => {
    expect(parseHardwareUrl('tcp://127.0.0.1:5700')).toEqual({ ok: true, value: { host: '127.0.0.1', port: 5700 } });
    expect(parseHardwareUrl('tcp://[::1]:5700')).toEqual({ ok: true, value: { host: '::1', port: 5700 } });
    expect(parseHardwareUrl('http://x:1').ok).toBe(false);
    expect(parseHardwareUrl('tcp://x:70000').ok).toBe(false);
  });
});
