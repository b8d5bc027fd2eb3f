/**
 * The mission report: one self-contained HTML file (inline CSS, inline SVG
 * plots generated here, no scripts, fonts, images or network) that a person
 * reads at a glance. Header and summary, then the plots on one time axis,
 * each with the eclipse, contact and SAA bands behind, then the event list.
 */
import type { MissionRecord } from './record.js';
import { escapeXml } from './escape.js';
import { header } from './header.js';
import { timeAxis } from './layout.js';
import { orbitStarts } from './orbits.js';
import type { PlotContext } from './frame.js';
import { socPlot, powerPlot } from './plot-power.js';
import { capPlot } from './plot-cap.js';
import { thermalPlot } from './plot-thermal.js';
import { jobsPlot } from './plot-jobs.js';
import { eventsPlot } from './plot-events.js';
import { eventsTable } from './events-table.js';
import { REPORT_CSS } from './style.js';

export function renderReport(record: MissionRecord): string {
  const orbits = orbitStarts(record);
  const ctx: PlotContext = {
    axis: timeAxis(record.startS, record.endS),
    bands: { eclipses: record.eclipses, contacts: record.contacts, saaPasses: record.saaPasses },
    orbits,
  };
  const plots = [socPlot, powerPlot, capPlot, thermalPlot, jobsPlot, eventsPlot].map((plot) => plot(ctx, record));
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeXml(record.title)}</title><style>${REPORT_CSS}</style></head>` +
    `<body><main>${header(record)}\n${plots.join('\n')}\n${eventsTable(record, orbits)}</main></body></html>\n`
  );
}
