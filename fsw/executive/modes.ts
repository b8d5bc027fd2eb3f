/**
 * Modes and what each allows. BOOT lasts from power-on until the software
 * has restored its state (one tick); then the node enters SAFE or NOMINAL.
 * SAFE: payload shed (accelerator off, no jobs), survival heater set points,
 * every command but the payload's. NOMINAL: everything. The ground changes
 * mode by command; fault responses (monitors, modules) send the node to SAFE.
 */
import type { Mode } from './module.js';

export interface ModeRules {
  readonly acceleratorAllowed: boolean;
  readonly jobsRun: boolean;
  readonly survivalHeaters: boolean;
}

export const MODE_RULES: Readonly<Record<Mode, ModeRules>> = {
  BOOT: { acceleratorAllowed: false, jobsRun: false, survivalHeaters: true },
  SAFE: { acceleratorAllowed: false, jobsRun: false, survivalHeaters: true },
  NOMINAL: { acceleratorAllowed: true, jobsRun: true, survivalHeaters: false },
};

/** Commands without a `modes` list may run in these. */
export const DEFAULT_COMMAND_MODES: readonly Mode[] = ['SAFE', 'NOMINAL'];

export const BOOT_MODE_SETTINGS = ['SAFE', 'NOMINAL', 'RESUME'] as const;
export type BootModeSetting = (typeof BOOT_MODE_SETTINGS)[number];

export interface BootModeDecision {
  readonly mode: Mode;
  readonly why: string;
}

/**
 * The mode after a boot: the setting, where RESUME means the mode before the
 * reset; but SAFE whatever the setting when the computer has reset too often
 * lately (a boot loop), or after a watchdog or brown-out reset unless the
 * setting says otherwise.
 */
export function bootMode(setting: BootModeSetting, persisted: Mode | null, recentBoots: number, bootLoopLimit: number): BootModeDecision {
  if (recentBoots >= bootLoopLimit) return { mode: 'SAFE', why: `${recentBoots} boots in the boot-loop window` };
  if (setting === 'SAFE') return { mode: 'SAFE', why: 'boot mode setting' };
  if (setting === 'NOMINAL') return { mode: 'NOMINAL', why: 'boot mode setting' };
  if (persisted === null || persisted === 'BOOT') return { mode: 'SAFE', why: 'no mode to resume' };
  return { mode: persisted, why: 'resumed the mode before the reset' };
}
