/**
 * The simulator's public entry, for the code that flies it in-process
 * (mission/): the spacecraft and its configuration, the link it speaks
 * over, the fault scenarios, the orbit and radiation models the mission
 * runner plans its bands from, the accelerator's power model its figures
 * use, a fleet's members' configurations and seeds (fleet/), and the command-line helper both programs share. The simulator's
 * own program (`npx sim-hw`) has its door in sim-hw/main.ts.
 */
export { acceleratorPowerW, minJoulesPerFlop } from './accelerator/device-power.js';
export { joinNegativeValues } from './cli/options.js';
export { checkSpacecraftConfig, DEFAULT_SPACECRAFT_CONFIG, spacecraftConfig, type SpacecraftConfig } from './config.js';
export { fleetConfigs, loadFleet, type FleetLoad, type FleetOptions, type FleetSpacecraft } from './fleet/fleet-configs.js';
export { seededConfig, spacecraftSeed } from './fleet/fleet-seed.js';
export { checkFault, readScenarioFile, type Scenario } from './faults/scenario.js';
export { SENSORS_PER_ZONE, type FaultKind, type TimedFault } from './faults/types.js';
export { DEFAULT_LINK_PARAMS, receivePackets, sendPacket, type LinkState } from './link/channel.js';
export { Spacecraft, type SpacecraftCounts, type SpacecraftTruth } from './spacecraft.js';
export { createOrbitSample, DEFAULT_ORBIT_PARAMS, nextEclipses, orbitAt, orbitPeriodS, type OrbitParams } from '../astro/orbit.js';
export { inSaa, type RadiationParams } from './world/radiation.js';
export { Random } from './random.js';
