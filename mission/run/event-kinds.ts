/**
 * Which on-board events the record shows, under which kind, with the text
 * the ground would print (the dictionary's message with the arguments:
 * eventMessage of ground/index.ts), and what each adds to its kind's
 * count. Job state changes go into the job timeline instead;
 * informational chatter (parameter changes, pongs) is left out; any other
 * warning or worse is shown as "other".
 *
 * Counts: each thing is counted once. The simulator's record of a latch-up
 * or an accelerator hang (recorder.ts) is what the latch-up and SEFI rows
 * count; the flight software's detection of it (latchup_tripped,
 * accelerator_reset) and what it did next (rail_disabled,
 * accelerator_failed) are shown but add nothing; so is unplanned_reset, the
 * warning after the boot it explains. A load restored ends a
 * shed counted already. Boots are counted by the recorder (the boot the
 * mission started with is no restart).
 */
import type { MissionEventKind } from '../report/record.js';
import { eventMessage } from '../../ground/index.js';
import { missionDictionary, SEVERITIES } from '../../protocol/index.js';

interface Shown {
  readonly kind: MissionEventKind;
  /** Adds to its kind's count (false: a report on something counted already). */
  readonly counted: boolean;
}

const KIND_OF: Readonly<Record<string, Shown>> = {
  job_corruption: { kind: 'correction', counted: true },
  uncorrectable_error: { kind: 'uncorrectable', counted: true },
  latchup_tripped: { kind: 'latchup', counted: false },
  rail_disabled: { kind: 'latchup', counted: false },
  accelerator_reset: { kind: 'sefi', counted: false },
  accelerator_failed: { kind: 'sefi', counted: false },
  boot: { kind: 'reset', counted: true },
  unplanned_reset: { kind: 'reset', counted: false },
  mode_changed: { kind: 'mode', counted: true },
  load_shed: { kind: 'shed', counted: true },
  load_restored: { kind: 'shed', counted: false },
  temperature_limit: { kind: 'limit', counted: true },
  monitor_tripped: { kind: 'limit', counted: true },
  soc_hard_floor: { kind: 'limit', counted: true },
};

/** Events that belong to the job timeline, not the event list. */
export const JOB_TIMELINE_EVENTS: ReadonlySet<string> = new Set(['job_state']);

const dictionary = missionDictionary();
const WARNING_RANK = SEVERITIES.indexOf('warning');

export interface ClassifiedEvent {
  readonly kind: MissionEventKind;
  readonly text: string;
  /** What the event adds to its kind's count: 1, or 0 for a report on something counted already. */
  readonly count: number;
}

/** The record's kind, text and count of an on-board event, or null when the record leaves it out. */
export function classifyEvent(name: string, args: Readonly<Record<string, unknown>>): ClassifiedEvent | null {
  if (JOB_TIMELINE_EVENTS.has(name)) return null;
  const entry = dictionary.downlink(name);
  if (entry?.kind !== 'event') return null;
  const shown = KIND_OF[name] ?? (SEVERITIES.indexOf(entry.def.severity) >= WARNING_RANK ? { kind: 'other' as const, counted: true } : null);
  if (shown === null) return null;
  return { kind: shown.kind, text: `${name}: ${eventMessage(entry.def, args)}`, count: shown.counted ? 1 : 0 };
}
