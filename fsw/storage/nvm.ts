/**
 * Non-volatile memory as the flight software sees it: a fixed number of
 * bytes, read and written synchronously (NVM writes are small and the flight
 * loop is synchronous). Two devices:
 *
 * - MemoryNvm: an in-process image. The test harness keeps its Uint8Array
 *   across flight-software restarts, as real NVM survives a reset.
 * - FileNvm: a file of fixed size, for hardware in the loop. Every write is
 *   followed by fsync, so a write has reached the disk before the next starts.
 *
 * An offset or length outside the device is a programming error and throws.
 * A device reports an I/O failure by throwing too; the record store turns
 * that into a typed result.
 */

import * as fs from 'node:fs';
import { accept, fail, type Outcome } from '../../protocol/index.js';

export interface NvmDevice {
  readonly sizeBytes: number;
  /** A copy of bytes [offsetBytes, offsetBytes + lengthBytes). */
  read(offsetBytes: number, lengthBytes: number): Uint8Array;
  /** Stores bytes at offsetBytes; complete when it returns. */
  write(offsetBytes: number, bytes: Uint8Array): void;
}

/** Largest device accepted, 1 GiB: NVM of a flight computer, not a disk. */
export const NVM_SIZE_BYTES_MAX = 1 << 30;

/** Throws unless sizeBytes is a whole number of bytes from 1 to NVM_SIZE_BYTES_MAX. */
export function checkNvmSize(sizeBytes: number): void {
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 1 || sizeBytes > NVM_SIZE_BYTES_MAX) {
    throw new RangeError(`NVM size must be a whole number of bytes from 1 to ${NVM_SIZE_BYTES_MAX}, is ${sizeBytes}`);
  }
}

/** Throws unless [offsetBytes, offsetBytes + lengthBytes) lies inside a device of sizeBytes. */
export function checkNvmRange(sizeBytes: number, offsetBytes: number, lengthBytes: number): void {
  if (!Number.isSafeInteger(offsetBytes) || !Number.isSafeInteger(lengthBytes) || offsetBytes < 0 || lengthBytes < 0 || offsetBytes + lengthBytes > sizeBytes) {
    throw new RangeError(`NVM access of ${lengthBytes} bytes at offset ${offsetBytes} is outside the device of ${sizeBytes} bytes`);
  }
}

export class MemoryNvm implements NvmDevice {
  /** The image itself, not a copy: the harness keeps it across restarts. */
  readonly image: Uint8Array;
  readonly sizeBytes: number;

  /** A zero-filled image of sizeBytes, or an existing image, used in place. */
  constructor(sizeBytesOrImage: number | Uint8Array) {
    if (typeof sizeBytesOrImage === 'number') {
      checkNvmSize(sizeBytesOrImage);
      this.image = new Uint8Array(sizeBytesOrImage);
    } else {
      checkNvmSize(sizeBytesOrImage.length);
      this.image = sizeBytesOrImage;
    }
    this.sizeBytes = this.image.length;
  }

  read(offsetBytes: number, lengthBytes: number): Uint8Array {
    checkNvmRange(this.sizeBytes, offsetBytes, lengthBytes);
    return this.image.slice(offsetBytes, offsetBytes + lengthBytes);
  }

  write(offsetBytes: number, bytes: Uint8Array): void {
    checkNvmRange(this.sizeBytes, offsetBytes, bytes.length);
    this.image.set(bytes, offsetBytes);
  }
}

export class FileNvm implements NvmDevice {
  private fd: number | null;

  private constructor(
    readonly path: string,
    readonly sizeBytes: number,
    fd: number,
  ) {
    this.fd = fd;
  }

  /**
   * Opens the file at path as a device of sizeBytes, creating it zero-filled
   * if it does not exist. Refuses a file of another size (it belongs to
   * another configuration) and any file-system error, with the reason.
   */
  static open(path: string, sizeBytes: number): Outcome<FileNvm> {
    checkNvmSize(sizeBytes);
    let fd: number;
    try {
      fd = fs.openSync(path, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return fail(`NVM file ${path} cannot be opened: ${(error as Error).message}`);
      try {
        // 'wx+' fails if another process created the file in between: nothing is overwritten.
        fd = fs.openSync(path, 'wx+');
        fs.ftruncateSync(fd, sizeBytes);
        fs.fsyncSync(fd);
      } catch (createError) {
        return fail(`NVM file ${path} cannot be created: ${(createError as Error).message}`);
      }
      return accept(new FileNvm(path, sizeBytes, fd));
    }
    try {
      const actualBytes = fs.fstatSync(fd).size;
      if (actualBytes !== sizeBytes) {
        fs.closeSync(fd);
        return fail(
          `NVM file ${path} is ${actualBytes} bytes, expected ${sizeBytes}: it belongs to another configuration; move it away to start from blank NVM`,
        );
      }
    } catch (error) {
      fs.closeSync(fd);
      return fail(`NVM file ${path} cannot be examined: ${(error as Error).message}`);
    }
    return accept(new FileNvm(path, sizeBytes, fd));
  }

  read(offsetBytes: number, lengthBytes: number): Uint8Array {
    checkNvmRange(this.sizeBytes, offsetBytes, lengthBytes);
    const fd = this.openFd();
    const bytes = new Uint8Array(lengthBytes);
    let doneBytes = 0;
    while (doneBytes < lengthBytes) {
      const readBytes = fs.readSync(fd, bytes, doneBytes, lengthBytes - doneBytes, offsetBytes + doneBytes);
      if (readBytes === 0) throw new Error(`NVM file ${this.path} ended at byte ${offsetBytes + doneBytes}: it was truncated`);
      doneBytes += readBytes;
    }
    return bytes;
  }

  write(offsetBytes: number, bytes: Uint8Array): void {
    checkNvmRange(this.sizeBytes, offsetBytes, bytes.length);
    const fd = this.openFd();
    let doneBytes = 0;
    while (doneBytes < bytes.length) {
      doneBytes += fs.writeSync(fd, bytes, doneBytes, bytes.length - doneBytes, offsetBytes + doneBytes);
    }
    fs.fsyncSync(fd);
  }

  /** Closes the file; reading or writing afterwards throws. Closing twice is harmless. */
  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    fs.closeSync(fd);
  }

  private openFd(): number {
    if (this.fd === null) throw new Error(`NVM file ${this.path} is closed`);
    return this.fd;
  }
}
