/** Hex text to bytes and back, for the CLI and the documentation. */

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * Parses hex, ignoring whitespace and an optional 0x prefix. Returns null when
 * the text is not an even number of hex digits.
 */
export function fromHex(text: string): Uint8Array | null {
  const clean = text.replace(/\s+/g, '').replace(/^0x/i, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return null;
  return new Uint8Array(Buffer.from(clean, 'hex'));
}
