/** The report's one stylesheet, inlined into its <head>. System fonts only. */
export const REPORT_CSS = `
:root { color-scheme: light; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222; background: #fafafa; margin: 0; padding: 16px 24px 48px; }
main { max-width: 1140px; margin: 0 auto; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 2px; }
header nav a { color: #1f5fa6; margin: 0 2px; }
.facts, .note, .more { color: #555; margin: 2px 0 6px; }
.tables { display: flex; flex-wrap: wrap; gap: 24px; margin: 12px 0; }
table.kv { border-collapse: collapse; }
table.kv th, table.kv td { text-align: left; padding: 2px 12px 2px 0; border-bottom: 1px solid #e4e4e4; vertical-align: top; }
table.kv th { font-weight: 600; color: #444; }
table.summary td { font-variant-numeric: tabular-nums; }
.digest code { font-size: 12px; word-break: break-all; }
figure.plot { margin: 20px 0 8px; background: #fff; border: 1px solid #e0e0e0; border-radius: 4px; padding: 10px 8px 4px; }
figcaption { padding: 0 8px; }
ul.legend { list-style: none; padding: 0; margin: 4px 0 2px; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; }
ul.legend li { display: flex; align-items: center; gap: 4px; }
svg.plot { display: block; max-width: 100%; height: auto; font-size: 11px; font-family: inherit; }
svg.plot text { fill: #333; }
svg.plot .axis path { stroke: #555; fill: none; }
svg.plot .axis-title { font-size: 12px; fill: #222; }
svg.plot .area { fill: #fff; }
svg.plot .frame { fill: none; stroke: #888; }
svg.plot .grid { stroke: #ececec; fill: none; }
.band-eclipse { fill: #9a9a9a; fill-opacity: 0.28; }
.band-contact { fill: #2ca02c; fill-opacity: 0.9; }
.band-saa { fill: #ff7f0e; fill-opacity: 0.9; }
.band-mode { fill: #d62728; fill-opacity: 0.8; }
.band-at-cap { fill: #1f77b4; fill-opacity: 0.85; }
.band-at-thermal-cap { fill: #d62728; fill-opacity: 0.85; }
.series-fill { fill-opacity: 0.18; stroke: none; }
.zero-line { stroke: #777; stroke-width: 1; }
.limit-yellow { stroke: #d4a000; stroke-width: 1.5; stroke-dasharray: 6 3; fill: none; }
.limit-red { stroke: #d62728; stroke-width: 1.5; stroke-dasharray: 6 3; fill: none; }
svg.plot text.limit-label { font-size: 10px; }
.job-ok { fill: #2ca02c; }
.job-done { fill: #98c998; }
.job-wrong { fill: #e377c2; }
.job-failed { fill: #d62728; }
.job-cancelled { fill: #b0b0b0; }
.job-pending { fill: #6baed6; }
.job-retried { stroke: #e6a000; stroke-width: 1.5; }
.job-wait { stroke: #9a9a9a; stroke-width: 1; fill: none; }
.mark-retry { fill: #e6a000; }
.mark-retry-lane { stroke: #e6a000; stroke-width: 2; fill: none; }
.mark-failed { stroke: #111; stroke-width: 1.8; fill: none; }
.event-row { stroke: #e4e4e4; fill: none; }
table.events { border-collapse: collapse; font-size: 12px; width: 100%; background: #fff; }
table.events th, table.events td { text-align: left; padding: 2px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
table.events td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.events td:nth-child(1) { font-variant-numeric: tabular-nums; white-space: nowrap; }
.chip { display: inline-block; width: 9px; height: 9px; border-radius: 2px; margin-right: 5px; vertical-align: baseline; }
section#event-table { margin-top: 16px; }
`;
