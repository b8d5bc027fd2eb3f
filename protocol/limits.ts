/**
 * Hard limits of the space protocol. Every decoder checks these before it
 * allocates anything that depends on the input, so a hostile frame cannot
 * exhaust memory or stack. Changing one is an interface change (docs/protocol.md).
 */
export const PROTOCOL_LIMITS = {
  /** Largest space packet of this mission, headers and trailers included. */
  packetBytesMax: 4096,
  /** Deepest CBOR nesting accepted (the top-level map is depth 1). */
  cborDepthMax: 8,
  /** Most CBOR data items in one user data field (every key and value counts). */
  cborItemsMax: 1024,
  /** Longest text string accepted inside the CBOR user data, in bytes. */
  cborTextBytesMax: 1024,
} as const;
