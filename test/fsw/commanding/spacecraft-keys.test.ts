import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKeyFile, type LinkKeys } from '../../../protocol/index.js';
import { TestGround, testStack } from '../../helpers/ground.js';

const hex = (byte: number) => byte.toString(16).padStart(2, '0').repeat(32);
const set = (keyId: number, byte: number) => ({ activeKeyId: keyId, keys: [{ keyId, secretHex: hex(byte) }] });

function fleetKeys(): { one: LinkKeys; two: LinkKeys } {
  const path = join(mkdtempSync(join(tmpdir(), 'fleet-keys-')), 'keys.json');
  writeFileSync(
    path,
    JSON.stringify({
      format: 'orbital-node-keys/3',
      spacecraft: [
        { spacecraftId: 1, uplink: set(1, 0x11), downlink: set(2, 0x12) },
        { spacecraftId: 2, uplink: set(1, 0x21), downlink: set(2, 0x22) },
      ],
    }),
    { mode: 0o600 },
  );
  const one = readKeyFile(path, 1);
  const two = readKeyFile(path, 2);
  if (!one.ok || !two.ok) throw new Error('the key file does not read');
  return { one: one.value, two: two.value };
}

describe('a key per spacecraft', () => {
  it('a command signed for one spacecraft is refused by another (bad MAC, not executed) and runs on its own', () => {
    const { one, two } = fleetKeys();
    const groundOfOne = new TestGround(testStack({ keys: one }), one);
    const groundOfTwo = new TestGround(testStack({ keys: two }), two);
    groundOfOne.run(2);
    groundOfTwo.run(2);
    const forOne = groundOfOne.build('ping', { token: 41 });
    groundOfTwo.stack.uplink(forOne);
    groundOfTwo.run(2);
    expect(groundOfTwo.events('command_rejected').map((event) => event.data.reason)).toEqual(['bad-mac']);
    expect(groundOfTwo.events('pong')).toHaveLength(0);
    groundOfOne.stack.uplink(forOne);
    groundOfOne.run(2);
    expect(groundOfOne.events('pong').map((event) => event.data.token)).toEqual([41]);
    expect(groundOfOne.events('command_rejected')).toHaveLength(0);
    // and each spacecraft's telemetry verifies with its own downlink key only
    expect(groundOfOne.undecodable).toEqual([]);
    expect(groundOfTwo.undecodable).toEqual([]);
  });
});
