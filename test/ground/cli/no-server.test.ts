/** The operator CLI when no ground server runs: every verb says how to start one; --help needs none. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runBin } from '../../helpers/cli.js';

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ground CLI without a server', () => {
  it('says how to start the server, with exit 3, for every verb that needs one', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    for (const args of [
      ['status'],
      ['send', 'noop'],
      ['tlm'],
      ['events'],
      ['jobs', 'list'],
      ['archive', 'events'],
      ['run', join(ROOT, 'docs/procedures/checkout.proc')],
    ]) {
      const run = await runBin('ground', args, { env: { ORBITAL_GROUND_URL: url } });
      expect(run.code, args.join(' ')).toBe(3);
      expect(run.stderr).toMatch(/no ground server answers at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): start it with `npx ground serve`/);
      // Nothing ran first (the procedure's log steps included).
      expect(run.stdout, args.join(' ')).toBe('');
    }
  });

  it('every verb answers --help with its usage and exit 0', async () => {
    for (const verb of ['send', 'tlm', 'events', 'jobs', 'archive', 'run', 'status', 'users']) {
      const run = await runBin('ground', [verb, '--help']);
      expect(run.code, verb).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: ground ${verb}`));
      expect(run.stdout).toMatch(/Exit codes:/);
    }
  });

  it('refuses a server address that is not a URL with one line and exit 2, for every verb that needs a server', async () => {
    const verbs = [
      ['status'],
      ['send', 'noop'],
      ['tlm'],
      ['events'],
      ['jobs', 'list'],
      ['archive', 'events'],
      ['run', join(ROOT, 'docs/procedures/checkout.proc')],
    ];
    for (const args of verbs) {
      for (const [extra, env, shown] of [
        [['--server', '127.0.0.1:8090'], {}, '--server "127.0.0.1:8090"'],
        [['--server', 'notaurl'], {}, '--server "notaurl"'],
        [[], { ORBITAL_GROUND_URL: 'notaurl' }, '$ORBITAL_GROUND_URL "notaurl"'],
      ] as const) {
        const run = await runBin('ground', [...args, ...extra], { env });
        expect(run.code, `${args.join(' ')} ${extra.join(' ')}`).toBe(2);
        expect(run.stderr).toBe(`ground ${args[0]}: ${shown} is not a server URL: give http://HOST:PORT, for example http://127.0.0.1:8090\n`);
      }
    }
  });

  it('says what is wrong with an option in one line of its own words, exit 2', async () => {
    const cases = [
      [['send', 'noop', '--bogus'], 'ground send: unknown option --bogus (see: ground send --help)\n'],
      [
        ['send', 'noop', '--at', '-5'],
        'ground send: --at -5: a command is released ahead, not in the past: give +S (seconds after the latest telemetry) or a mission time\n',
      ],
      [['send', 'noop', '--timeout', '-1'], 'ground send: --timeout -1 is not a positive number of seconds\n'],
      [['events', '--last', '-3'], 'ground events: --last -3 is not a positive integer\n'],
      [['send', 'noop', '--timeout'], 'ground send: --timeout needs a value (see: ground send --help)\n'],
      [['send', 'ping', 'token=99999999999999999999'], 'ground send: argument "token": 99999999999999999999 is out of range: 0..4294967295\n'],
    ] as const;
    for (const [args, line] of cases) {
      const run = await runBin('ground', args, { env: { ORBITAL_GROUND_URL: 'http://127.0.0.1:1' } });
      expect([run.code, run.stderr], args.join(' ')).toEqual([2, line]);
    }
  });

  it('run --check reports every error of a file, each with its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procedures-'));
    const file = join(dir, 'bad.proc');
    writeFileSync(file, 'send nop\nlog fine\nsleep x\nsend noop\nwait executive_hk.mode = SAFE\n');
    const run = await runBin('ground', ['run', '--check', file]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      `ground run: ${file}:1: unknown command "nop"; did you mean "noop"? (see: ground dictionary) (in "send nop")`,
      `ground run: ${file}:3: "x" is not a number of seconds 0..86400 (in "sleep x")`,
      `ground run: ${file}:5: "=" is not an operator (== != < <= > >=) (in "wait executive_hk.mode = SAFE")`,
    ]);
  });
});
