/**
 * A lumped-parameter thermal network (REFERENCE.md, Thermal):
 *   C_i dT_i/dt = Q_i + q_solar + q_albedo + q_earthIR - eps sigma A (T_i^4 - T_sink^4)
 *                 + sum_j G_ij (T_j - T_i)
 * with, for a node that has a radiating surface,
 *   q_solar   = alpha * S * A * solarViewFactor           (sunlit only)
 *   q_albedo  = albedo * S * alpha * A * earthViewFactor * max(0, earthSunCos)
 *   q_earthIR = eps * earthIr * A * earthViewFactor
 * Generic in its nodes and links (zones.ts holds the spacecraft's). Explicit
 * Euler: stable while dtS is below the smallest C_i / (sum_j G_ij + 4 eps sigma A T^3),
 * which createThermalState works out (at maxTemperatureK) and stepThermal asserts.
 * Conductive flows cancel in pairs, so the stored heat sum C_i T_i changes by
 * exactly dtS * (internal + absorbed - radiated), to rounding.
 */

export const STEFAN_BOLTZMANN_W_M2K4 = 5.670374e-8;
export const KELVIN_OFFSET = 273.15;

export interface RadiatingSurfaceParams {
  readonly areaM2: number;
  /** Infrared emissivity (radiation out, Earth IR in). */
  readonly emissivity: number;
  /** Solar absorptivity (sunlight and albedo in). */
  readonly absorptivity: number;
  /** Effective fraction of the area facing the sun (cosine included). */
  readonly solarViewFactor: number;
  /** View factor to the Earth. */
  readonly earthViewFactor: number;
}

export interface ThermalNodeParams {
  readonly name: string;
  readonly heatCapacityJK: number;
  readonly initialTemperatureC: number;
  /** A surface that radiates to space, or null. */
  readonly surface: RadiatingSurfaceParams | null;
}

export interface ThermalLinkParams {
  readonly from: string;
  readonly to: string;
  readonly conductanceWK: number;
}

export interface ThermalEnvironmentParams {
  readonly solarConstantWM2: number;
  readonly albedoFraction: number;
  readonly earthIrWM2: number;
  readonly sinkTemperatureK: number;
  /** Highest temperature the stability bound is taken at. */
  readonly maxTemperatureK: number;
}

export interface ThermalNetworkParams {
  readonly nodes: readonly ThermalNodeParams[];
  readonly links: readonly ThermalLinkParams[];
  readonly environment: ThermalEnvironmentParams;
}

/** REFERENCE.md: solar constant 1361 W/m^2 (P), albedo 0.30 (P), Earth IR 237 W/m^2 (D); deep space 2.7 K. */
export const DEFAULT_THERMAL_ENVIRONMENT: ThermalEnvironmentParams = {
  solarConstantWM2: 1361,
  albedoFraction: 0.3,
  earthIrWM2: 237,
  sinkTemperatureK: 2.7,
  maxTemperatureK: 450,
};

