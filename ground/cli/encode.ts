import { parseArgs } from 'node:util';
import { SEQ_MAX, SEQUENCE_COUNT_MODULO, buildTelecommand, missionDictionary, missionTimeOfDate, suggest, toHex } from '../../protocol/index.js';
import { parseCommandArgs } from '../commanding/parse-args.js';
import { EXIT, usageError } from './exit-codes.js';
import { printJson } from './json.js';
import { defaultKeyFilePath, isDefaultKeyPlace, signingKeys } from './key-option.js';

export const ENCODE_HELP = `Usage: ground encode <command> [name=value ...] --seq N [options]

Builds one signed telecommand and prints its bytes as hex. Arguments are
checked against the dictionary first (see: ground dictionary).

Options:
  --seq N          anti-replay sequence number, 1 .. 2^64-1 (required)
  --key-file F     key file (default ${defaultKeyFilePath()}); created with
                   fresh keys, mode 0600, when missing (its folder must exist)
  --key-id N       uplink key to sign with (default: the file's uplink.activeKeyId)
  --time S         mission time in the secondary header, seconds since the
                   mission epoch (default: now)
  --count N        CCSDS packet sequence count, 0..16383 (default: seq mod 16384)
  --json           print {"hex", "bytes", ...} instead of bare hex
  --help           this text

Example: ground encode set_mode mode=SAFE --key-file keys.json --seq 7`;

export function encodeVerb(argv: readonly string[]): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      seq: { type: 'string' },
      'key-file': { type: 'string' },
      'key-id': { type: 'string' },
      time: { type: 'string' },
      count: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${ENCODE_HELP}\n`);
    return EXIT.ok;
  }
  const [name, ...words] = positionals;
  if (!name) throw usageError('encode needs a command name (see: ground dictionary)');
  const dictionary = missionDictionary();
  const entry = dictionary.command(name);
  if (!entry) throw usageError(`unknown command "${name}"${suggest(dictionary, name)}`);
  const args = parseCommandArgs(entry, words);
  if (!args.ok) throw usageError(args.error);

  if (values.seq === undefined) throw usageError('--seq N is required: every telecommand carries a new anti-replay number');
  if (!/^\d{1,20}$/.test(values.seq) || BigInt(values.seq) < 1n || BigInt(values.seq) > SEQ_MAX) throw usageError(`--seq ${values.seq} is not 1..2^64-1`);
  const seq = BigInt(values.seq);
  const timeS = values.time === undefined ? missionTimeOfDate(new Date()) : Number(values.time);
  if (!Number.isFinite(timeS) || timeS < 0) throw usageError(`--time ${values.time} is not a mission time in seconds (>= 0)`);
  const count = values.count === undefined ? Number(seq % BigInt(SEQUENCE_COUNT_MODULO)) : Number(values.count);
  if (!Number.isInteger(count) || count < 0 || count >= SEQUENCE_COUNT_MODULO) throw usageError(`--count ${values.count} is not 0..16383`);

  const keyPath = values['key-file'] ?? defaultKeyFilePath();
  const keyFile = signingKeys(keyPath, isDefaultKeyPlace(keyPath));
  const keyId = values['key-id'] === undefined ? keyFile.uplink.activeKeyId : Number(values['key-id']);
  const key = keyFile.uplink.keys.get(keyId);
  if (!key) throw usageError(`key id ${values['key-id']} is not in ${keyFile.path}`);

  const built = buildTelecommand(dictionary, { name, args: args.value, keyId, key, seq, sequenceCount: count, timeS });
  if (!built.ok) throw usageError(built.error);
  const hex = toHex(built.value);
  if (values.json) {
    printJson({ hex, bytes: built.value.length, command: name, opcode: entry.def.opcode, apid: entry.subsystem.apid, keyId, seq, timeS, args: args.value });
  } else {
    process.stdout.write(`${hex}\n`);
  }
  return EXIT.ok;
}
