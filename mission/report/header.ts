/**
 * The report's header: title, the run's parameters, the summary table and
 * the telemetry digest, and links to the plots below.
 */
import type { MissionRecord } from './record.js';
import { escapeXml } from './escape.js';
import { clockTime, counted, round } from './format.js';

const CONTENTS: readonly (readonly [string, string])[] = [
  ['soc', 'state of charge'],
  ['power', 'bus power'],
  ['cap', 'accelerator cap'],
  ['thermal', 'temperatures'],
  ['jobs', 'jobs'],
  ['events', 'events'],
  ['event-table', 'event list'],
];

export function header(record: MissionRecord): string {
  const parameters = Object.entries(record.parameters)
    .map(([name, value]) => `<tr><th>${escapeXml(name)}</th><td>${escapeXml(value)}</td></tr>`)
    .join('');
  const summary = record.summary.map(([label, value]) => `<tr><th>${escapeXml(label)}</th><td>${escapeXml(value)}</td></tr>`).join('');
  const spanS = record.endS - record.startS;
  const facts =
    `${clockTime(record.startS)} to ${clockTime(record.endS)} mission time (${round(spanS / 3600, 2)} h, ` +
    `${counted(round(record.orbitPeriodS > 0 ? spanS / record.orbitPeriodS : 0, 2), 'orbit')} of ${round(record.orbitPeriodS / 60, 2)} min), ` +
    `${counted(record.samples.length, 'sample')} every ${round(record.samplePeriodS, 3)} s, ${counted(record.eclipses.length, 'eclipse')}, ` +
    `${counted(record.contacts.length, 'contact')}, ${counted(record.saaPasses.length, 'SAA pass', 'SAA passes')}, ${counted(record.jobs.length, 'job')}, ${counted(record.events.length, 'event')}.`;
  const nav = CONTENTS.map(([id, label]) => `<a href="#${id}">${label}</a>`).join(' · ');
  return (
    `<header><h1>${escapeXml(record.title)}</h1><p class="facts">${escapeXml(facts)}</p><nav>${nav}</nav></header>` +
    `<section class="tables">` +
    `<div><h2>Parameters</h2><table class="kv">${parameters}</table></div>` +
    `<div><h2>Summary</h2><table class="kv summary">${summary}</table></div>` +
    `</section>` +
    `<p class="digest">Telemetry digest: <code>${escapeXml(record.digest)}</code></p>`
  );
}
