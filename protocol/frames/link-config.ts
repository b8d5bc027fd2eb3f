/**
 * The frame parameters of this mission's space link (docs/protocol.md
 * section 16): the spacecraft id, the virtual channels and the fixed TM frame
 * length. The spacecraft id is a parameter everywhere; this is only the
 * default of a single spacecraft.
 */
import type { TelemetryClass } from '../dictionary/index.js';

/** CCSDS spacecraft id (10 bits in TM and TC frames) of the default spacecraft. */
export const DEFAULT_SPACECRAFT_ID = 0x0a5;
export const SPACECRAFT_ID_MAX = 0x3ff;

/** TM virtual channels (3 bits): one per downlink class, and 7 for only idle data (OID). */
export const TM_VC = { housekeeping: 0, report: 1, bulk: 2, idle: 7 } as const;
export const TM_VCID_MAX = 7;

/** The TM virtual channel that carries a downlink class. */
export function tmVcOf(cls: TelemetryClass): number {
  return TM_VC[cls];
}

/** TC virtual channel (6 bits): one, in bypass (BD frames: no COP-1). */
export const TC_VC_COMMANDS = 0;
export const TC_VCID_MAX = 0x3f;

/** Octets of every TM Transfer Frame of this mission, headers and trailers included (section 16 says why). */
export const TM_FRAME_BYTES = 1115;

export function checkSpacecraftId(spacecraftId: number): void {
  if (!Number.isInteger(spacecraftId) || spacecraftId < 0 || spacecraftId > SPACECRAFT_ID_MAX) {
    throw new RangeError(`spacecraft id ${spacecraftId} is not 0..${SPACECRAFT_ID_MAX}`);
  }
}
