/**
 * The web console in a real browser (issue 21 point 7): headless Chromium
 * (the system's chromium, which `make test` installs) driven by
 * playwright-core against a live ground, simulator and flight software.
 * Sign in with a token, see the fleet, see telemetry on a chart filled from
 * the archive and moving live, send a command and watch its stages, arm and
 * fire a hazardous one, acknowledge and shelve alarms, submit a job (to the
 * spacecraft, and to the fleet) and download its result with its digest checked, and as a viewer be offered
 * no commanding (and be refused by the API). Screenshots of each page go to out/console/.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusResponse } from '../../ground/api/contract.js';
import { ROOT } from '../helpers/cli.js';
import { startLiveStack, type LiveStack } from '../helpers/live-stack.js';
import { startBin } from '../helpers/processes.js';

const SHOTS = join(ROOT, 'out', 'console');
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

let stack: LiveStack;
let browser: Browser;
let token = '';
/** Uncaught errors of the console's pages: none is expected. */
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startLiveStack(mkdtempSync(join(tmpdir(), 'console-')));
  token = readFileSync(stack.tokenFile, 'utf8').trim();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  expect(pageErrors).toEqual([]);
});

/** A POST to the API as the flight director `local` (the token's user). */
const postAsLocal = (path: string, body: unknown) =>
  fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** A fresh browser context, signed in with the token; the page shows the header's user once in. */
async function signIn(withToken: string, url = stack.url): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  await page.locator('input[name=token]').fill(withToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#user').waitFor();
  return page;
}

