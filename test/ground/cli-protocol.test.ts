import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/cli.js';
import { DEFAULT_SPACECRAFT_ID, TM_FRAME_BYTES, TmFramer, encodeTelemetry, readKeyFile, toHex } from '../../protocol/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ground-cli-'));
mkdirSync(join(dir, 'keys'));
const keyFile = join(dir, 'keys', 'ground.json');

describe('ground encode / decode / dictionary', () => {
  it('encode creates a missing key file with mode 0600, never prints the secret, and decode round-trips', async () => {
    const encoded = await runBin('ground', ['encode', 'noop', '--key-file', keyFile, '--seq', '1', '--time', '0']);
    expect(encoded.code).toBe(0);
    expect(encoded.stderr).toContain('created key file');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const file = JSON.parse(readFileSync(keyFile, 'utf8')) as {
      spacecraft: Array<{ uplink: { keys: Array<{ secretHex: string }> }; downlink: { keys: Array<{ secretHex: string }> } }>;
    };
    const [only] = file.spacecraft;
    for (const secret of [only!.uplink.keys[0]!.secretHex, only!.downlink.keys[0]!.secretHex]) expect(encoded.stdout + encoded.stderr).not.toContain(secret);
    const hex = encoded.stdout.trim();
    expect(hex).toMatch(/^[0-9a-f]+$/);

    const decoded = await runBin('ground', ['decode', hex, '--key-file', keyFile]);
    expect(decoded.code).toBe(0);
    const json = JSON.parse(decoded.stdout);
    expect(json.verdict).toEqual({ ok: true });
    expect(json.message).toMatchObject({ kind: 'command', name: 'noop' });
    expect(json.security).toMatchObject({ keyId: 1, seq: '1', macChecked: true });
    expect(json.primaryHeader).toMatchObject({ type: 'tc', apid: 0x010, version: 0 });
  });

  it('adds a downlink key to a key file of the first format, keeping its uplink keys, and the flight software refuses such a file until then', async () => {
    const old = join(dir, 'old', 'keys.json');
    mkdirSync(join(dir, 'old'), { recursive: true });
    const uplinkHex = 'ab'.repeat(32);
    writeFileSync(old, JSON.stringify({ format: 'orbital-node-keys/1', activeKeyId: 4, keys: [{ keyId: 4, secretHex: uplinkHex }] }), { mode: 0o600 });
    const fsw = await runBin('fsw', ['--hal', 'tcp://127.0.0.1:9', '--key-file', old]);
    expect(fsw.code).toBe(3);
    expect(fsw.stderr).toMatch(
      /key file .*old\/keys\.json is format orbital-node-keys\/1, with no downlink \(telemetry\) key: the ground adds one when it starts/,
    );
    const encoded = await runBin('ground', ['encode', 'noop', '--key-file', old, '--seq', '1']);
    expect(encoded.code, encoded.stderr).toBe(0);
    expect(encoded.stderr).toMatch(/rewrote key file .*old\/keys\.json as format 3, keys by spacecraft \(spacecraft 165: uplink key id 4, downlink key id 5\)/);
    const upgraded = JSON.parse(readFileSync(old, 'utf8')) as unknown;
    expect(upgraded).toMatchObject({
      format: 'orbital-node-keys/3',
      spacecraft: [
        { spacecraftId: DEFAULT_SPACECRAFT_ID, uplink: { activeKeyId: 4, keys: [{ keyId: 4, secretHex: uplinkHex }] }, downlink: { activeKeyId: 5 } },
      ],
    });
    expect(statSync(old).mode & 0o777).toBe(0o600);
  });

  it("decode --frame checks a TM frame's MAC with the downlink key of the key file and shows the packets in it", async () => {
    const keys = readKeyFile(keyFile);
    if (!keys.ok) throw new Error(keys.error);
    const signing = { keyId: keys.value.downlink.activeKeyId, key: keys.value.downlink.keys.get(keys.value.downlink.activeKeyId)! };
    const frameWith = (key: typeof signing) => {
      const packets = [encodeTelemetry({ apid: 0x010, sequenceCount: 1, timeS: 5, id: 0x0182, data: { token: 3 } })];
      return toHex(new TmFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: TM_FRAME_BYTES, signing: key }).frame(1, () => packets.shift()).bytes);
    };
    const good = JSON.parse((await runBin('ground', ['decode', '--frame', frameWith(signing), '--key-file', keyFile])).stdout);
    expect(good).toMatchObject({
      verdict: { ok: true },
      kind: 'tm-frame',
      header: { vcid: 1, keyId: signing.keyId, sequence: '1', macChecked: true },
      packets: [{ verdict: { ok: true }, payload: { token: 3 } }],
    });
    const bad = await runBin('ground', ['decode', '--frame', frameWith({ keyId: signing.keyId, key: new Uint8Array(32) }), '--key-file', keyFile]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).verdict).toMatchObject({ ok: false, reason: 'bad-mac' });
  });

  it('never makes a folder for a key file named on the command line (a typo makes no key), and tells a loose key file to chmod 600', async () => {
    const typo = join(dir, 'nonexistent', 'dir', 'keys.json');
    const encoded = await runBin('ground', ['encode', 'noop', '--key-file', typo, '--seq', '1']);
    expect(encoded.code).toBe(3);
    expect(encoded.stderr).toMatch(/key file .*nonexistent\/dir\/keys\.json cannot be created: the folder .*nonexistent\/dir does not exist/);
    expect(existsSync(join(dir, 'nonexistent'))).toBe(false);
    const loose = join(dir, 'loose.json');
    writeFileSync(loose, readFileSync(keyFile), { mode: 0o644 });
    chmodSync(loose, 0o644);
    const fsw = await runBin('fsw', ['--hal', 'tcp://127.0.0.1:9', '--key-file', loose]);
    expect(fsw.code).toBe(3);
    expect(fsw.stderr).toBe(`fsw: key file ${loose} is readable by others (mode 644); run: chmod 600 ${loose}\n`);
  });

  it('makes the folder of the default key file on a fresh machine, named or not (as make hil names it)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'fresh-home-'));
    const defaultKeys = join(home, '.config', 'orbital-node', 'keys.json');
    const named = await runBin('ground', ['encode', 'noop', '--seq', '1', '--key-file', defaultKeys], { env: { HOME: home, ORBITAL_KEY_FILE: '' } });
    expect(named.code, named.stderr).toBe(0);
    expect(existsSync(defaultKeys)).toBe(true);
    const otherHome = mkdtempSync(join(tmpdir(), 'fresh-home-'));
    const unnamed = await runBin('ground', ['encode', 'noop', '--seq', '1'], { env: { HOME: otherHome, ORBITAL_KEY_FILE: '' } });
    expect(unnamed.code, unnamed.stderr).toBe(0);
    expect(existsSync(join(otherHome, '.config', 'orbital-node', 'keys.json'))).toBe(true);
  });

  it('decode reads standard input with "-", and reports an unchecked MAC without a key file', async () => {
    const encoded = await runBin('ground', ['encode', 'set_mode', 'mode=SAFE', '--key-file', keyFile, '--seq', '2', '--time', '12.5']);
    const decoded = await runBin('ground', ['decode', '-'], { input: `${encoded.stdout}\n` });
    expect(decoded.code).toBe(0);
    const json = JSON.parse(decoded.stdout);
    expect(json.payload).toEqual({ mode: 'SAFE' });
    expect(json.secondaryHeader.timeS).toBe(12.5);
    expect(json.security.macChecked).toBe(false);
  });

  it('decode refuses a damaged packet with exit code 1 and names the reason', async () => {
    const encoded = await runBin('ground', ['encode', 'noop', '--key-file', keyFile, '--seq', '3']);
    const hex = encoded.stdout.trim();
    const damaged = hex.slice(0, -1) + (hex.endsWith('0') ? '1' : '0');
    const decoded = await runBin('ground', ['decode', damaged]);
    expect(decoded.code).toBe(1);
    expect(JSON.parse(decoded.stdout).verdict).toMatchObject({ ok: false, reason: 'bad-crc' });
  });

  it('decode with another key file refuses the MAC', async () => {
    const otherKeys = join(dir, 'other.json');
    await runBin('ground', ['encode', 'noop', '--key-file', otherKeys, '--seq', '1']);
    const encoded = await runBin('ground', ['encode', 'noop', '--key-file', keyFile, '--seq', '4']);
    const decoded = await runBin('ground', ['decode', encoded.stdout.trim(), '--key-file', otherKeys]);
    expect(decoded.code).toBe(1);
    expect(JSON.parse(decoded.stdout).verdict.reason).toBe('bad-mac');
  });

  it.each([
    [['encode', 'set_mode', 'mode=FOO', '--seq', '5'], /"FOO" is not one of SAFE, NOMINAL/],
    [['encode', 'set_mode', '--seq', '5'], /set_mode needs mode=<SAFE\|NOMINAL>/],
    [['encode', 'set_mode', 'mode=SAFE', 'speed=3', '--seq', '5'], /has no argument "speed"/],
    [['encode', 'set_mod', 'mode=SAFE', '--seq', '5'], /unknown command "set_mod"; did you mean "set_mode"/],
    [['encode', 'noop'], /--seq N is required/],
    [['encode', 'noop', '--seq', '0'], /--seq 0 is not 1..2\^64-1/],
    [['encode', 'ping', 'token=abc', '--seq', '5'], /argument "token": "abc" is not an integer/],
    [['encode', 'noop', '--seq', '5', '--bogus'], /^ground encode: unknown option --bogus \(see: ground encode --help\)\n$/],
    [['decode', 'xyz'], /not hex/],
    [['frobnicate'], /unknown verb "frobnicate"/],
  ])('refuses bad usage with exit code 2 and a clear message: %s', async (args, message) => {
    const run = await runBin('ground', [...args, ...(args[0] === 'encode' ? ['--key-file', keyFile] : [])]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('refuses a key file others can read, with exit code 3', async () => {
    const loose = join(dir, 'loose.json');
    writeFileSync(loose, readFileSync(keyFile), { mode: 0o644 });
    const run = await runBin('ground', ['encode', 'noop', '--key-file', loose, '--seq', '1']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/readable by others.*chmod 600/);
  });

  it('prints the dictionary as text and as a JSON document', async () => {
    const text = await runBin('ground', ['dictionary']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/set_mode 0x0101/);
    expect(text.stdout).toMatch(/heater_override 0x0301 HAZARDOUS/);
    const json = await runBin('ground', ['dictionary', '--json']);
    const document = JSON.parse(json.stdout);
    expect(document.format).toBe('orbital-node-dictionary/1');
    expect(document.subsystems.map((s: { name: string }) => s.name)).toEqual([
      'executive',
      'commanding',
      'telemetry',
      'storage',
      'power',
      'thermal',
      'memory',
      'jobs',
    ]);
  });

  it('answers --help for every verb', async () => {
    for (const verb of ['encode', 'decode', 'dictionary']) {
      const run = await runBin('ground', [verb, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: ground /);
    }
  });
});
