/**
 * `ground send` against a ground server whose spacecraft is a fake in the
 * test: out of contact, arm and fire, time tags, a server without its key.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandRecord } from '../../../ground/api/contract.js';
import { runBin } from '../../helpers/cli.js';
import { api, until, type Harness } from '../server/harness.js';
import { harnesses } from './harnesses.js';

const start = harnesses();

const send = (harness: Harness, args: readonly string[]) =>
  runBin('ground', ['send', ...args, '--server', harness.url, '--token-file', join(harness.dir, 'ground-token')]);

describe('ground send against a ground server and a fake spacecraft', () => {
  it('out of contact: shows each retransmission and ends timed-out with exit 1, or returns at once with --no-wait', async () => {
    const harness = await start({ retransmitAfterS: 0.2, retransmitMax: 2 });
    harness.fake.drop = () => true;
    const run = await send(harness, ['noop']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^#1 noop sent by local \(seq \d+\)\n {2}retransmitted \(transmission 2\): no acceptance yet\n {2}retransmitted \(transmission 3\): no acceptance yet\n {2}timed-out\n$/,
    );
    expect(run.stderr).toMatch(/^note: no telemetry lately, the spacecraft may be out of contact/);
    expect(run.stderr).toMatch(/\nground send: #1 noop timed-out: no acceptance after 3 transmission\(s\): is the spacecraft in contact\?\n$/);
    expect(harness.fake.arrived).toHaveLength(3);

    const queued = await send(harness, ['noop', '--no-wait']);
    expect(queued.code).toBe(0);
    expect(queued.stdout).toMatch(/^#2 noop (queued|sent) by local \(seq \d+\): not waiting; follow it with `ground status`\n$/);
  });

  it('a hazardous command with --confirm goes as arm, then the command, and completes', async () => {
    const harness = await start();
    const run = await send(harness, ['reset_computer', '--confirm']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^#2 reset_computer \w+ by local \(seq \d+, after arm #1\)\n/);
    expect(run.stdout).toMatch(/#2 reset_computer completed\n$/);
    expect(harness.fake.executed).toEqual(['arm', 'reset_computer']);
  });

  it('--at time-tags the command and follows it to its release on board; +S counts from the latest telemetry', async () => {
    const harness = await start();
    const pending = send(harness, ['noop', '--at', '2000']);
    await until('the time-tagged command on board', () => harness.fake.executed.includes('schedule_insert'));
    harness.fake.release();
    const run = await pending;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^#1 noop \w+ by local \(seq \d+, time-tagged for t=2000\.00 s\)\n/);
    expect(run.stdout).toMatch(/#1 noop completed\n$/);

    harness.fake.downlink('mode_changed', { from: 'SAFE', to: 'NOMINAL', cause: 'command' }, { timeS: 1500 });
    await until(
      'the event in the archive',
      async () => (await api<{ link: { lastTelemetryTimeS: number | null } }>(harness, '/api/status')).body.link.lastTelemetryTimeS === 1500,
    );
    const relative = await send(harness, ['noop', '--at', '+30', '--no-wait', '--json']);
    expect(relative.code, relative.stderr).toBe(0);
    expect((JSON.parse(relative.stdout) as CommandRecord).atS).toBe(1530);
  });

  it("a server that cannot use its key file: exit 3 with the server's reason", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ground-cli-keys-'));
    const keyFile = join(dir, 'keys.json');
    writeFileSync(keyFile, '{}', { mode: 0o644 });
    chmodSync(keyFile, 0o644);
    const harness = await start({ keyFile });
    const run = await send(harness, ['noop']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^ground send: key file .* is readable by others \(mode 644\); run: chmod 600.*\(the server is not ready to command/);
    expect(harness.fake.arrived).toHaveLength(0);
    const status = await runBin('ground', ['status', '--server', harness.url, '--token-file', join(harness.dir, 'ground-token')]);
    expect(status.code).toBe(3);
    expect(status.stdout).toMatch(
      /\ncommanding NOT POSSIBLE: key file .* is readable by others \(mode 644\); run: chmod 600 .*: the ground cannot sign commands\n/,
    );
    expect(status.stderr).toMatch(/^ground status: commands cannot be sent: key file /);
  });

  it("status shows the command path: the key file, datagrams sent and the spacecraft's last answer", async () => {
    const harness = await start();
    expect((await send(harness, ['noop'])).code).toBe(0);
    const status = await runBin('ground', ['status', '--server', harness.url, '--token-file', join(harness.dir, 'ground-token')]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/\ncommanding ready: key file .*keys\.json, 1 datagram\(s\) sent, last answer \(to #1\) [\d.]+ s ago\n/);
  });
});
