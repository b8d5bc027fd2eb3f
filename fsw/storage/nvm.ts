/**
 * Non-volatile memory as the flight software sees it: a fixed number of
 * bytes, read and written synchronously (NVM writes are small and the flight
 * loop is synchronous). Two devices:
 *
 * - MemoryNvm: an in-process image. The test harness keeps its Uint8Array
 *   across flight-software restarts, as real NVM survives a reset.
 * - FileNvm: a file of fixed size, for hardware in the loop. Write-behind:
 *   writes go to the file (the page cache) at once and sync() makes all of
 *   them durable with one fdatasync; the flight software syncs once per
 *   tick, before the tick's packets leave (fsw/flight.ts). An fsync costs
 *   2 to 12 ms, one per write would cost more than the tick.
 *
 * `epoch` tells the record store which writes may still be lost at a power
 * cut: a write made while the epoch has a value is durable once it has
 * moved on. MemoryNvm's writes are durable when write returns, so its epoch
 * moves on with every write; FileNvm's moves on with every sync that had
 * writes to make durable.
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
  /** Stores bytes at offsetBytes; readable when it returns, durable once `epoch` has moved on. */
  write(offsetBytes: number, bytes: Uint8Array): void;
  /** Makes every write so far durable; nothing to do when there is none since the last. Throws NvmSyncError when the device cannot. */
  sync(): void;
  /** Durability epoch: writes made in it are durable once it has grown. */
  readonly epoch: number;
}

/** A sync that failed: the writes since the last sync may not be durable (and retrying cannot tell), so the flight process stops. */
export class NvmSyncError extends Error {
  override readonly name = 'NvmSyncError';
}

/** The file-system calls FileNvm makes (node:fs; tests count or model them). */
export type NvmFileSystem = Pick<
  typeof fs,
  'openSync' | 'ftruncateSync' | 'fsyncSync' | 'fdatasyncSync' | 'fstatSync' | 'readSync' | 'writeSync' | 'closeSync'
>;

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

  private writes = 0;

  write(offsetBytes: number, bytes: Uint8Array): void {
    checkNvmRange(this.sizeBytes, offsetBytes, bytes.length);
    this.image.set(bytes, offsetBytes);
    this.writes++;
  }

  /** Every write is durable when it returns: nothing to do. */
  sync(): void {}

  get epoch(): number {
    return this.writes;
  }
}

export class FileNvm implements NvmDevice {
  private fd: number | null;
  private syncs = 0;
  /** Writes since the last sync (none: sync has nothing to do). */
  private unsyncedWrites = 0;

  private constructor(
    readonly path: string,
    readonly sizeBytes: number,
    fd: number,
    private readonly files: NvmFileSystem,
  ) {
    this.fd = fd;
  }

  get epoch(): number {
    return this.syncs;
  }

  /** Syncs that made writes durable, since the device was opened. */
  get syncCount(): number {
    return this.syncs;
  }

  /**
   * Opens the file at path as a device of sizeBytes, creating it zero-filled
   * if it does not exist. Refuses a file of another size (it belongs to
   * another configuration) and any file-system error, with the reason.
   */
  static open(path: string, sizeBytes: number, files: NvmFileSystem = fs): Outcome<FileNvm> {
    checkNvmSize(sizeBytes);
    let fd: number;
    try {
      fd = files.openSync(path, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return fail(`NVM file ${path} cannot be opened: ${(error as Error).message}`);
      try {
        // 'wx+' fails if another process created the file in between: nothing is overwritten.
        fd = files.openSync(path, 'wx+');
        files.ftruncateSync(fd, sizeBytes);
        files.fsyncSync(fd);
      } catch (createError) {
        return fail(`NVM file ${path} cannot be created: ${(createError as Error).message}`);
      }
      return accept(new FileNvm(path, sizeBytes, fd, files));
    }
    try {
      const actualBytes = files.fstatSync(fd).size;
      if (actualBytes !== sizeBytes) {
        files.closeSync(fd);
        return fail(
          `NVM file ${path} is ${actualBytes} bytes, expected ${sizeBytes}: it belongs to another configuration; move it away to start from blank NVM`,
        );
      }
    } catch (error) {
      files.closeSync(fd);
      return fail(`NVM file ${path} cannot be examined: ${(error as Error).message}`);
    }
    return accept(new FileNvm(path, sizeBytes, fd, files));
  }

  read(offsetBytes: number, lengthBytes: number): Uint8Array {
    checkNvmRange(this.sizeBytes, offsetBytes, lengthBytes);
    const fd = this.openFd();
    const bytes = new Uint8Array(lengthBytes);
    let doneBytes = 0;
    while (doneBytes < lengthBytes) {
      const readBytes = this.files.readSync(fd, bytes, doneBytes, lengthBytes - doneBytes, offsetBytes + doneBytes);
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
      doneBytes += this.files.writeSync(fd, bytes, doneBytes, bytes.length - doneBytes, offsetBytes + doneBytes);
    }
    this.unsyncedWrites++;
  }

  /** One fdatasync for every write since the last (the size never changes, so no metadata needs it). */
  sync(): void {
    if (this.unsyncedWrites === 0) return;
    try {
      this.files.fdatasyncSync(this.openFd());
    } catch (error) {
      throw new NvmSyncError(`NVM file ${this.path} could not be synced: ${(error as Error).message}`);
    }
    this.unsyncedWrites = 0;
    this.syncs++;
  }

  /** Syncs and closes the file; reading or writing afterwards throws. Closing twice is harmless. */
  close(): void {
    if (this.fd === null) return;
    try {
      this.sync();
    } finally {
      const fd = this.fd;
      this.fd = null;
      this.files.closeSync(fd);
    }
  }

  private openFd(): number {
    if (this.fd === null) throw new Error(`NVM file ${this.path} is closed`);
    return this.fd;
  }
}
