/**
 * Builds a telecommand from its dictionary name: the arguments are checked
 * against the command's schema before anything is signed, so a sender can
 * never put an invalid command on the link.
 */

import type { Dictionary } from './dictionary/index.js';
import { PROTOCOL_LIMITS } from './limits.js';
import { encodeTelecommand } from './packet.js';
import { accept, fail, type Outcome } from './result.js';
import { describeErrors } from './schema.js';

export interface TelecommandRequest {
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly keyId: number;
  readonly key: Uint8Array;
  readonly seq: bigint;
  readonly sequenceCount: number;
  readonly timeS: number;
}

export function buildTelecommand(dictionary: Dictionary, request: TelecommandRequest): Outcome<Uint8Array> {
  const entry = dictionary.command(request.name);
  if (!entry) return fail(`unknown command "${request.name}"${suggest(dictionary, request.name)}`);
  const validate = dictionary.validator(entry);
  if (!validate(request.args)) return fail(`${request.name}: ${describeErrors(validate.errors, 'args')}`);
  try {
    return accept(
      encodeTelecommand(
        {
          apid: entry.subsystem.apid,
          sequenceCount: request.sequenceCount,
          timeS: request.timeS,
          opcode: entry.def.opcode,
          keyId: request.keyId,
          seq: request.seq,
          args: request.args,
        },
        request.key,
      ),
    );
  } catch (error) {
    // Too large, or a header value out of range: the request's fault, explained.
    return fail(`${request.name}: ${(error as Error).message} (mission maximum ${PROTOCOL_LIMITS.packetBytesMax} bytes)`);
  }
}

/** ", did you mean x?" for the closest known command name, or "". */
export function suggest(dictionary: Dictionary, name: string): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const entry of dictionary.commands()) {
    const distance = editDistance(name, entry.def.name);
    if (distance < bestDistance) {
      best = entry.def.name;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, name.length / 3) ? `; did you mean "${best}"?` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
