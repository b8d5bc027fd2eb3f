/**
 * (13) The web console (issue 21 point 8), in headless Chromium against a
 * ground server in this process on loopback: the bundle's size (raw and
 * gzipped), the time from navigating to the console to its first page
 * usable (the header with the user and the fleet table drawn; the median of
 * LOADS loads, signed in by cookie), and a chart of POINTS archive points:
 * the time to fill it from the archive (paged requests) and to draw it
 * (setData to the next frame). Without chromium the rows say why.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { Archive } from '../ground/archive/archive.js';
import { SESSION_COOKIE } from '../ground/auth/sessions.js';
import { CONSOLE_DIR } from '../ground/server/console-files.js';
import { startBenchGround } from './ground-server.js';
import { createKeyFile, missionDictionary } from '../protocol/index.js';
import { median } from './harness.js';
import { judge, type SummaryRow } from './summary.js';

const LOADS = 5;
const POINTS = 100_000;
export const TARGET_FIRST_PAGE_MS = 1000;
export const TARGET_DRAW_MS = 250;
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

export interface ConsoleBench {
  readonly bundleBytes: number;
  readonly bundleGzipBytes: number;
  readonly firstPageMs: number;
  readonly firstPageMsAll: readonly number[];
  readonly fillMs: number;
  readonly drawMs: number;
  readonly points: number;
}

/** An archive with POINTS power_hk packets (bus voltage and state of charge), one a second. */
function filledArchive(path: string): void {
  const archive = Archive.open(path, { dictionary: missionDictionary(), retentionDays: Number.POSITIVE_INFINITY });
  try {
    const raw = new Uint8Array(16);
    for (let i = 0; i < POINTS; i++) {
      archive.telemetry.addTelemetry(
        { name: 'power_hk', apid: 32, sequenceCount: i % 16384, timeS: i, receivedAtMs: i, raw },
        { busVoltageV: 30 + 3 * Math.sin(i / 600), socPct: 60 + 30 * Math.sin(i / 3000) },
      );
    }
  } finally {
    archive.close();
  }
}

export async function benchConsole(): Promise<ConsoleBench> {
  const js = readFileSync(join(CONSOLE_DIR, 'app.js'));
  const css = readFileSync(join(CONSOLE_DIR, 'app.css'));
  const dir = mkdtempSync(join(tmpdir(), 'bench-console-'));
  const keyFile = join(dir, 'keys.json');
  const keys = createKeyFile(keyFile);
  if (!keys.ok) throw new Error(keys.error);
  const archivePath = join(dir, 'archive.sqlite');
  filledArchive(archivePath);
  const server = await startBenchGround(dir, keyFile, { archivePath });
  const url = `http://127.0.0.1:${server.apiPort}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const token = readFileSync(join(dir, 'ground-token'), 'utf8').trim();
    const login = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    const cookie = /orbital_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
    if (!cookie) throw new Error(`no session cookie from the login (${login.status})`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url }]);
    const firstPageMsAll: number[] = [];
    for (let i = 0; i < LOADS + 1; i++) {
      const page = await context.newPage();
      const startMs = performance.now();
      await page.goto(url);
      await page.locator('#fleet-table tbody tr').first().waitFor();
      // the first load warms the browser's caches of the engine; it is not counted
      if (i > 0) firstPageMsAll.push(performance.now() - startMs);
      await page.close();
    }
    const page = await context.newPage();
    await page.goto(`${url}/#/telemetry`);
    await page.locator('#field-picker').selectOption('power_hk.busVoltageV');
    await page.locator('#add-field').click();
    const fillStartMs = performance.now();
    await page.locator('#load-archive').click();
    await page.locator('#chart-status', { hasText: `power_hk.busVoltageV: ${POINTS} points` }).waitFor({ timeout: 120_000 });
    await page.locator('#chart[data-draw-ms]').waitFor();
    const fillMs = performance.now() - fillStartMs;
    const drawMs = Number(await page.locator('#chart').getAttribute('data-draw-ms'));
    return {
      bundleBytes: js.length + css.length,
      bundleGzipBytes: gzipSync(js).length + gzipSync(css).length,
      firstPageMs: median(firstPageMsAll),
      firstPageMsAll,
      fillMs,
      drawMs,
      points: POINTS,
    };
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printConsoleBench(figures: ConsoleBench): void {
  console.log('\nthe web console in headless Chromium, ground server on loopback');
  console.log(`  bundle (app.js + app.css): ${(figures.bundleBytes / 1024).toFixed(1)} KiB, ${(figures.bundleGzipBytes / 1024).toFixed(1)} KiB gzipped`);
  console.log(
    `  first page usable: median ${figures.firstPageMs.toFixed(0)} ms of ${figures.firstPageMsAll.length} loads (${figures.firstPageMsAll.map((ms) => ms.toFixed(0)).join(', ')}; target < ${TARGET_FIRST_PAGE_MS} ms)`,
  );
  console.log(
    `  chart of ${figures.points} archive points: filled in ${figures.fillMs.toFixed(0)} ms (paged, 10,000 rows a request), drawn in ${figures.drawMs.toFixed(1)} ms (target < ${TARGET_DRAW_MS} ms)`,
  );
}

export function consoleSummary(figures: ConsoleBench): SummaryRow[] {
  return [
    {
      item: '13',
      figure: 'console bundle (gzipped)',
      measured: `${(figures.bundleBytes / 1024).toFixed(0)} KiB (${(figures.bundleGzipBytes / 1024).toFixed(0)})`,
      target: '',
      verdict: '-',
    },
    {
      item: '13',
      figure: 'console first page usable',
      measured: `${figures.firstPageMs.toFixed(0)} ms`,
      target: `< ${TARGET_FIRST_PAGE_MS} ms`,
      verdict: judge(figures.firstPageMs < TARGET_FIRST_PAGE_MS),
    },
    {
      item: '13',
      figure: `console chart of ${figures.points / 1000} k points: draw (fill)`,
      measured: `${figures.drawMs.toFixed(0)} ms (${figures.fillMs.toFixed(0)} ms)`,
      target: `draw < ${TARGET_DRAW_MS} ms`,
      verdict: judge(figures.drawMs < TARGET_DRAW_MS),
    },
  ];
}
