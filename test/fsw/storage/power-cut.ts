/** An NVM device that loses power after a given number of written bytes have reached the device underneath. */
import type { NvmDevice } from '../../../fsw/storage/nvm.js';

export class PowerLoss extends Error {
  constructor() {
    super('power loss');
    this.name = 'PowerLoss';
  }
}

export class PowerCutNvm implements NvmDevice {
  /** Bytes written to the device underneath so far. */
  writtenBytes = 0;

  constructor(
    private readonly inner: NvmDevice,
    /** Bytes that reach the device before the power goes; Infinity for none lost. */
    private readonly budgetBytes: number,
  ) {}

  get sizeBytes(): number {
    return this.inner.sizeBytes;
  }

  get epoch(): number {
    return this.inner.epoch;
  }

  read(offsetBytes: number, lengthBytes: number): Uint8Array {
    return this.inner.read(offsetBytes, lengthBytes);
  }

  sync(): void {
    this.inner.sync();
  }

  write(offsetBytes: number, bytes: Uint8Array): void {
    const leftBytes = this.budgetBytes - this.writtenBytes;
    if (bytes.length <= leftBytes) {
      this.inner.write(offsetBytes, bytes);
      this.writtenBytes += bytes.length;
      return;
    }
    if (leftBytes > 0) this.inner.write(offsetBytes, bytes.subarray(0, leftBytes));
    this.writtenBytes += Math.max(0, leftBytes);
    throw new PowerLoss();
  }
}
