import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodePacket, encodeTelecommand, encodeTelemetry, toHex } from '../../protocol/index.js';
import { dictionary } from '../helpers/packets.js';

/** The worked examples of docs/protocol.md, which must stay byte-exact with the code. */
const icd = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
const EXAMPLE_KEY = new Uint8Array(32).map((_, index) => index);
/** The example downlink key: octets 0x20 .. 0x3f. */
const EXAMPLE_TM_KEY = new Uint8Array(32).map((_, index) => 0x20 + index);

function exampleHex(section: string): string {
  const start = icd.indexOf(section);
  const match = /```\n([0-9a-f]+)\n```/.exec(icd.slice(start));
  if (start < 0 || !match) throw new Error(`docs/protocol.md has no hex example after "${section}"`);
  return match[1]!;
}

describe('docs/protocol.md worked examples', () => {
  it('the telecommand example is what the encoder produces, and decodes', () => {
    const bytes = encodeTelecommand({ apid: 0x010, sequenceCount: 1, timeS: 12.5, opcode: 0x0101, keyId: 1, seq: 1n, args: { mode: 'SAFE' } }, EXAMPLE_KEY);
    expect(toHex(bytes)).toBe(exampleHex('## 13. Worked example'));
    const decoded = decodePacket(bytes, { dictionary, keys: new Map([[1, EXAMPLE_KEY]]) });
    expect(decoded.ok && decoded.value.type === 'tc' && decoded.value.args).toEqual({ mode: 'SAFE' });
  });

  it('the telemetry example is what the encoder produces, and decodes', () => {
    const bytes = encodeTelemetry({ apid: 0x010, sequenceCount: 7, timeS: 3600.25, id: 0x0182, data: { token: 42 } }, { keyId: 2, key: EXAMPLE_TM_KEY });
    expect(toHex(bytes)).toBe(exampleHex('## 14. Worked example'));
    const decoded = decodePacket(bytes, { dictionary, tmKeys: new Map([[2, EXAMPLE_TM_KEY]]) });
    expect(decoded.ok && decoded.value.type === 'tm' && decoded.value.authenticated && decoded.value.entry.def.name).toBe('pong');
  });
});
