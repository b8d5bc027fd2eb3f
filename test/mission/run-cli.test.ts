/**
 * `npx mission` as a user runs it (bin/mission.js, the compiled runner): a
 * short flight writes the archive, the record and the report, prints the
 * summary table and, with --digest, the telemetry hash as the last line.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WORKLOAD_FORMAT } from '../../mission/run/workload.js';
import type { MissionRecord } from '../../mission/report/record.js';
import { runBin } from '../helpers/cli.js';
import { SMALL_WORKLOAD } from './run-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'mission-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npx mission', () => {
  it('flies a short mission and writes archive.sqlite, record.json and report.html', async () => {
    const workload = join(dir, 'workload.json');
    writeFileSync(workload, JSON.stringify({ format: WORKLOAD_FORMAT, description: SMALL_WORKLOAD.description, jobs: SMALL_WORKLOAD.jobs }));
    const out = join(dir, 'out');
    const run = await runBin('mission', ['--orbits', '0.25', '--no-progress', '--out', out, '--workload', workload, '--digest']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const name of ['archive.sqlite', 'record.json', 'report.html']) expect(existsSync(join(out, name)), name).toBe(true);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Mission: 0.25 orbits at 550 km, beta 0 deg, seed 1');
    for (const label of ['energy in (array)', 'share of the energy bound', 'commands', 'drops']) expect(run.stdout).toContain(label);
    const digest = lines.at(-1)!;
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    const record = JSON.parse(readFileSync(join(out, 'record.json'), 'utf8')) as MissionRecord;
    expect(record.digest).toBe(digest);
    expect(record.parameters).toMatchObject({ orbits: 0.25, seed: 1, scenario: expect.stringContaining('default') });
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  });

  it('refuses a bad flag with one line on stderr and exit code 2', async () => {
    const run = await runBin('mission', ['--orbits', 'many']);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'mission: --orbits "many" is not a number (see: mission --help)\n' });
  });
});