export function checkThermalNetworkParams(params: ThermalNetworkParams): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  if (params.nodes.length < 1 || params.nodes.length > 1000) problems.push(`thermal network has ${params.nodes.length} nodes, not 1..1000`);
  for (const node of params.nodes) {
    if (names.has(node.name)) problems.push(`thermal node ${node.name} appears twice`);
    names.add(node.name);
    if (!(node.heatCapacityJK >= 1 && node.heatCapacityJK <= 1e9))
      problems.push(`thermal node ${node.name} heatCapacityJK ${node.heatCapacityJK} is not 1..1e9`);
    if (!(node.initialTemperatureC >= -150 && node.initialTemperatureC <= 150))
      problems.push(`thermal node ${node.name} initialTemperatureC ${node.initialTemperatureC} is not -150..150`);
    const s = node.surface;
    if (s === null) continue;
    if (!(s.areaM2 >= 0 && s.areaM2 <= 10_000)) problems.push(`thermal node ${node.name} areaM2 ${s.areaM2} is not 0..10000`);
    if (!(s.emissivity >= 0 && s.emissivity <= 1)) problems.push(`thermal node ${node.name} emissivity ${s.emissivity} is not 0..1`);
    if (!(s.absorptivity >= 0 && s.absorptivity <= 1)) problems.push(`thermal node ${node.name} absorptivity ${s.absorptivity} is not 0..1`);
    if (!(s.solarViewFactor >= 0 && s.solarViewFactor <= 1)) problems.push(`thermal node ${node.name} solarViewFactor ${s.solarViewFactor} is not 0..1`);
    if (!(s.earthViewFactor >= 0 && s.earthViewFactor <= 1)) problems.push(`thermal node ${node.name} earthViewFactor ${s.earthViewFactor} is not 0..1`);
  }
  for (const link of params.links) {
    if (!names.has(link.from) || !names.has(link.to)) problems.push(`thermal link ${link.from} -> ${link.to} names an unknown node`);
    if (link.from === link.to) problems.push(`thermal link ${link.from} -> ${link.to} joins a node to itself`);
    if (!(link.conductanceWK >= 0 && link.conductanceWK <= 1e6))
      problems.push(`thermal link ${link.from} -> ${link.to} conductanceWK ${link.conductanceWK} is not 0..1e6`);
  }
  const env = params.environment;
  if (!(env.solarConstantWM2 >= 0 && env.solarConstantWM2 <= 1500)) problems.push(`thermal solarConstantWM2 ${env.solarConstantWM2} is not 0..1500`);
  if (!(env.albedoFraction >= 0 && env.albedoFraction <= 1)) problems.push(`thermal albedoFraction ${env.albedoFraction} is not 0..1`);
  if (!(env.earthIrWM2 >= 0 && env.earthIrWM2 <= 500)) problems.push(`thermal earthIrWM2 ${env.earthIrWM2} is not 0..500`);
  if (!(env.sinkTemperatureK >= 0 && env.sinkTemperatureK <= 300)) problems.push(`thermal sinkTemperatureK ${env.sinkTemperatureK} is not 0..300`);
  if (!(env.maxTemperatureK >= 300 && env.maxTemperatureK <= 2000)) problems.push(`thermal maxTemperatureK ${env.maxTemperatureK} is not 300..2000`);
  return problems;
}

export interface ThermalState {
  /** Node temperatures in kelvin, in the order of params.nodes. */
  readonly temperatureK: Float64Array;
  /** Link ends resolved to node indexes. */
  readonly linkFrom: Int32Array;
  readonly linkTo: Int32Array;
  /** Net heat flow per node in the last tick (scratch, reused). */
  readonly netW: Float64Array;
  /** Largest stable explicit step (the smallest node time constant), seconds. */
  readonly maxStableDtS: number;
}

/** Index of a node by name (throws for an unknown name: a programming error). */
export function nodeIndex(params: ThermalNetworkParams, name: string): number {
  const index = params.nodes.findIndex((node) => node.name === name);
  if (index < 0) throw new Error(`thermal node ${name} does not exist`);
  return index;
}

/** Smallest node time constant C_i / (sum of its conductances + its linearised radiation at temperatureK). */
export function smallestTimeConstantS(params: ThermalNetworkParams, temperatureK: number = params.environment.maxTemperatureK): number {
  let smallest = Infinity;
  params.nodes.forEach((node, i) => {
    let conductanceWK = 0;
    for (const link of params.links) if (link.from === node.name || link.to === node.name) conductanceWK += link.conductanceWK;
    const s = node.surface;
    if (s !== null) conductanceWK += 4 * s.emissivity * STEFAN_BOLTZMANN_W_M2K4 * s.areaM2 * temperatureK ** 3;
    if (conductanceWK > 0) smallest = Math.min(smallest, params.nodes[i]!.heatCapacityJK / conductanceWK);
  });
  return smallest;
}

