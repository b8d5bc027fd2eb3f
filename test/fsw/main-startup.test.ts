/**
 * `npx fsw` at its start: a bad option exits 2 at once (before anything is
 * opened, so nothing keeps the process alive); hardware that is not there
 * yet is tried again, with a line every few seconds, and connected to when
 * it appears; --connect-timeout-s bounds the wait (exit 3, one line).
 */
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeyFile, DEFAULT_SPACECRAFT_ID } from '../../protocol/index.js';
import { runBin } from '../helpers/cli.js';
import { startBin, type RunningProcess } from '../helpers/processes.js';

const started: RunningProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop('SIGKILL')));
});

/** A directory with a good key file, so that only the option under test can stop the software. */
function bench(): { dir: string; keyFile: string; nvm: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fsw-start-'));
  const keyFile = join(dir, 'keys.json');
  const keys = createKeyFile(keyFile);
  if (!keys.ok) throw new Error(keys.error);
  return { dir, keyFile, nvm: join(dir, 'nvm.bin') };
}

/** A TCP port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs fsw to its end, or kills it after limitMs (then code is 'still running'). */
async function runWithin(args: readonly string[], limitMs: number): Promise<{ code: number | 'still running'; output: string; elapsedMs: number }> {
  const startMs = Date.now();
  const child = startBin('fsw', args);
  started.push(child);
  const code = await Promise.race([child.exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), limitMs))]);
  return { code: code ?? -1, output: child.output(), elapsedMs: Date.now() - startMs };
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

