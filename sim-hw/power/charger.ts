/**
 * The charge regulator: the most current it lets into the battery this tick.
 * Constant current up to the limit the flight software set (clamped to the
 * hardware's), then, as a CC-CV charger does, a taper once the cell OCV
 * passes taperStartCellV: linear to zero at fullCellV, but never below the
 * termination current until the battery is full. Nothing when the limit is 0
 * or the battery is full.
 */

export interface ChargerParams {
  /** Hardware ceiling on the charge current; also the limit at power-up. */
  readonly maxCurrentA: number;
  /** Cell OCV above which the current tapers. */
  readonly taperStartCellV: number;
  /** Cell OCV at which the taper reaches zero (the OCV at 100 %). */
  readonly fullCellV: number;
  /** Smallest tapered current; below it a CC-CV charger terminates (here: it finishes the last bit of charge). */
  readonly terminationCurrentA: number;
}

/** 0.5 C for the 10 Ah pack; taper from 4.10 V/cell (brief); full at REFERENCE's 4.18 V; termination C/20. Grades in README.md. */
export const DEFAULT_CHARGER_PARAMS: ChargerParams = {
  maxCurrentA: 5,
  taperStartCellV: 4.1,
  fullCellV: 4.18,
  terminationCurrentA: 0.5,
};

export function checkChargerParams(params: ChargerParams): string[] {
  const problems: string[] = [];
  if (!(params.maxCurrentA > 0 && params.maxCurrentA <= 1000)) problems.push(`charger maxCurrentA ${params.maxCurrentA} is not in (0, 1000]`);
  if (!(params.fullCellV >= 3.5 && params.fullCellV <= 4.5)) problems.push(`charger fullCellV ${params.fullCellV} is not 3.5..4.5`);
  if (!(params.taperStartCellV >= 3 && params.taperStartCellV < params.fullCellV))
    problems.push(`charger taperStartCellV ${params.taperStartCellV} is not 3..fullCellV`);
  if (!(params.terminationCurrentA >= 0 && params.terminationCurrentA <= params.maxCurrentA))
    problems.push(`charger terminationCurrentA ${params.terminationCurrentA} is not 0..maxCurrentA`);
  return problems;
}

/** The limit the regulator applies: the requested one clamped to 0..maxCurrentA (NaN counts as 0). */
export function chargeLimitA(params: ChargerParams, requestedA: number): number {
  if (!(requestedA > 0)) return 0;
  return requestedA > params.maxCurrentA ? params.maxCurrentA : requestedA;
}

/**
 * The most charging current this tick: the limit, tapered near full, never
 * more than headroomA (what fills the battery exactly within the tick).
 */
export function chargeCurrentMaxA(params: ChargerParams, limitA: number, cellOcvV: number, headroomA: number): number {
  if (!(limitA > 0) || !(headroomA > 0)) return 0;
  let chargeA = limitA;
  if (cellOcvV > params.taperStartCellV) {
    const tapered = (limitA * (params.fullCellV - cellOcvV)) / (params.fullCellV - params.taperStartCellV);
    const floor = limitA < params.terminationCurrentA ? limitA : params.terminationCurrentA;
    chargeA = tapered > floor ? tapered : floor;
  }
  return chargeA < headroomA ? chargeA : headroomA;
}
