/**
 * The hardware-in-the-loop wire between the simulator (server) and the
 * flight software (client): a loopback TCP stream of messages, each a 4-octet
 * big-endian length followed by one CBOR map (the protocol's codec, with
 * limits sized for frames). Messages:
 *
 *   client -> server  { t: "hello", role: "fsw", version: 1 }
 *                     { t: "act", frame: <frame number answered>, act: ActuatorFrame }
 *   server -> client  { t: "frame", frame: SensorFrame }
 *                     { t: "reset", cause: "watchdog" | "brownout" }  (the computer is being reset)
 *                     { t: "bye", reason: string }
 */

import { decodeCbor, encodeCbor, type CborLimits, type Outcome, accept, fail } from '../../protocol/index.js';
import type { ActuatorFrame, ResetCause, SensorFrame } from './frames.js';

export const WIRE_VERSION = 1;
/** Largest message: a job launch with its inputs fits comfortably. */
export const WIRE_MESSAGE_BYTES_MAX = 32 * 1024 * 1024;
const WIRE_CBOR_LIMITS: CborLimits = { depthMax: 16, itemsMax: 2_000_000, textBytesMax: 65_536 };

export type WireMessage =
  | { readonly t: 'hello'; readonly role: 'fsw'; readonly version: number }
  | { readonly t: 'act'; readonly frame: number; readonly act: ActuatorFrame }
  | { readonly t: 'frame'; readonly frame: SensorFrame }
  | { readonly t: 'reset'; readonly cause: ResetCause }
  | { readonly t: 'bye'; readonly reason: string };

/** Removes undefined members (CBOR "undefined" is outside the protocol's subset). */
function defined(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(defined);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[key] = defined(inner);
  return out;
}

/** One message with its length prefix, in a buffer of its own. */
export function encodeWireMessage(message: WireMessage): Uint8Array {
  const body = encodeCbor((message.t === 'act' ? defined(message) : message) as Record<string, unknown>);
  if (body.length > WIRE_MESSAGE_BYTES_MAX) throw new RangeError(`wire message of ${body.length} bytes exceeds ${WIRE_MESSAGE_BYTES_MAX}`);
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length);
  out.set(body, 4);
  return out;
}

const MESSAGE_TYPES = new Set(['hello', 'act', 'frame', 'reset', 'bye']);

/** Splits a byte stream into messages; bounded: refuses a length beyond the maximum before buffering it. */
export class WireReader {
  private chunks: Uint8Array[] = [];
  private buffered = 0;

  push(chunk: Uint8Array): Outcome<WireMessage[]> {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const messages: WireMessage[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const head = this.peek(4);
      const length = new DataView(head.buffer, head.byteOffset, 4).getUint32(0);
      if (length > WIRE_MESSAGE_BYTES_MAX) return fail(`wire message declares ${length} bytes, the limit is ${WIRE_MESSAGE_BYTES_MAX}`);
      if (this.buffered < 4 + length) break;
      const bytes = this.take(4 + length).subarray(4);
      const decoded = decodeCbor(bytes, 0, bytes.length, WIRE_CBOR_LIMITS);
      if (!decoded.ok) return fail(`wire message is not valid CBOR: ${decoded.reason}: ${decoded.detail}`);
      const type = decoded.value.t;
      if (typeof type !== 'string' || !MESSAGE_TYPES.has(type)) return fail(`wire message of unknown type ${JSON.stringify(type)}`);
      messages.push(decoded.value as unknown as WireMessage);
    }
    return accept(messages);
  }

  private peek(count: number): Uint8Array {
    return this.chunks[0]!.length >= count ? this.chunks[0]!.subarray(0, count) : this.concat().subarray(0, count);
  }

  private take(count: number): Uint8Array {
    const all = this.chunks[0]!.length >= count ? this.chunks[0]! : this.concat();
    const taken = all.subarray(0, count);
    const rest = all.subarray(count);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered -= count;
    return taken;
  }

  private concat(): Uint8Array {
    const all = new Uint8Array(this.buffered);
    let offset = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    this.chunks = [all];
    return all;
  }
}