describe('npx fsw: start-up', () => {
  it.each(['http://x', 'tcp://127.0.0.1:99999', 'tcp://127.0.0.1'])('exits 2 at once with one line for a malformed --hal %s', async (hal) => {
    const { keyFile, nvm } = bench();
    const run = await runWithin(['--hal', hal, '--tc-port', '0', '--key-file', keyFile, '--nvm', nvm], 10_000);
    expect(run.code).toBe(2);
    expect(run.elapsedMs).toBeLessThan(8_000);
    expect(lines(run.output)).toHaveLength(1);
    expect(run.output).toMatch(/^fsw: --hal: hardware address ".*" is not tcp:\/\/HOST:PORT \(see: fsw --help\)\n$/);
  });

  it.each(['-1', 'soon', '', '100000'])('exits 2 at once for --connect-timeout-s=%s', async (value) => {
    const { keyFile, nvm } = bench();
    const run = await runWithin(['--hal', 'tcp://127.0.0.1:1', `--connect-timeout-s=${value}`, '--tc-port', '0', '--key-file', keyFile, '--nvm', nvm], 10_000);
    expect(run.code).toBe(2);
    expect(lines(run.output)).toHaveLength(1);
    expect(run.output).toMatch(/--connect-timeout-s .* is not 0\.\.86400 seconds/);
  });

  it('says in one line that an option lacks its value (parseArgs speaks in three)', async () => {
    const run = await runWithin(['--hal', 'tcp://127.0.0.1:1', '--connect-timeout-s', '-1'], 10_000);
    expect(run.code).toBe(2);
    expect(lines(run.output)).toHaveLength(1);
    expect(run.output).toMatch(/^fsw: Option '--connect-timeout-s' argument is ambiguous\..*\(see: fsw --help\)\n$/);
  });

  it('waits for a simulator that starts later, with a line every few seconds, and connects when it appears', async () => {
    const { keyFile, nvm } = bench();
    const port = await closedPort();
    const fsw = startBin('fsw', ['--hal', `tcp://127.0.0.1:${port}`, '--tc-port', '0', '--tm-to', '127.0.0.1:9', '--key-file', keyFile, '--nvm', nvm]);
    started.push(fsw);
    await fsw.waitFor(/fsw: waiting for the hardware at tcp:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    // About six seconds of attempts every 0.5 s: two lines, not one per attempt.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(fsw.child.exitCode).toBeNull();
    const waiting = lines(fsw.output()).filter((line) => /waiting for the hardware/.test(line));
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    expect(waiting.length).toBeLessThanOrEqual(3);
    const sim = startBin('sim-hw', ['serve', '--port', String(port), '--control-port', '0', '--speed', '10', '--link', 'relay']);
    started.push(sim);
    await sim.waitFor(/flight software connected/, 20_000);
    await fsw.waitFor(/fsw: the hardware at tcp:\/\/127\.0\.0\.1:\d+ answered after [\d.]+ s/, 20_000);
    await fsw.waitFor(/fsw: hardware tcp:\/\/127\.0\.0\.1:\d+, telecommands on udp:\/\/127\.0\.0\.1:\d+/, 20_000);
    expect(fsw.child.exitCode).toBeNull();
  });

  it('--connect-timeout-s bounds the wait: exit 3 with one line naming the bound', async () => {
    const { keyFile, nvm } = bench();
    const port = await closedPort();
    const run = await runWithin(
      ['--hal', `tcp://127.0.0.1:${port}`, '--connect-timeout-s', '1.5', '--tc-port', '0', '--key-file', keyFile, '--nvm', nvm],
      15_000,
    );
    expect(run.code).toBe(3);
    expect(run.elapsedMs).toBeGreaterThanOrEqual(1_400);
    const out = lines(run.output);
    expect(out.at(-1)).toMatch(
      /^fsw: the hardware at tcp:\/\/127\.0\.0\.1:\d+ did not answer within 1\.5 s \(--connect-timeout-s; \d+ attempts, last: .*ECONNREFUSED.*\)$/,
    );
    // The line when the wait began, and the one at the end.
    expect(out).toHaveLength(2);
    expect(run.output).not.toMatch(/\n\s+at /);
  });

  it('stops waiting on SIGTERM and exits 0', async () => {
    const { keyFile, nvm } = bench();
    const port = await closedPort();
    const fsw = startBin('fsw', ['--hal', `tcp://127.0.0.1:${port}`, '--tc-port', '0', '--key-file', keyFile, '--nvm', nvm]);
    started.push(fsw);
    await fsw.waitFor(/fsw: waiting for the hardware/);
    expect(await fsw.stop('SIGTERM')).toBe(0);
    expect(fsw.output()).toMatch(/fsw: stopped while waiting for the hardware/);
  });

  it('takes its own keys from a fleet key file by --spacecraft-id: another id exit 3 naming the spacecraft the file has, a bad id exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fsw-fleet-keys-'));
    const keyFile = join(dir, 'keys.json');
    const keys = createKeyFile(keyFile, false, [1, 2]);
    if (!keys.ok) throw new Error(keys.error);
    const nvm = join(dir, 'nvm.bin');
    // without the flag, the default spacecraft id (0x0A5), which this file has no keys for
    const unnamed = await runWithin(['--hal', 'tcp://127.0.0.1:1', '--tc-port', '0', '--key-file', keyFile, '--nvm', nvm], 10_000);
    expect(unnamed.code).toBe(3);
    expect(unnamed.output).toBe(`fsw: key file ${keyFile} holds no keys for spacecraft ${DEFAULT_SPACECRAFT_ID} (it has 1, 2)\n`);
    const bad = await runWithin(['--hal', 'tcp://127.0.0.1:1', '--spacecraft-id', '1024', '--key-file', keyFile, '--nvm', nvm], 10_000);
    expect(bad.code).toBe(2);
    expect(bad.output).toBe('fsw: --spacecraft-id 1024 is not 0..1023 (see: fsw --help)\n');
    const missing = await runWithin(['--hal', 'tcp://127.0.0.1:1', '--spacecraft-id', '3', '--tc-port', '0', '--key-file', keyFile, '--nvm', nvm], 10_000);
    expect(missing.code).toBe(3);
    expect(missing.output).toBe(`fsw: key file ${keyFile} holds no keys for spacecraft 3 (it has 1, 2)\n`);
    const port = await closedPort();
    const named = await runWithin(
      ['--hal', `tcp://127.0.0.1:${port}`, '--spacecraft-id', '2', '--connect-timeout-s', '0.5', '--tc-port', '0', '--key-file', keyFile, '--nvm', nvm],
      10_000,
    );
    // past the keys, to the hardware wait: the bound ends it
    expect(named.code).toBe(3);
    expect(named.output).toMatch(/the hardware at tcp:\/\/127\.0\.0\.1:\d+ did not answer within 0\.5 s/);
  });

  it('documents the wait and --connect-timeout-s in its help', async () => {
    const help = await runBin('fsw', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--connect-timeout-s S/);
    expect(help.stdout).toMatch(/tried again every 0\.5 s/);
    expect(help.stdout).toMatch(/2 bad option \(at once\)/);
    expect(help.stdout).toMatch(/no hardware within --connect-timeout-s/);
  });
});