describe('the web console in a browser', () => {
  it('serves the console at / with a strict content security policy, and the API stays closed without a session', async () => {
    const index = await fetch(`${stack.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index.text()).toContain('/console/app.js');
    expect((await fetch(`${stack.url}/console/app.js`)).status).toBe(200);
    expect((await fetch(`${stack.url}/console/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${stack.url}/api/status`)).status).toBe(401);
  });

  it('refuses a wrong token on the login form, then signs in: the user and role in the header, the fleet overview', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(stack.url);
    await page.locator('input[name=token]').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/token/i);
    await context.close();

    const signed = await signIn(token);
    expect(await signed.locator('#user').textContent()).toBe('local (flight-director)');
    const row = signed.locator('#fleet-table tbody tr').first();
    await row.waitFor();
    await expect.poll(async () => (await row.locator('td').nth(2).textContent()) ?? '', { timeout: 20_000 }).toMatch(/SAFE|NOMINAL/);
    await signed.screenshot({ path: join(SHOTS, 'fleet.png') });
    await signed.context().close();
  }, 60_000);

  it('plots a field with its limits, filled from the archive and moving live, and exports it as CSV', async () => {
    const page = await signIn(token);
    await page.goto(`${stack.url}/#/telemetry`);
    await page.locator('#field-picker').selectOption('power_hk.busVoltageV');
    await page.locator('#add-field').click();
    await page.locator('#load-archive').click();
    const points = async () => Number(/power_hk\.busVoltageV: (\d+) points/.exec((await page.locator('#chart-status').textContent()) ?? '')?.[1] ?? 0);
    await expect.poll(points, { timeout: 20_000 }).toBeGreaterThan(0);
    const filled = await points();
    // housekeeping comes every 10 s: the chart grows live
    await expect.poll(points, { timeout: 30_000 }).toBeGreaterThan(filled);
    expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
    // the bus voltage's yellow and red limits, both sides, drawn on the chart
    expect(
      (await page.locator('#chart').getAttribute('data-limits'))
        ?.split(',')
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([24, 26, 33.7, 34]);
    const download = page.waitForEvent('download');
    await page.locator('#export-csv').click();
    const csv = readFileSync((await (await download).path())!, 'utf8');
    expect(csv.split('\n')[0]).toBe('timeS,power_hk.busVoltageV');
    expect(csv.trim().split('\n').length).toBeGreaterThan(filled);
    await page.screenshot({ path: join(SHOTS, 'telemetry.png') });
    await page.context().close();
  }, 90_000);

  it('sends a command and shows its stages live; a hazardous one asks for confirmation and goes as arm then fire', async () => {
    const page = await signIn(token);
    await page.goto(`${stack.url}/#/commands`);
    await page.locator('#command-picker').selectOption('noop');
    await page.locator('#send-command').click();
    const noop = page.locator('#command-history tr', { hasText: 'noop' }).first();
    await expect.poll(async () => noop.locator('[data-state]').getAttribute('data-state'), { timeout: 30_000 }).toBe('completed');
    expect(await noop.locator('.stages').textContent()).toMatch(/acceptance.*start.*completion/);
    expect(await noop.textContent()).toContain('local');

    await page.locator('#command-picker').selectOption('heater_override');
    await page.locator('select[name=arg-state]').selectOption('auto');
    await page.locator('#send-command').click();
    await page.locator('#hazard-confirm').waitFor();
    await page.screenshot({ path: join(SHOTS, 'commands-confirm.png') });
    await page.locator('#confirm-hazardous').click();
    const fire = page.locator('#command-history tr', { hasText: 'heater_override' }).first();
    await expect.poll(async () => fire.locator('[data-state]').getAttribute('data-state'), { timeout: 30_000 }).toBe('completed');
    const arm = page.locator('#command-history tr', { hasText: /^\d+arm/ }).first();
    expect(await arm.locator('[data-state]').getAttribute('data-state')).toBe('completed');
    // time-tagged: released on board at a mission time, and shown in the on-board schedule
    const status = (await (await fetch(`${stack.url}/api/status`, { headers: { authorization: `Bearer ${token}` } })).json()) as StatusResponse;
    const atS = Math.ceil(status.uplink?.missionTimeS ?? 0) + 3600;
    await page.locator('#command-picker').selectOption('ping');
    await page.locator('input[name=arg-token]').fill('31');
    await page.locator('#release-at').fill(String(atS));
    await page.locator('#send-command').click();
    await page
      .locator('#command-history tr', { hasText: `ping @t=${atS}` })
      .first()
      .waitFor();
    await page.locator('#schedule-refresh').click();
    await expect.poll(async () => (await page.locator('[data-scheduled="ping"]').textContent()) ?? '', { timeout: 30_000 }).toContain(`t=${atS.toFixed(1)} s`);
    await page.screenshot({ path: join(SHOTS, 'commands.png') });
    await page.context().close();
  }, 90_000);

  it('lists alarms with their count in the header; an operator acknowledges one and shelves another', async () => {
    // a job in SAFE is rejected on board: command_rejected, an event of severity warning
    const rejected = await postAsLocal('/api/commands', { name: 'submit_job', args: { jobId: 99, kind: 'matmul', size: 4 } });
    expect(rejected.status).toBe(202);
    const page = await signIn(token);
    await page.goto(`${stack.url}/#/alarms`);
    // the state of charge reads 0 % in the first housekeeping after boot, before the first estimate: red, cleared since, latched
    const soc = page.locator('[data-alarm="limit:power_hk.socPct"]');
    const event = page.locator('[data-alarm="event:command_rejected"]');
    await soc.waitFor({ timeout: 30_000 });
    await event.waitFor({ timeout: 30_000 });
    expect(await soc.textContent()).toMatch(/critical.*power_hk\.socPct.*red limit/);
    expect(await event.textContent()).toMatch(/warning.*command_rejected.*telecommand rejected/);
    const open = async () => Number(await page.locator('#alarm-count').getAttribute('data-open'));
    await expect.poll(open).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(SHOTS, 'alarms.png') });
    const before = await open();
    // acknowledged, an event alarm leaves the list
    await event.locator('button.ack').click();
    await expect.poll(() => event.count()).toBe(0);
    await expect.poll(open).toBe(before - 1);
    await soc.locator('button.shelve').click();
    await expect.poll(async () => (await soc.locator('.alarm-state').textContent()) ?? '').toMatch(/shelved by local until/);
    await expect.poll(open).toBe(before - 2);
    // through the API: a bad request says what it wants, an unknown alarm is a 404
    const shelve = (body: unknown) => postAsLocal('/api/alarms/shelve', body);
    expect((await shelve({ key: 'limit:power_hk.socPct', minutes: 0 })).status).toBe(400);
    expect((await shelve({ key: 'event:nothing', minutes: 5 })).status).toBe(404);
    await page.context().close();
  }, 60_000);

  it('lists events newest first, live, filtered by severity and by a search', async () => {
    const page = await signIn(token);
    await page.goto(`${stack.url}/#/events`);
    await page.locator('[data-event="boot"]').first().waitFor();
    const ping = await postAsLocal('/api/commands', { name: 'ping', args: { token: 4242 } });
    expect(ping.status).toBe(202);
    const pong = page.locator('[data-event="pong"]', { hasText: 'pong 4242' });
    await pong.waitFor({ timeout: 30_000 });
    // newest first: the pong came after the boot
    expect(await page.locator('#event-list tr').first().getAttribute('data-event')).toBe('pong');
    await page.locator('#event-search').fill('boot');
    await expect.poll(() => pong.count()).toBe(0);
    expect(await page.locator('[data-event="boot"]').count()).toBeGreaterThan(0);
    await page.locator('#event-search').fill('');
    await page.locator('#event-severity').selectOption('warning');
    await expect.poll(() => page.locator('[data-event="boot"]').count()).toBe(0);
    // the alarm test's rejected job is a warning
    expect(await page.locator('[data-event="command_rejected"]').count()).toBeGreaterThan(0);
    await page.context().close();
  }, 60_000);

  it('submits a job, asks for its result, and downloads it with its SHA-256 checked against the digest the spacecraft reported', async () => {
    // jobs need NOMINAL (the accelerator is off in SAFE)
    const nominal = await postAsLocal('/api/commands', { name: 'set_mode', args: { mode: 'NOMINAL' } });
    expect(nominal.status).toBe(202);
    const page = await signIn(token);
    await page.goto(`${stack.url}/#/jobs`);
    await page.locator('#job-size').fill('8');
    await page.locator('#submit-job').click();
    await page.locator('#job-message', { hasText: 'submit_job queued' }).waitFor();
    const job = page.locator('#job-list tr').first();
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    await job.locator('button.fetch').click();
    await expect.poll(() => job.getAttribute('data-result'), { timeout: 30_000 }).toBe('true');
    const jobId = Number(await job.getAttribute('data-job'));
    const reported = (await job.locator('.digest').textContent()) ?? '';
    const download = page.waitForEvent('download');
    await job.locator('button.download').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`job-${jobId}.bin`);
    const bytes = readFileSync((await file.path())!);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(reported);
    expect(await page.locator('#job-message').textContent()).toContain(`${bytes.length} bytes, SHA-256 ${reported} (matches the job summary)`);
    await page.screenshot({ path: join(SHOTS, 'jobs.png') });
    await page.context().close();
  }, 120_000);

  it('submits a job to the fleet, shows where the ground placed it, and downloads the agreed result with its SHA-256 checked', async () => {
    // the one spacecraft runs jobs in NOMINAL
    expect((await postAsLocal('/api/commands', { name: 'set_mode', args: { mode: 'NOMINAL' } })).status).toBe(202);
    const page = await signIn(token);
    await page.goto(`${stack.url}/#/jobs`);
    await page.locator('#fleet-job-size').fill('8');
    await page.locator('#submit-fleet-job').click();
    const said = await page.locator('#fleet-job-message', { hasText: 'submitted' }).textContent();
    const id = Number(/fleet job (\d+) submitted/.exec(said ?? '')?.[1]);
    expect(id).toBeGreaterThan(0);
    const job = page.locator(`#fleet-job-list tr[data-fleet-job="${id}"]`);
    // the broker placed it on the one spacecraft, which ran it; the ground asked for its result and checked it
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 90_000 }).toBe('done');
    const run = job.locator('.run').first();
    expect(await run.getAttribute('data-spacecraft')).toBeTruthy();
    expect(await run.getAttribute('data-run-state')).toBe('home');
    expect(await run.getAttribute('title')).toBeTruthy();
    expect(await page.locator('#fleet-job-counts').textContent()).toMatch(/\d+ submitted, \d+ open, [1-9]\d* done/);
    const agreed = (await job.locator('.digest').textContent()) ?? '';
    expect(agreed).toMatch(/^[0-9a-f]{64}$/);
    const download = page.waitForEvent('download');
    await job.locator('button.download').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`fleet-job-${id}.bin`);
    const bytes = readFileSync((await file.path())!);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(agreed);
    expect(await page.locator('#fleet-job-message').textContent()).toContain(`${bytes.length} bytes, SHA-256 ${agreed} (matches the job summary)`);
    await page.screenshot({ path: join(SHOTS, 'fleet-jobs.png'), fullPage: true });
    await page.context().close();
  }, 150_000);

  it('shows the passes of a fleet member over the station network as a timeline, and a relay spacecraft as always in contact', async () => {
    const relayPage = await signIn(token);
    await relayPage.goto(`${stack.url}/#/passes`);
    await relayPage.locator('#pass-relay').waitFor();
    await relayPage.context().close();
    // a fleet ground that knows its members' orbits (no spacecraft needs to be up for predictions)
    const dir = mkdtempSync(join(tmpdir(), 'console-fleet-'));
    const fleet = startBin('ground', [
      'serve',
      '--fleet',
      'walker:1/2',
      '--link',
      'station',
      '--api-port',
      '0',
      '--tm-port',
      '0',
      '--archive',
      join(dir, 'archive'),
      '--key-file',
      join(dir, 'keys.json'),
      '--users-file',
      join(dir, 'users.json'),
    ]);
    try {
      const [, port] = await fleet.waitFor(/api http:\/\/127\.0\.0\.1:(\d+)/);
      const url = `http://127.0.0.1:${port}`;
      const page = await signIn(readFileSync(join(dir, 'ground-token'), 'utf8').trim(), url);
      // two spacecraft: the header counts the fleet's open alarms beside the chosen one's
      await expect.poll(() => page.locator('#fleet-alarm-count').getAttribute('data-open')).toBe('0');
      await page.goto(`${url}/#/passes`);
      await page.locator('#pass-timeline').waitFor();
      const count = Number(/^(\d+) passes/.exec((await page.locator('#pass-count').textContent()) ?? '')?.[1]);
      expect(count).toBeGreaterThan(0);
      expect(await page.locator('#pass-timeline rect.pass').count()).toBe(count);
      await page.screenshot({ path: join(SHOTS, 'passes.png') });
      await page.context().close();
    } finally {
      await fleet.stop();
    }
  }, 60_000);

  it('offers a viewer no commanding, and the API refuses a command from the viewer’s session', async () => {
    const added = await postAsLocal('/api/users', { name: 'watcher', role: 'viewer' });
    expect(added.status).toBe(201);
    const viewerToken = ((await added.json()) as { token: string }).token;
    const page = await signIn(viewerToken);
    expect(await page.locator('#user').textContent()).toBe('watcher (viewer)');
    await page.goto(`${stack.url}/#/commands`);
    await page.locator('#no-commanding').waitFor();
    expect(await page.locator('#command-picker').count()).toBe(0);
    const refused = await page.evaluate(async () => {
      const response = await fetch('/api/commands', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'noop' }),
      });
      return { status: response.status, body: (await response.json()) as { error: string } };
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toContain('watcher is viewer');
    await page.screenshot({ path: join(SHOTS, 'viewer.png') });
    await page.context().close();
  }, 60_000);
});
