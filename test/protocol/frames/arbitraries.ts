/** Space packets as the frame layer sees them: a primary header with a true length, any content. */
import fc from 'fast-check';

/** A packet of `length` octets (7..4096) with APID apid (not idle) and content from seed. */
export function rawPacket(apid: number, length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 6; i < length; i++) bytes[i] = (seed * 31 + i * 7) & 0xff;
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0x0800 | apid);
  view.setUint16(2, 0xc000 | (seed & 0x3fff));
  view.setUint16(4, length - 7);
  return bytes;
}

export const arbitraryPacket = (maxLength = 4096) =>
  fc
    .tuple(fc.integer({ min: 0, max: 0x7fe }), fc.integer({ min: 7, max: maxLength }), fc.nat(0xffff))
    .map(([apid, length, seed]) => rawPacket(apid, length, seed));

export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const damaged = new Uint8Array(bytes);
  damaged[bit >> 3]! ^= 0x80 >> (bit & 7);
  return damaged;
}
