/**
 * Each spacecraft of a fleet draws its randomness from its own seed, made
 * from the fleet's seed, its spacecraft id and the seed of its configuration
 * (the simulator's default unless the member overrides it) by SHA-256, first
 * 32 bits: the same fleet seed gives every spacecraft the same streams
 * whatever the worker (or the process) that flies it, two spacecraft never
 * share their upsets, and a member's `seed` override still changes its
 * streams. The fleet run (mission/fleet/) and `sim-hw serve --fleet` both
 * seed their members here.
 */
import { createHash } from 'node:crypto';
import type { SpacecraftConfig } from '../config.js';

export function spacecraftSeed(fleetSeed: number, spacecraftId: number, configSeed: number): number {
  return createHash('sha256').update(`orbital-node fleet seed ${fleetSeed} spacecraft ${spacecraftId} config seed ${configSeed}`).digest().readUInt32BE(0);
}

/** A member's configuration with its own seed, drawn from the fleet's seed. */
export function seededConfig(config: SpacecraftConfig, fleetSeed: number, spacecraftId: number): SpacecraftConfig {
  return { ...config, seed: spacecraftSeed(fleetSeed, spacecraftId, config.seed) };
}
