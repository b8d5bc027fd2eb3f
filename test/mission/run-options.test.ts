/**
 * The mission runner's command line and input files: flags with their
 * defaults and ranges, workload validation, one-line errors with exit code
 * 2 before anything flies, and the progress bar's pace.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missionMain, type MissionIo } from '../../mission/run/cli.js';
import { DEFAULT_MISSION_OPTIONS, parseMissionArgs } from '../../mission/run/options.js';
import { ProgressBar, progressLine } from '../../mission/run/progress.js';
import { parseWorkload, WORKLOAD_FORMAT } from '../../mission/run/workload.js';

const dir = mkdtempSync(join(tmpdir(), 'mission-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function main(argv: string[], stderrIsTty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let nowMs = 0;
  // Each look at the wall clock moves it 30 ms on.
  const io: MissionIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), stderrIsTty, nowMs: () => (nowMs += 30) };
  const code = await missionMain(argv, io);
  return { code, stdout, stderr };
}

describe('mission flags', () => {
  it('defaults to 3 orbits at 550 km, beta 0, seed 1, the default scenario and workload, out/, progress on', () => {
    expect(parseMissionArgs([])).toEqual({ ok: true, value: { help: false, options: DEFAULT_MISSION_OPTIONS } });
    expect(DEFAULT_MISSION_OPTIONS).toMatchObject({
      orbits: 3,
      altitudeKm: 550,
      betaDeg: 0,
      seed: 1,
      scenarioPath: null,
      workloadPath: null,
      outDir: 'out',
      digest: false,
      progress: true,
    });
  });

  it('takes every flag, a negative beta angle after its flag, and --help', () => {
    const parsed = parseMissionArgs([
      '--orbits',
      '0.5',
      '--altitude-km',
      '600',
      '--beta-deg',
      '-30',
      '--seed',
      '7',
      '--scenario',
      's.json',
      '--workload',
      'w.json',
      '--out',
      'o',
      '--digest',
      '--no-progress',
    ]);
    expect(parsed).toEqual({
      ok: true,
      value: {
        help: false,
        options: {
          orbits: 0.5,
          altitudeKm: 600,
          betaDeg: -30,
          seed: 7,
          scenarioPath: 's.json',
          workloadPath: 'w.json',
          outDir: 'o',
          digest: true,
          progress: false,
          fleet: null,
          workers: null,
          placement: 'broker',
          jobsPerHour: 12,
          redundantShare: 0.1,
          summaryJson: null,
          crosslink: false,
        },
      },
    });
    expect(parseMissionArgs(['--fleet', 'walker:2/2', '--workers', '3'])).toMatchObject({ ok: true, value: { options: { fleet: 'walker:2/2', workers: 3 } } });
    expect(
      parseMissionArgs(['--fleet', 'cluster:2', '--placement', 'least-queued', '--jobs-per-hour', '5', '--redundant-share', '0.5', '--summary-json', 's.json']),
    ).toMatchObject({ ok: true, value: { options: { placement: 'least-queued', jobsPerHour: 5, redundantShare: 0.5, summaryJson: 's.json' } } });
    expect(parseMissionArgs(['--fleet', 'walker:2/4', '--crosslink'])).toMatchObject({ ok: true, value: { options: { crosslink: true } } });
    expect(parseMissionArgs(['--crosslink'])).toEqual({ ok: false, error: '--crosslink is for a fleet run (--fleet SPEC)' });
    expect(parseMissionArgs(['--beta-deg=-45'])).toMatchObject({ ok: true, value: { options: { betaDeg: -45 } } });
    expect(parseMissionArgs(['-h'])).toEqual({ ok: true, value: { help: true } });
  });

  it.each([
    [['--orbits', '0'], '--orbits 0 is not above 0 and at most 100'],
    [['--orbits', '101'], '--orbits 101 is not above 0 and at most 100'],
    [['--orbits', 'three'], '--orbits "three" is not a number'],
    [['--altitude-km', '50'], '--altitude-km 50 is not 100..50000'],
    [['--beta-deg', '91'], '--beta-deg 91 is not -90..90'],
    [['--seed', '1.5'], '--seed 1.5 is not an integer'],
    [['--seed', '-1'], '--seed -1 is not 0..4294967295'],
    [['--out', ''], '--out needs a path'],
    [['--speed', '2'], "Unknown option '--speed'"],
    [['--orbits'], "Option '--orbits <value>' argument missing"],
    [['extra'], "Unexpected argument 'extra'"],
  ])('refuses %j: %s', (argv, message) => {
    const parsed = parseMissionArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });
});

describe('workload files', () => {
  const doc = (jobs: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ format: WORKLOAD_FORMAT, jobs, ...extra });

  it('reads jobs as submit_job arguments, in file order', () => {
    const parsed = parseWorkload(
      doc(
        [
          { jobId: 3, kind: 'matmul', size: 8, priority: 9, deadlineS: 100, inputSeed: 4 },
          { jobId: 1, kind: 'training', size: 2 },
        ],
        { description: 'two' },
      ),
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        description: 'two',
        jobs: [
          { jobId: 3, kind: 'matmul', size: 8, priority: 9, deadlineS: 100, inputSeed: 4 },
          { jobId: 1, kind: 'training', size: 2 },
        ],
      },
    });
  });

  it.each([
    ['{', 'is not JSON'],
    [JSON.stringify({ jobs: [] }), '"format" must be "orbital-node-workload/1"'],
    [doc([]), '"jobs" is empty'],
    [doc({}), '"jobs" must be an array'],
    [doc([{ jobId: 1, kind: 'matmul', size: 8 }], { extra: 1 }), 'unknown key "extra"'],
    [doc([{ jobId: 1, kind: 'sorting', size: 8 }]), 'jobs[0].kind must be one of matmul, inference, training'],
    [doc([{ jobId: 1, kind: 'matmul', size: 0 }]), 'jobs[0].size must be >= 1'],
    [doc([{ jobId: 1, kind: 'matmul' }]), 'jobs[0].size is required'],
    [doc([{ jobId: 1, kind: 'matmul', size: 8, colour: 'red' }]), 'jobs[0].colour'],
    [doc([{ jobId: 1, kind: 'matmul', size: 8, input: 'AAAA' }]), 'inline input bytes cannot be given'],
    [
      doc([
        { jobId: 1, kind: 'matmul', size: 8 },
        { jobId: 1, kind: 'matmul', size: 9 },
      ]),
      'jobs[1].jobId 1 repeats jobs[0]',
    ],
  ])('refuses %s: %s', (text, message) => {
    const parsed = parseWorkload(text, 'w.json');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toContain(message);
      expect(parsed.error.startsWith('w.json')).toBe(true);
    }
  });
});

describe('mission entry point: bad input', () => {
  it.each([
    [['--orbits', '-2'], 'mission: --orbits -2 is not above 0 and at most 100 (see: mission --help)'],
    [['--scenario', '/nonexistent/s.json'], 'mission: scenario file /nonexistent/s.json cannot be read (ENOENT) (see: mission --help)'],
    [['--workload', '/nonexistent/w.json'], 'mission: workload file /nonexistent/w.json cannot be read (ENOENT) (see: mission --help)'],
  ])('%j: exit 2 with one line on stderr, nothing flown', async (argv, line) => {
    const run = await main(argv);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('a scenario with several bad faults: one line naming them, exit 2', async () => {
    const scenario = file(
      'bad-scenario.json',
      JSON.stringify({
        format: 'orbital-node-scenario/1',
        faults: [
          { atS: 1, kind: 'latchup', rail: 'nowhere', extraCurrentA: 3 },
          { atS: 2, kind: 'solar-storm', multiplier: 3 },
        ],
      }),
    );
    const run = await main(['--scenario', scenario]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^mission: scenario file .*bad-scenario\.json is invalid: faults\[0\] \(latchup\): .*; faults\[1\] \(solar-storm\): needs durationS \(see: mission --help\)\n$/,
    );
  });

  it('a bad workload file: exit 2 with its problem', async () => {
    const workload = file('bad-workload.json', JSON.stringify({ format: WORKLOAD_FORMAT, jobs: [{ jobId: 0, kind: 'matmul', size: 4 }] }));
    const run = await main(['--workload', workload]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^mission: workload file .*bad-workload\.json is invalid: jobs\[0\]\.jobId must be >= 1 \(see: mission --help\)\n$/);
  });

  it('an output folder that is a file: exit 2', async () => {
    const out = file('not-a-folder', 'x');
    const run = await main(['--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^mission: --out .*not-a-folder cannot be used \(EEXIST\) \(see: mission --help\)\n$/);
  });

  it('--help prints the usage with every flag and exits 0', async () => {
    const run = await main(['--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--orbits', '--altitude-km', '--beta-deg', '--seed', '--scenario', '--workload', '--out', '--digest', '--no-progress'])
      expect(run.stdout).toContain(flag);
  });
});

describe('mission entry point: a tiny flight', () => {
  it('draws the progress bar only on a terminal and not with --no-progress; prints the summary and the digest last', async () => {
    const args = ['--orbits', '0.01', '--out', join(dir, 'tiny'), '--digest'];
    const tty = await main(args, true);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/^\r\[.*orbit 1\/1 {2}SoC \d+\.\d % {2}jobs 0\/60/);
    expect(tty.stderr.endsWith('\n')).toBe(true);
    expect(tty.stdout.split('\n')[0]).toBe('Mission: 0.01 orbits at 550 km, beta 0 deg, seed 1');
    const quiet = await main([...args, '--no-progress'], true);
    expect(quiet.stderr).toBe('');
    const piped = await main(args, false);
    expect(piped.stderr).toBe('');
    const digests = [tty, quiet, piped].map((run) => run.stdout.trimEnd().split('\n').at(-1));
    expect(digests[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(digests).size).toBe(1);
  });
});

describe('progress bar', () => {
  const at = (timeS: number) => ({ timeS, startS: 0, endS: 17_217, orbit: Math.floor(timeS / 5739) + 1, orbits: 3, socPct: 81.25, jobsDone: 7, jobsTotal: 60 });

  it('shows simulated time, orbit, state of charge and jobs', () => {
    expect(progressLine(at(8608))).toBe('[############............]  50 %  t 8608/17217 s  orbit 2/3  SoC 81.3 %  jobs 7/60');
  });

  it('redraws in place at most every 100 ms of wall time and ends the line', () => {
    let nowMs = 0;
    let out = '';
    const bar = new ProgressBar(
      (text) => (out += text),
      () => nowMs,
    );
    for (let i = 0; i < 50; i++) {
      bar.update(at(i * 10));
      nowMs += 10; // 50 updates in 500 ms
    }
    bar.end();
    const draws = out.split('\r').length - 1;
    expect(draws).toBe(6); // at 0, 100, 200, 300, 400 ms and the last state at the end
    expect(out.endsWith('\n')).toBe(true);
    expect(out).toContain('t 490/17217 s');
  });
});
