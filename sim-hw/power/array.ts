/**
 * The solar array behind its maximum-power-point regulator: the power it can
 * give now. Basilisk simpleSolarPanel (REFERENCE.md, Power):
 *   P = S * eta * A * cos(incidence) * (1 - degradation), 0 in shadow.
 * The orbit model gives `sunlit` and `incidenceCos`; a fault raises the
 * degradation held in the state.
 */

export interface ArrayParams {
  /** Cell area facing the sun at zero incidence. */
  readonly areaM2: number;
  /** Conversion efficiency at beginning of life, at the maximum power point. */
  readonly efficiency: number;
  /** Fraction of the power lost to ageing and damage at power-up (0 = new). */
  readonly degradationFraction: number;
  readonly solarConstantWM2: number;
}

/** 0.8 m^2 sizing: see README.md "Array sizing". Efficiency and solar constant from REFERENCE.md. */
export const DEFAULT_ARRAY_PARAMS: ArrayParams = {
  areaM2: 0.8,
  efficiency: 0.295,
  degradationFraction: 0,
  solarConstantWM2: 1361,
};

export function checkArrayParams(params: ArrayParams): string[] {
  const problems: string[] = [];
  if (!(params.areaM2 > 0 && params.areaM2 <= 1000)) problems.push(`array areaM2 ${params.areaM2} is not in (0, 1000]`);
  if (!(params.efficiency > 0 && params.efficiency <= 0.5)) problems.push(`array efficiency ${params.efficiency} is not in (0, 0.5]`);
  if (!(params.degradationFraction >= 0 && params.degradationFraction <= 1))
    problems.push(`array degradationFraction ${params.degradationFraction} is not 0..1`);
  if (!(params.solarConstantWM2 >= 1300 && params.solarConstantWM2 <= 1420))
    problems.push(`array solarConstantWM2 ${params.solarConstantWM2} is not 1300..1420`);
  return problems;
}

export interface ArrayState {
  /** Present degradation, 0..1: starts at the parameter, raised by an array-degradation fault. */
  degradationFraction: number;
}

export function createArrayState(params: ArrayParams): ArrayState {
  return { degradationFraction: params.degradationFraction };
}

/** Raises the degradation (faults only add damage; a smaller fraction leaves it as it is). */
export function degradeArray(state: ArrayState, fraction: number): void {
  if (!(fraction >= 0 && fraction <= 1)) throw new Error(`array degradation ${fraction} is not 0..1`);
  if (fraction > state.degradationFraction) state.degradationFraction = fraction;
}

export interface ArrayInputs {
  readonly sunlit: boolean;
  /** Cosine of the angle between the sun and the array normal (negative values give nothing). */
  readonly incidenceCos: number;
}

/** Power available at the maximum power point now. Pure: the array has no dynamics. */
export function arrayAvailableW(state: ArrayState, inputs: ArrayInputs, params: ArrayParams): number {
  if (!inputs.sunlit || !(inputs.incidenceCos > 0)) return 0;
  const cos = inputs.incidenceCos > 1 ? 1 : inputs.incidenceCos;
  return params.solarConstantWM2 * params.efficiency * params.areaM2 * cos * (1 - state.degradationFraction);
}
