/**
 * Mission time on the wire: a CCSDS Unsegmented Time Code (CCSDS 301.0-B-4,
 * section 3.2) with 4 octets of coarse time (seconds) and 2 octets of fine time
 * (units of 2^-16 s) counted from the mission epoch. The P-field is implicit
 * (not transmitted); its value would be 0x2E: no extension, agency-defined
 * epoch, 4 coarse octets, 2 fine octets.
 */

export const CUC_P_FIELD = 0x2e;
export const CUC_BYTES = 6;
/** The default mission epoch, from which all mission times count, in UTC. */
export const MISSION_EPOCH_ISO = '2026-01-01T00:00:00.000Z';
/** Latest time the code can carry: 2^32 s minus one fine step. */
export const CUC_TIME_S_MAX = 4294967296 - 1 / 65536;

/** Writes timeS (seconds since the mission epoch) at offset, rounded to 2^-16 s. */
export function writeCuc(view: DataView, offset: number, timeS: number): void {
  if (!(timeS >= 0 && timeS <= CUC_TIME_S_MAX)) {
    throw new RangeError(`mission time ${timeS} s is outside the time code's range 0..${CUC_TIME_S_MAX}`);
  }
  let coarse = Math.floor(timeS);
  let fine = Math.round((timeS - coarse) * 65536);
  if (fine === 65536) {
    coarse += 1;
    fine = 0;
  }
  view.setUint32(offset, coarse);
  view.setUint16(offset + 4, fine);
}

export function readCuc(view: DataView, offset: number): number {
  return view.getUint32(offset) + view.getUint16(offset + 4) / 65536;
}

/** Mission time of a wall-clock instant, for the ground only. */
export function missionTimeOfDate(date: Date, epochIso = MISSION_EPOCH_ISO): number {
  return (date.getTime() - Date.parse(epochIso)) / 1000;
}

export function dateOfMissionTime(timeS: number, epochIso = MISSION_EPOCH_ISO): Date {
  return new Date(Date.parse(epochIso) + timeS * 1000);
}
