import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileNvm, MemoryNvm } from '../../../fsw/storage/nvm.js';

describe('MemoryNvm', () => {
  it('reads back what was written, as copies, in an image the harness keeps', () => {
    const image = new Uint8Array(16);
    const nvm = new MemoryNvm(image);
    expect(nvm.sizeBytes).toBe(16);
    nvm.write(3, new Uint8Array([1, 2, 3]));
    expect([...image.subarray(2, 7)]).toEqual([0, 1, 2, 3, 0]);
    const read = nvm.read(3, 3);
    read[0] = 99;
    expect([...nvm.read(3, 3)]).toEqual([1, 2, 3]);
    // A "restart": a new device on the same image sees the data.
    expect([...new MemoryNvm(image).read(3, 3)]).toEqual([1, 2, 3]);
    expect([...new MemoryNvm(8).read(0, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('throws on an access outside the device or a bad size', () => {
    const nvm = new MemoryNvm(16);
    expect(() => nvm.read(15, 2)).toThrow(/outside the device of 16 bytes/);
    expect(() => nvm.read(-1, 1)).toThrow(/outside/);
    expect(() => nvm.read(0.5, 1)).toThrow(/outside/);
    expect(() => nvm.write(14, new Uint8Array(3))).toThrow(/outside/);
    expect(() => nvm.write(16, new Uint8Array(0))).not.toThrow();
    expect(() => new MemoryNvm(0)).toThrow(/NVM size/);
    expect(() => new MemoryNvm(1.5)).toThrow(/NVM size/);
  });
});

describe('FileNvm', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsw-nvm-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates a zero-filled file of the size and keeps data across reopening', () => {
    const file = path.join(dir, 'nvm.bin');
    const first = FileNvm.open(file, 4096);
    if (!first.ok) throw new Error(first.error);
    expect(fs.statSync(file).size).toBe(4096);
    expect(first.value.read(0, 4096).every((b) => b === 0)).toBe(true);
    first.value.write(4000, new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
    first.value.close();
    first.value.close();
    expect(() => first.value.read(0, 1)).toThrow(/closed/);

    const second = FileNvm.open(file, 4096);
    if (!second.ok) throw new Error(second.error);
    expect([...second.value.read(3999, 6)]).toEqual([0, 0xde, 0xad, 0xbe, 0xef, 0]);
    expect(() => second.value.write(4094, new Uint8Array(3))).toThrow(/outside the device of 4096 bytes/);
    second.value.close();
  });

  it('refuses a file of another size, and a path it cannot create', () => {
    const file = path.join(dir, 'nvm.bin');
    fs.writeFileSync(file, new Uint8Array(100));
    const refused = FileNvm.open(file, 4096);
    expect(refused.ok || refused.error).toMatch(/is 100 bytes, expected 4096/);
    expect(fs.statSync(file).size).toBe(100);
    const missingDir = FileNvm.open(path.join(dir, 'no', 'such', 'nvm.bin'), 4096);
    expect(missingDir.ok || missingDir.error).toMatch(/cannot be created/);
  });
});
