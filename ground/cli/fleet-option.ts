/**
 * A fleet spec (a fleet file, `cluster:N`, `walker:PLANES/PER_PLANE`) and a
 * stations file as verbs take them (`ground passes`, `ground serve
 * --fleet`): a bad spec or file exits 2 with every problem, an unreadable
 * one exits 3.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_FLEET, type FleetMember } from '../../astro/fleet.js';
import { resolveFleetSpec } from '../../astro/formations.js';
import { DEFAULT_NETWORK, type NetworkStation, parseNetworkText } from '../../astro/network.js';
import { environmentError, usageError } from './exit-codes.js';

const readText = (path: string): string => readFileSync(path, 'utf8');

/** The fleet of a spec; no spec: the default mission's one spacecraft. */
export function fleetOf(spec: string | undefined): readonly FleetMember[] {
  if (spec === undefined) return DEFAULT_FLEET;
  const result = resolveFleetSpec(spec, readText);
  if (result.ok) return result.fleet;
  const problem = result.problems[0]!;
  throw /cannot be read/.test(problem) ? environmentError(problem) : usageError(result.problems.join('; '));
}

/** The stations of a stations file; no file: the default network. */
export function stationsOf(file: string | undefined): readonly NetworkStation[] {
  if (file === undefined) return DEFAULT_NETWORK;
  let text: string;
  try {
    text = readText(file);
  } catch (error) {
    throw environmentError(`stations file ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const result = parseNetworkText(text, file);
  if (!result.ok) throw usageError(result.problems.join('; '));
  return result.stations;
}
