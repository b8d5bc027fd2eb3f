import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SPACECRAFT_ID,
  TM_FRAME_BYTES,
  TcDeframer,
  TcFramer,
  TmDeframer,
  TmFramer,
  decodePacket,
  encodeTelecommand,
  encodeTelemetry,
  toHex,
} from '../../protocol/index.js';
import { dictionary } from '../helpers/packets.js';

/** The worked examples of docs/protocol.md, which must stay byte-exact with the code. */
const icd = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
const EXAMPLE_KEY = new Uint8Array(32).map((_, index) => index);
/** The example downlink key: octets 0x20 .. 0x3f. */
const EXAMPLE_TM_KEY = new Uint8Array(32).map((_, index) => 0x20 + index);

/** The hex block after a heading: one line, or several joined (the TM frame's 1115 octets come in lines of 32). */
function exampleHex(section: string): string {
  const start = icd.indexOf(section);
  const match = /```\n([0-9a-f\n]+)\n```/.exec(icd.slice(start));
  if (start < 0 || !match) throw new Error(`docs/protocol.md has no hex example after "${section}"`);
  return match[1]!.replaceAll('\n', '');
}

describe('docs/protocol.md worked examples', () => {
  it('the telecommand example is what the encoder produces, and decodes', () => {
    const bytes = encodeTelecommand({ apid: 0x010, sequenceCount: 1, timeS: 12.5, opcode: 0x0101, keyId: 1, seq: 1n, args: { mode: 'SAFE' } }, EXAMPLE_KEY);
    expect(toHex(bytes)).toBe(exampleHex('## 13. Worked example'));
    const decoded = decodePacket(bytes, { dictionary, keys: new Map([[1, EXAMPLE_KEY]]) });
    expect(decoded.ok && decoded.value.type === 'tc' && decoded.value.args).toEqual({ mode: 'SAFE' });
  });

  const pong = () => encodeTelemetry({ apid: 0x010, sequenceCount: 7, timeS: 3600.25, id: 0x0182, data: { token: 42 } });
  const setMode = () =>
    encodeTelecommand({ apid: 0x010, sequenceCount: 1, timeS: 12.5, opcode: 0x0101, keyId: 1, seq: 1n, args: { mode: 'SAFE' } }, EXAMPLE_KEY);

  it('the telemetry example is what the encoder produces, and decodes', () => {
    const bytes = pong();
    expect(toHex(bytes)).toBe(exampleHex('## 14. Worked example'));
    const decoded = decodePacket(bytes, { dictionary });
    expect(decoded.ok && decoded.value.type === 'tm' && decoded.value.entry.def.name).toBe('pong');
  });

  it('the TC frame example is what the framer produces, and gives back the telecommand', () => {
    const [frame] = new TcFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID }).frames([setMode()]);
    expect(toHex(frame!)).toBe(exampleHex('### 16.7 Worked example'));
    const packets = new TcDeframer(DEFAULT_SPACECRAFT_ID).accept(frame!);
    expect(packets.ok && packets.value.map(toHex)).toEqual([toHex(setMode())]);
  });

  it('the TM frame example is what the framer produces, and authenticates and gives back the packet', () => {
    const framer = new TmFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: TM_FRAME_BYTES, signing: { keyId: 2, key: EXAMPLE_TM_KEY } });
    framer.restore({ masterCount: 0x21, virtualCounts: [[1, 5]], nextSequence: 256 });
    const packets = [pong()];
    const frame = framer.frame(1, () => packets.shift()).bytes;
    expect(toHex(frame)).toBe(exampleHex('### 16.8 Worked example'));
    const deframed = new TmDeframer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: TM_FRAME_BYTES, keys: new Map([[2, EXAMPLE_TM_KEY]]) }).accept(frame);
    expect(deframed.ok && deframed.packets.map(toHex)).toEqual([toHex(pong())]);
  });
});
