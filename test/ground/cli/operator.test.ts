/**
 * The operator CLI as an operator runs it: `ground <verb>` processes against
 * a real `ground serve`, `fsw` and `sim-hw serve` (a clean relay joins the
 * UDP ports, which are all ephemeral).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandRecord, StatusResponse } from '../../../ground/api/contract.js';
import { ROOT, runBin } from '../../helpers/cli.js';
import { startLiveStack, type LiveStack } from '../../helpers/live-stack.js';
import { startBin } from '../../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'ground-operator-'));
let stack: LiveStack;
let url = '';
const ground = (args: readonly string[]) => runBin('ground', [...args, '--server', url, '--token-file', join(dir, 'ground-token')]);
const status = async () => JSON.parse((await ground(['status', '--json'])).stdout) as StatusResponse;
const procedure = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(async () => {
  stack = await startLiveStack(dir);
  url = stack.url;
});

afterAll(async () => {
  await stack?.stop();
});

describe('ground CLI against ground serve, fsw and sim-hw serve', () => {
  it('send noop shows acceptance, start and completion live and exits 0; --json gives the final record', async () => {
    const sent = await ground(['send', 'noop']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/^#\d+ noop (queued|sent) by local \(seq \d+\)\n/);
    expect(sent.stdout).toMatch(/ {2}acceptance ok \(t=[\d.]+ s\)\n {2}start {6}ok \(t=[\d.]+ s\)\n {2}completion ok \(t=[\d.]+ s\)\n#\d+ noop completed\n$/);

    const json = await ground(['send', 'ping', 'token=42', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const record = JSON.parse(json.stdout) as CommandRecord;
    expect(record).toMatchObject({ name: 'ping', args: { token: 42 }, state: 'completed', final: true });
    expect(record.stages.map((stage) => stage.stage)).toEqual(['acceptance', 'start', 'completion']);
  });

  it('a command the spacecraft refuses to carry out exits 1 with the verification failure and its reason', async () => {
    const run = await ground(['send', 'monitor_enable', 'id=200', 'enabled=true']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/ {2}failure {4}invalid-value: no monitor 200 in the table \(t=[\d.]+ s\)\n$/);
    expect(run.stderr).toMatch(/^ground send: #\d+ monitor_enable failed: invalid-value \(no monitor 200 in the table\)\n$/);
  });

  it('refuses an unknown command, a bad argument and an unconfirmed hazardous command with exit 2, before the server is asked', async () => {
    const before = (await status()).archive.commandRows;
    const cases: [string[], RegExp][] = [
      [['send', 'set_mod', 'mode=SAFE'], /^ground send: unknown command "set_mod"; did you mean "set_mode"\?/],
      [['send', 'set_mode', 'mode=FAST'], /^ground send: argument "mode": "FAST" is not one of SAFE, NOMINAL\n$/],
      [['send', 'submit_job', 'jobId=1', 'kind=matmul', 'size=0'], /^ground send: argument "size": 0 is out of range: 1\.\.\d+\n$/],
      [['send', 'reset_computer'], /^ground send: reset_computer is hazardous: add --confirm/],
      [['send', 'noop', '--at', 'tomorrow'], /^ground send: --at: "tomorrow" is not a time/],
    ];
    for (const [args, message] of cases) {
      const run = await ground(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect((await status()).archive.commandRows).toBe(before);
  });

  it('tlm prints the latest values with their units, and refuses an unknown packet', async () => {
    const tlm = await ground(['tlm', 'executive_hk']);
    expect(tlm.code, tlm.stderr).toBe(0);
    expect(tlm.stdout).toMatch(/^executive_hk {2}t=[\d.]+ s {2}received [\d.]+ s ago\n/);
    expect(tlm.stdout).toMatch(/\n {2}uptimeS +[\d.]+ s\n/);
    expect(tlm.stdout).toMatch(/\n {2}mode +(SAFE|NOMINAL)\n/);
    expect(tlm.stdout).not.toContain('\x1b[');
    const watch = await ground(['tlm', 'executive_hk', '--watch', '--count', '2', '--interval', '0.2']);
    expect(watch.code).toBe(0);
    expect(watch.stdout.split('---\n')).toHaveLength(2);
    const unknown = await ground(['tlm', 'power_hkk']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown telemetry packet "power_hkk"; packets: .*power_hk/);
  });

  it('events prints the boot events; --severity filters by the minimum severity', async () => {
    const events = await ground(['events']);
    expect(events.code, events.stderr).toBe(0);
    expect(events.stdout).toMatch(/t=[\d.]+ s {2}info {6}boot: boot 1 \(power-on\), mode SAFE/);
    const warnings = await ground(['events', '--severity', 'critical', '--json']);
    expect(warnings.code).toBe(0);
    expect(JSON.parse(warnings.stdout).events.every((event: { severity: string }) => event.severity === 'critical')).toBe(true);
    expect((await ground(['events', '--severity', 'loud'])).code).toBe(2);
  });

  it('events --follow prints each new event as it arrives', async () => {
    const follow = startBin('ground', ['events', '--follow', '--server', url, '--token-file', join(dir, 'ground-token')]);
    try {
      await follow.waitFor(/boot: boot 1 \(power-on\)/);
      expect((await ground(['send', 'ping', 'token=777'])).code).toBe(0);
      await follow.waitFor(/t=[\d.]+ s {2}info {6}pong: pong 777\n/);
    } finally {
      await follow.stop();
    }
  });

  it('archive telemetry --csv gives a header and the rows of one parameter in the range', async () => {
    const csv = await ground(['archive', 'telemetry', '--from', '0', '--to', '100000', '--param', 'executive_hk.uptimeS', '--csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const [header, ...rows] = csv.stdout.trim().split(/\r?\n/);
    expect(header).toBe('timeS,packet,param,value,unit');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^[\d.]+,executive_hk,uptimeS,[\d.e-]+,s$/);

    const commands = await ground(['archive', 'commands', '--json']);
    expect(commands.code).toBe(0);
    expect(JSON.parse(commands.stdout).rows.map((row: { name: string }) => row.name)).toContain('noop');
    expect((await ground(['archive', 'telemetry', '--csv', '--json'])).code).toBe(2);
  });

  it('status shows the link in contact, the last telemetry time, the TM frames and no pending commands', async () => {
    const run = await ground(['status']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^link {7}uplink -> 127\.0\.0\.1:\d+, downlink on udp port \d+\ncontact {4}in contact\ntelemetry {2}last t=[\d.]+ s, received [\d.]+ s ago\n/m,
    );
    // A clean relay: frames on the housekeeping and report channels, none lost, none refused.
    expect(run.stdout).toMatch(/\nframes {5}[1-9]\d* received, lost VC \d 0(, VC \d 0)*, 0 packet\(s\) cut, refused: none\n/);
    expect(run.stdout).toMatch(/\npending {4}none\n/);
  });

  it('run: the shipped checkout procedure passes; a failed check stops with exit 1 naming the step and the value seen', async () => {
    const passed = await ground(['run', join(ROOT, 'docs/procedures/checkout.proc')]);
    expect(passed.code, passed.stdout + passed.stderr).toBe(0);
    expect(passed.stdout).toMatch(/line 8: wait executive_hk.mode == NOMINAL timeout 60\n {2}saw executive_hk.mode = "NOMINAL" at t=[\d.]+ s\n/);
    expect(passed.stdout).toMatch(/procedure passed \(8 steps\)\n$/);

    const path = procedure('failing.proc', 'send noop\ncheck executive_hk.modulesDead > 5\nsend set_mode mode=SAFE\n');
    const failed = await ground(['run', path]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      new RegExp(`^ground run: ${path}:2: step failed: check executive_hk.modulesDead > 5: saw executive_hk.modulesDead = 0 at t=[\\d.]+ s\\n$`),
    );
    expect(failed.stdout).not.toContain('line 3');
  });

  it('run: a syntax error names its line and exits 2 before anything is sent', async () => {
    const before = (await status()).archive.commandRows;
    const path = procedure('broken.proc', 'send noop\nwait executive_hk.mode = NOMINAL\n');
    const run = await ground(['run', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ground run: ${path}:2: "=" is not an operator (== != < <= > >=) (in "wait executive_hk.mode = NOMINAL")\n`);
    expect((await status()).archive.commandRows).toBe(before);
  });
});