export function createThermalState(params: ThermalNetworkParams): ThermalState {
  const problems = checkThermalNetworkParams(params);
  if (problems.length > 0) throw new Error(`thermal network parameters: ${problems.join('; ')}`);
  const temperatureK = new Float64Array(params.nodes.length);
  params.nodes.forEach((node, i) => (temperatureK[i] = node.initialTemperatureC + KELVIN_OFFSET));
  return {
    temperatureK,
    linkFrom: Int32Array.from(params.links, (link) => nodeIndex(params, link.from)),
    linkTo: Int32Array.from(params.links, (link) => nodeIndex(params, link.to)),
    netW: new Float64Array(params.nodes.length),
    maxStableDtS: smallestTimeConstantS(params),
  };
}

export interface ThermalInputs {
  /** Internal dissipation per node (W), in the order of params.nodes. */
  readonly heatW: ArrayLike<number>;
  readonly sunlit: boolean;
  /** Cosine between the spacecraft's position vector and the sun (albedo). */
  readonly earthSunCos: number;
}

export interface ThermalOutputs {
  /** Totals over the nodes for the tick, W. */
  internalW: number;
  absorbedW: number;
  radiatedW: number;
}

export function createThermalOutputs(): ThermalOutputs {
  return { internalW: 0, absorbedW: 0, radiatedW: 0 };
}

/** Heat stored in the network relative to 0 K: sum C_i T_i. */
export function storedHeatJ(state: ThermalState, params: ThermalNetworkParams): number {
  let sum = 0;
  for (let i = 0; i < params.nodes.length; i++) sum += params.nodes[i]!.heatCapacityJK * state.temperatureK[i]!;
  return sum;
}

/** Advances the network by one explicit step of dtS. */
export function stepThermal(
  state: ThermalState,
  inputs: ThermalInputs,
  params: ThermalNetworkParams,
  dtS: number,
  out: ThermalOutputs = createThermalOutputs(),
): ThermalOutputs {
  if (!(dtS > 0 && dtS <= state.maxStableDtS)) throw new Error(`thermal step dtS ${dtS} is not in (0, ${state.maxStableDtS}] (stability)`);
  const nodes = params.nodes;
  const env = params.environment;
  const temperatureK = state.temperatureK;
  const net = state.netW;
  const sink4 = env.sinkTemperatureK ** 4;
  const albedoCos = inputs.earthSunCos > 0 ? inputs.earthSunCos : 0;
  let internalW = 0;
  let absorbedW = 0;
  let radiatedW = 0;
  for (let i = 0; i < nodes.length; i++) {
    const q = inputs.heatW[i]!;
    internalW += q;
    let flow = q;
    const s = nodes[i]!.surface;
    if (s !== null) {
      const t = temperatureK[i]!;
      const solar = (inputs.sunlit ? s.solarViewFactor : 0) + env.albedoFraction * s.earthViewFactor * albedoCos;
      const absorbed = s.absorptivity * env.solarConstantWM2 * s.areaM2 * solar + s.emissivity * env.earthIrWM2 * s.areaM2 * s.earthViewFactor;
      const radiated = s.emissivity * STEFAN_BOLTZMANN_W_M2K4 * s.areaM2 * (t * t * t * t - sink4);
      absorbedW += absorbed;
      radiatedW += radiated;
      flow += absorbed - radiated;
    }
    net[i] = flow;
  }
  const links = params.links;
  for (let k = 0; k < links.length; k++) {
    const a = state.linkFrom[k]!;
    const b = state.linkTo[k]!;
    const q = links[k]!.conductanceWK * (temperatureK[a]! - temperatureK[b]!);
    net[a] = net[a]! - q;
    net[b] = net[b]! + q;
  }
  for (let i = 0; i < nodes.length; i++) temperatureK[i] = temperatureK[i]! + (net[i]! * dtS) / nodes[i]!.heatCapacityJK;
  out.internalW = internalW;
  out.absorbedW = absorbedW;
  out.radiatedW = radiatedW;
  return out;
}

/** Temperature of node i in Celsius. */
export function nodeTemperatureC(state: ThermalState, index: number): number {
  const t = state.temperatureK[index];
  if (t === undefined) throw new Error(`thermal node index ${index} out of range`);
  return t - KELVIN_OFFSET;
}
