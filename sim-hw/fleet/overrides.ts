/**
 * A fleet member's configuration overrides: by section of the simulator's
 * configuration (sim-hw/config.ts), merged into the base at any depth (an
 * object merges name by name; a number, string, boolean or list replaces).
 * The orbit and the stations are not overrides (the member's orbit and the
 * fleet's network are). Unknown sections and parameters, and values of the
 * wrong type, are named with their path.
 */

import type { SpacecraftConfig } from '../config.js';

/** Sections set by the fleet member itself, not by overrides. */
const NOT_OVERRIDDEN = new Set(['orbit', 'tle', 'network', 'station']);

export type OverrideResult = { readonly ok: true; readonly config: SpacecraftConfig } | { readonly ok: false; readonly problems: readonly string[] };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const kind = (value: unknown): string => (Array.isArray(value) ? 'list' : isRecord(value) ? 'object' : typeof value);

function merge(current: unknown, value: unknown, path: string, problems: string[]): unknown {
  if (kind(value) !== kind(current)) {
    problems.push(`${path} must be a ${kind(current)}`);
    return current;
  }
  if (!isRecord(current) || !isRecord(value)) return value;
  const merged: Record<string, unknown> = { ...current };
  for (const [name, inner] of Object.entries(value)) {
    if (!(name in current)) problems.push(`${path}.${name} is not a known parameter`);
    else merged[name] = merge(current[name], inner, `${path}.${name}`, problems);
  }
  return merged;
}

/** The base configuration with the overrides applied, or every problem of the overrides (named from `where`). */
export function applyOverrides(base: SpacecraftConfig, overrides: Readonly<Record<string, unknown>>, where: string): OverrideResult {
  const problems: string[] = [];
  const config: Record<string, unknown> = { ...base };
  for (const [section, value] of Object.entries(overrides)) {
    const path = `${where} overrides.${section}`;
    if (NOT_OVERRIDDEN.has(section)) problems.push(`${path}: the orbit and the stations are the fleet's, not an override`);
    else if (!(section in base)) problems.push(`${path} is not a configuration section`);
    else config[section] = merge((base as unknown as Record<string, unknown>)[section], value, path, problems);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: config as unknown as SpacecraftConfig };
}
