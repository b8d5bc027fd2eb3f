import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DEFAULT_SPACECRAFT_ID,
  MAC_BYTES,
  SPACECRAFT_ID_MAX,
  TC_VC_COMMANDS,
  TM_FRAME_BYTES,
  TcDeframer,
  TmDeframer,
  type KeyFile,
  dateOfMissionTime,
  decodePacket,
  fromHex,
  missionDictionary,
  toHex,
  type DecodedPacket,
  type PacketRejection,
} from '../../protocol/index.js';
import { EXIT, usageError } from './exit-codes.js';
import { printJson } from './json.js';
import { verifyingKeys } from './key-option.js';

export const DECODE_HELP = `Usage: ground decode <hex | -> [--key-file F] [--frame] [--spacecraft-id N]

Decodes one space packet (telemetry or telecommand) given as hex, or read
from standard input with "-", and prints it as JSON: primary header,
secondary header, security fields, the message and its payload, and the
verdict. Byte strings print as {"$hex": "..."}.

Options:
  --key-file F   verify a telecommand's MAC with the uplink keys of this key
                 file; without it the MAC is reported as not checked (a
                 telemetry packet has no MAC: its TM frame is authenticated)
  --frame        the hex is a transfer frame (ICD section 16): a TM frame
                 when it is ${TM_FRAME_BYTES} octets, else a TC frame; prints its
                 header and every packet that starts and ends in it; with
                 --key-file a TM frame's MAC is checked with the downlink keys
  --spacecraft-id N
                 the spacecraft id a frame must name (default ${DEFAULT_SPACECRAFT_ID})
  --help         this text

Exit code: 0 when the packet is valid, 1 when it is rejected (the reason is
in "verdict"), 2 for bad input.`;

export function decodeVerb(argv: readonly string[]): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'key-file': { type: 'string' },
      frame: { type: 'boolean' },
      'spacecraft-id': { type: 'string', default: String(DEFAULT_SPACECRAFT_ID) },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${DECODE_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw usageError('decode needs exactly one packet: hex digits, or - to read them from standard input');
  const text = positionals[0] === '-' ? readFileSync(0, 'utf8') : positionals[0]!;
  const bytes = fromHex(text);
  if (!bytes) throw usageError('the packet is not hex: an even number of 0-9, a-f digits (spaces allowed)');
  const keys = values['key-file'] === undefined ? undefined : verifyingKeys(values['key-file']);
  if (values.frame) {
    const spacecraftId = Number(values['spacecraft-id']);
    if (!Number.isInteger(spacecraftId) || spacecraftId < 0 || spacecraftId > SPACECRAFT_ID_MAX) {
      throw usageError(`--spacecraft-id ${values['spacecraft-id']} is not 0..${SPACECRAFT_ID_MAX}`);
    }
    const described = describeFrame(bytes, spacecraftId, keys);
    printJson(described);
    return described.verdict.ok ? EXIT.ok : EXIT.failed;
  }
  const result = decodePacket(bytes, { dictionary: missionDictionary(), ...(keys ? { keys: keys.uplink.keys } : {}) });
  printJson(result.ok ? describeAccepted(bytes, result.value) : describeRejected(result));
  return result.ok ? EXIT.ok : EXIT.failed;
}

function describeAccepted(bytes: Uint8Array, packet: DecodedPacket) {
  const { header } = packet;
  const base = {
    verdict: { ok: true },
    primaryHeader: { ...header, apidName: packet.entry.subsystem.name, bytes: bytes.length },
    secondaryHeader: { timeS: packet.timeS, timeUtc: dateOfMissionTime(packet.timeS).toISOString() },
  };
  const crc = `0x${toHex(bytes.subarray(bytes.length - 2))}`;
  if (packet.type === 'tm') {
    return {
      ...base,
      secondaryHeader: { ...base.secondaryHeader, messageId: packet.id },
      security: { note: 'a TM packet has no MAC of its own: the TM frame that carries it is authenticated (ICD section 16)' },
      message: { kind: packet.entry.kind, name: packet.entry.def.name, subsystem: packet.entry.subsystem.name },
      payload: packet.data,
      crc,
    };
  }
  const macAt = bytes.length - 2 - MAC_BYTES;
  const mac = {
    mac: toHex(bytes.subarray(macAt, macAt + MAC_BYTES)),
    macChecked: packet.authenticated,
    ...(packet.authenticated ? {} : { note: 'MAC not checked: give --key-file to verify it' }),
  };
  return {
    ...base,
    secondaryHeader: { ...base.secondaryHeader, messageId: packet.opcode },
    security: { keyId: packet.keyId, seq: packet.seq, ...mac },
    message: { kind: 'command', name: packet.entry.def.name, subsystem: packet.entry.subsystem.name, hazardous: packet.entry.def.hazardous },
    payload: packet.args,
    crc,
  };
}

/** A transfer frame and the packets in it, each through the packet decode. */
function describeFrame(bytes: Uint8Array, spacecraftId: number, keys: KeyFile | undefined) {
  const dictionary = missionDictionary();
  const packetsOf = (packets: readonly Uint8Array[]) =>
    packets.map((packet) => {
      const result = decodePacket(packet, { dictionary, ...(keys ? { keys: keys.uplink.keys } : {}) });
      return result.ok ? describeAccepted(packet, result.value) : describeRejected(result);
    });
  if (bytes.length === TM_FRAME_BYTES) {
    const deframer = new TmDeframer({ spacecraftId, frameBytes: TM_FRAME_BYTES, ...(keys ? { keys: keys.downlink.keys } : {}) });
    const result = deframer.accept(bytes);
    if (!result.ok) return { verdict: { ok: false, reason: result.reason, detail: result.detail }, kind: 'tm-frame' };
    const { data, sequence, ...header } = result.frame;
    return {
      verdict: { ok: true },
      kind: 'tm-frame',
      header: { ...header, sequence: sequence.toString(), macChecked: keys !== undefined },
      packets: packetsOf(result.packets),
    };
  }
  const result = new TcDeframer(spacecraftId, [TC_VC_COMMANDS]).accept(bytes);
  if (!result.ok) return { verdict: { ok: false, reason: result.reason, detail: result.detail }, kind: 'tc-frame' };
  return { verdict: { ok: true }, kind: 'tc-frame', header: { spacecraftId, octets: bytes.length }, packets: packetsOf(result.value) };
}

function describeRejected(rejection: PacketRejection) {
  return {
    verdict: { ok: false, reason: rejection.reason, detail: rejection.detail },
    ...(rejection.header ? { primaryHeader: rejection.header } : {}),
    ...(rejection.keyId !== undefined ? { security: { keyId: rejection.keyId, ...(rejection.seq !== undefined ? { seq: rejection.seq } : {}) } } : {}),
  };
}
