/**
 * Which on-board events the record shows, under which kind, with the text
 * the ground would print (the dictionary's message with the arguments).
 * Job state changes go into the job timeline instead; informational chatter
 * (parameter changes, pongs) is left out; any other warning or worse is
 * shown as "other".
 */
import type { MissionEventKind } from '../report/record.js';
import { eventMessage } from '../../ground/server/latest-telemetry.js';
import { missionDictionary, SEVERITIES } from '../../protocol/index.js';

const KIND_OF: Readonly<Record<string, MissionEventKind>> = {
  job_corruption: 'correction',
  uncorrectable_error: 'uncorrectable',
  latchup_tripped: 'latchup',
  rail_disabled: 'latchup',
  accelerator_reset: 'sefi',
  accelerator_failed: 'sefi',
  boot: 'reset',
  mode_changed: 'mode',
  load_shed: 'shed',
  load_restored: 'shed',
  temperature_limit: 'limit',
  monitor_tripped: 'limit',
  soc_hard_floor: 'limit',
};

/** Events that belong to the job timeline, not the event list. */
export const JOB_TIMELINE_EVENTS: ReadonlySet<string> = new Set(['job_state']);

const dictionary = missionDictionary();
const WARNING_RANK = SEVERITIES.indexOf('warning');

/** The record's kind and text of an on-board event, or null when the record leaves it out. */
export function classifyEvent(name: string, args: Readonly<Record<string, unknown>>): { readonly kind: MissionEventKind; readonly text: string } | null {
  if (JOB_TIMELINE_EVENTS.has(name)) return null;
  const entry = dictionary.downlink(name);
  if (entry?.kind !== 'event') return null;
  const kind = KIND_OF[name] ?? (SEVERITIES.indexOf(entry.def.severity) >= WARNING_RANK ? 'other' : null);
  if (kind === null) return null;
  return { kind, text: `${name}: ${eventMessage(entry.def.message, args)}` };
}
