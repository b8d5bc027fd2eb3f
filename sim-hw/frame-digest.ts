/** A running SHA-256 over a stream of frames (CBOR-encoded), for determinism checks. */
import { createHash, type Hash } from 'node:crypto';
import { encodeCbor } from '../protocol/index.js';
import type { SensorFrame } from '../fsw/hal/frames.js';

export class FrameDigest {
  private readonly hash: Hash = createHash('sha256');
  frames = 0;

  update(frame: SensorFrame): void {
    this.hash.update(encodeCbor(frame as unknown as Record<string, unknown>));
    this.frames++;
  }

  hex(): string {
    return this.hash.copy().digest('hex');
  }
}
