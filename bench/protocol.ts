/**
 * Protocol throughput: telemetry encode and decode-plus-validate (with and
 * without a MAC check per packet, as ICD 2 had it), telecommand sign-plus-
 * encode and verify-plus-decode, each beside a baseline doing the same steps
 * with JSON in place of CBOR and the pre-decode scan; TM transfer frames
 * (ICD 3): frame build, frame check and reassembly, and verify-plus-decode
 * with one MAC per frame; and the bare HMAC-SHA256 of node:crypto over the
 * same telemetry bytes. Targets: decode-plus-validate of 300-byte telemetry
 * at 400,000 packets/s without the MAC; with the MAC at least 80 % of the
 * bare HMAC rate per packet.
 */

import { createHmac } from 'node:crypto';
import {
  CRC_BYTES,
  Dictionary,
  MAC_BYTES,
  PRIMARY_HEADER_BYTES,
  ReplayWindow,
  SUBSYSTEMS,
  TC_DATA_OFFSET,
  DEFAULT_SPACECRAFT_ID,
  TM_FRAME_BYTES,
  TmDeframer,
  TmFramer,
  computeMac,
  crc16,
  decodePacket,
  decodeTelemetry,
  encodeTelecommand,
  encodeTelemetry,
  macMatches,
  readCuc,
  readPrimaryHeader,
  writeCuc,
  writePrimaryHeader,
  type KeyRing,
  type SubsystemDef,
  type TelemetryPacket,
} from '../protocol/index.js';
import { choice, integer, number } from '../protocol/dictionary/fields.js';
import { formatRate, measure, printTable, type BenchCase } from './harness.js';
import { judge, type SummaryRow } from './summary.js';

export const TM_DECODE_TARGET_PER_S = 400_000;
/** CBOR decode + validate at least as fast as the JSON baseline doing the same steps. */
export const TM_DECODE_VS_JSON_TARGET = 1;
/** Verify + decode + validate against the bare HMAC of the same bytes, measured in the same run. */
export const TM_VERIFY_VS_HMAC_TARGET = 0.8;

/** A housekeeping packet of about 300 bytes: 14 named values, as a busy subsystem sends. */
const benchSubsystem: SubsystemDef = {
  name: 'bench',
  apid: 0x7e0,
  description: 'benchmark-only subsystem',
  commands: [
    {
      name: 'bench_cmd',
      opcode: 0x7e00,
      description: 'benchmark command',
      hazardous: false,
      role: 'operator',
      args: { mode: choice(['SAFE', 'NOMINAL'], 'mode'), level: integer('level', { min: 0, max: 9 }) },
    },
  ],
  telemetry: [
    {
      name: 'bench_hk',
      id: 0x7e00,
      class: 'housekeeping',
      description: 'benchmark housekeeping',
      fields: Object.fromEntries([
        ...[
          'busVoltageV',
          'batteryVoltageV',
          'batteryCurrentA',
          'arrayCurrentA',
          'loadPowerW',
          'socPct',
          'dieTemperatureC',
          'boardTemperatureC',
          'batteryTemperatureC',
          'acceleratorCapW',
        ].map((name) => [name, number(name, { unit: 'x' })]),
        ...['shedLevel', 'latchupCount', 'correctedCount', 'jobsQueued'].map((name) => [name, integer(name, { min: 0 })]),
      ]),
    },
  ],
  events: [],
};

const dictionary = new Dictionary([...SUBSYSTEMS, benchSubsystem]);
const hkEntry = dictionary.downlink('bench_hk')!;
const tcEntry = dictionary.command('bench_cmd')!;
const key = new Uint8Array(32).fill(7);
const keys: KeyRing = new Map([[1, key]]);
const tmSigning = { keyId: 2, key: new Uint8Array(32).fill(9) };
const tmKeys: KeyRing = new Map([[tmSigning.keyId, tmSigning.key]]);

const hkData: Record<string, number> = {};
Object.keys(hkEntry.schema.properties as object).forEach((name, index) => {
  hkData[name] = index < 10 ? 12.345678 + index * Math.PI : index * 17;
});
const tm: TelemetryPacket = { apid: 0x7e0, sequenceCount: 1, timeS: 86400.5, id: 0x7e00, data: hkData };
const tmCbor = encodeTelemetry(tm);
const tcArgs = { mode: 'NOMINAL', level: 3 };

// The JSON baseline: the ICD 2 layout (header, key id, MAC and CRC per packet), with JSON text as user data.
const textEncoder = new TextEncoder();
const TM_DATA_OFFSET = 16;
const textDecoder = new TextDecoder();

function encodeJsonTelemetry(packet: TelemetryPacket): Uint8Array {
  const body = textEncoder.encode(JSON.stringify(packet.data));
  const total = TM_DATA_OFFSET + body.length + MAC_BYTES + CRC_BYTES;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  writePrimaryHeader(view, 'tm', packet.apid, packet.sequenceCount, total);
  writeCuc(view, PRIMARY_HEADER_BYTES, packet.timeS);
  view.setUint16(12, packet.id);
  view.setUint16(14, tmSigning.keyId);
  bytes.set(body, TM_DATA_OFFSET);
  const macAt = TM_DATA_OFFSET + body.length;
  bytes.set(computeMac(tmSigning.key, bytes, 0, macAt), macAt);
  view.setUint16(total - 2, crc16(bytes, 0, total - 2));
  return bytes;
}

function decodeJsonTelemetry(bytes: Uint8Array, checkMac: boolean): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = readPrimaryHeader(view);
  if (header.dataLength + 7 !== bytes.length || view.getUint16(bytes.length - 2) !== crc16(bytes, 0, bytes.length - 2)) return false;
  const macAt = bytes.length - 2 - MAC_BYTES;
  if (checkMac && !macMatches(tmKeys.get(view.getUint16(14))!, bytes, 0, macAt)) return false;
  readCuc(view, PRIMARY_HEADER_BYTES);
  const entry = dictionary.downlinkById(view.getUint16(12));
  if (!entry) return false;
  const data = JSON.parse(textDecoder.decode(bytes.subarray(TM_DATA_OFFSET, macAt)));
  return dictionary.validator(entry)(data);
}

function encodeJsonTelecommand(seq: bigint): Uint8Array {
  const body = textEncoder.encode(JSON.stringify(tcArgs));
  const total = TC_DATA_OFFSET + body.length + MAC_BYTES + CRC_BYTES;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  writePrimaryHeader(view, 'tc', 0x7e0, 1, total);
  writeCuc(view, PRIMARY_HEADER_BYTES, 100);
  view.setUint16(12, 0x7e00);
  view.setUint16(14, 1);
  view.setBigUint64(16, seq);
  bytes.set(body, TC_DATA_OFFSET);
  const macAt = TC_DATA_OFFSET + body.length;
  bytes.set(computeMac(key, bytes, 0, macAt), macAt);
  view.setUint16(total - 2, crc16(bytes, 0, total - 2));
  return bytes;
}

function decodeJsonTelecommand(bytes: Uint8Array, replay: ReplayWindow): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = readPrimaryHeader(view);
  if (header.dataLength + 7 !== bytes.length || view.getUint16(bytes.length - 2) !== crc16(bytes, 0, bytes.length - 2)) return false;
  const macAt = bytes.length - 2 - MAC_BYTES;
  if (!macMatches(keys.get(view.getUint16(14))!, bytes, 0, macAt)) return false;
  if (replay.check(1, view.getBigUint64(16)) !== 'new') return false;
  const entry = dictionary.commandByOpcode(view.getUint16(12))!;
  return dictionary.validator(entry)(JSON.parse(textDecoder.decode(bytes.subarray(TC_DATA_OFFSET, macAt))));
}

export interface ProtocolBenchFigures {
  readonly tmBytes: number;
  readonly rows: readonly { readonly operation: string; readonly cborPerS: number; readonly jsonPerS: number }[];
  /** TM transfer frames: rates in packets and frames per second. */
  readonly frameRows: readonly { readonly operation: string; readonly packetsPerS: number; readonly framesPerS: number }[];
  readonly packetsPerFrame: number;
  /** Telemetry decode + validate without the MAC check (the 400 k/s target). */
  readonly tmDecodePerS: number;
  /** Verify + decode + validate with one MAC per packet (ICD 2), per packet. */
  readonly tmVerifyPacketPerS: number;
  /** Verify + decode + validate with one MAC per TM frame (ICD 3: as flown), per packet. */
  readonly tmVerifyDecodePerS: number;
  /** The JSON baseline's telemetry decode + validate, MAC not checked. */
  readonly tmDecodeJsonPerS: number;
  /** HMAC-SHA256 of node:crypto over the same telemetry bytes, nothing else. */
  readonly bareHmacPerS: number;
}

/** ICD 2's per-packet MAC: the packet as it was then (key id and MAC added: 18 octets more), to time its HMAC check. */
const tmIcd2 = (() => {
  const bytes = new Uint8Array(tmCbor.length + 2 + MAC_BYTES);
  bytes.set(tmCbor.subarray(0, tmCbor.length - CRC_BYTES));
  const macAt = bytes.length - CRC_BYTES - MAC_BYTES;
  bytes.set(computeMac(tmSigning.key, bytes, 0, macAt), macAt);
  return { bytes, macAt };
})();

/** Frames of bench packets as the spacecraft sends them (packets spanning frames), distinct sequence numbers. */
const FRAMES_IN_STREAM = 2048;
const frameStream = (() => {
  const framer = new TmFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: TM_FRAME_BYTES, signing: tmSigning });
  const frames: Uint8Array[] = [];
  let packets = 0;
  for (let i = 0; i < FRAMES_IN_STREAM; i++) {
    const frame = framer.frame(0, () => {
      packets++;
      return tmCbor;
    });
    frames.push(frame.bytes);
  }
  return { frames, packetsPerFrame: packets / FRAMES_IN_STREAM };
})();

/** Runs frames through a deframer (a new one each pass: sequence numbers and counts start again) until n packets have come out. */
function deframeStream(n: number, keys: KeyRing | undefined, decode: boolean): number {
  let out = 0;
  let ok = 0;
  while (out < n) {
    const deframer = new TmDeframer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: TM_FRAME_BYTES, ...(keys ? { keys } : {}) });
    for (let i = 0; i < frameStream.frames.length && out < n; i++) {
      const result = deframer.accept(frameStream.frames[i]!);
      if (!result.ok) throw new Error(`bench/protocol: frame refused: ${result.detail}`);
      for (const packet of result.packets) {
        out++;
        if (!decode || decodeTelemetry(packet, { dictionary }).ok) ok++;
      }
    }
  }
  return ok;
}

export function benchProtocol(): ProtocolBenchFigures {
  const tmJson = encodeJsonTelemetry(tm);
  const tcCbor = encodeTelecommand({ apid: 0x7e0, sequenceCount: 1, timeS: 100, opcode: tcEntry.def.opcode, keyId: 1, seq: 1n, args: tcArgs }, key);
  const tcJson = encodeJsonTelecommand(1n);
  // Sanity: every path accepts what the other side produced.
  // decodeTelemetry is what the ground's intake (ground/link/telemetry-intake.ts) calls for every datagram.
  const check = decodeTelemetry(tmCbor, { dictionary });
  if (
    !check.ok ||
    !decodeJsonTelemetry(tmJson, true) ||
    !decodePacket(tcCbor, { dictionary, keys, replay: new ReplayWindow() }).ok ||
    !decodeJsonTelecommand(tcJson, new ReplayWindow())
  ) {
    throw new Error('bench/protocol: a path refuses its own packets');
  }
  const replay = new ReplayWindow();
  let sink = 0;
  const cases: BenchCase[] = [
    {
      name: 'tm-encode-cbor',
      run: (n) => {
        for (let i = 0; i < n; i++) sink ^= encodeTelemetry(tm).length;
      },
    },
    {
      name: 'tm-encode-json',
      run: (n) => {
        for (let i = 0; i < n; i++) sink ^= encodeJsonTelemetry(tm).length;
      },
    },
    {
      name: 'tm-decode-cbor',
      run: (n) => {
        for (let i = 0; i < n; i++) sink ^= decodeTelemetry(tmCbor, { dictionary }).ok ? 1 : 0;
      },
    },
    {
      name: 'tm-decode-json',
      run: (n) => {
        for (let i = 0; i < n; i++) sink ^= decodeJsonTelemetry(tmJson, false) ? 1 : 0;
      },
    },
    {
      name: 'tm-verify-cbor',
      run: (n) => {
        for (let i = 0; i < n; i++) sink ^= macMatches(tmSigning.key, tmIcd2.bytes, 0, tmIcd2.macAt) && decodeTelemetry(tmCbor, { dictionary }).ok ? 1 : 0;
      },
    },
    {
      name: 'tm-verify-json',
      run: (n) => {
        for (let i = 0; i < n; i++) sink ^= decodeJsonTelemetry(tmJson, true) ? 1 : 0;
      },
    },
    {
      name: 'tm-frame-verify',
      run: (n) => {
        sink ^= deframeStream(n, tmKeys, true);
      },
    },
    {
      name: 'tm-frame-check',
      run: (n) => {
        sink ^= deframeStream(n, undefined, false);
      },
    },
    {
      name: 'tm-frame-build',
      run: (n) => {
        const framer = new TmFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: TM_FRAME_BYTES, signing: tmSigning });
        let left = n;
        while (left > 0) {
          sink ^= framer.frame(0, () => (left-- > 0 ? tmCbor : undefined)).bytes[3]!;
        }
      },
    },
    {
      name: 'tm-hmac',
      run: (n) => {
        for (let i = 0; i < n; i++) sink ^= createHmac('sha256', tmSigning.key).update(tmCbor).digest()[0]!;
      },
    },
    {
      name: 'tc-encode-cbor',
      run: (n) => {
        for (let i = 0; i < n; i++)
          sink ^= encodeTelecommand({ apid: 0x7e0, sequenceCount: 1, timeS: 100, opcode: 0x7e00, keyId: 1, seq: BigInt(i + 1), args: tcArgs }, key).length;
      },
    },
    {
      name: 'tc-encode-json',
      run: (n) => {
        for (let i = 0; i < n; i++) sink ^= encodeJsonTelecommand(BigInt(i + 1)).length;
      },
    },
    {
      name: 'tc-decode-cbor',
      run: (n) => {
        for (let i = 0; i < n; i++) sink ^= decodePacket(tcCbor, { dictionary, keys, replay }).ok ? 1 : 0;
      },
    },
    {
      name: 'tc-decode-json',
      run: (n) => {
        for (let i = 0; i < n; i++) sink ^= decodeJsonTelecommand(tcJson, replay) ? 1 : 0;
      },
    },
  ];
  const results = new Map(measure(cases).map((result) => [result.name, result.opsPerS]));
  if (sink === 0.5) console.log('');
  const row = (operation: string, prefix: string) => ({ operation, cborPerS: results.get(`${prefix}-cbor`)!, jsonPerS: results.get(`${prefix}-json`)! });
  const perFrame = frameStream.packetsPerFrame;
  const frameRow = (operation: string, name: string) => ({ operation, packetsPerS: results.get(name)!, framesPerS: results.get(name)! / perFrame });
  return {
    tmBytes: tmCbor.length,
    rows: [
      row(`telemetry encode (${tmCbor.length} B; JSON with key id and MAC ${tmJson.length} B)`, 'tm-encode'),
      row('telemetry decode + validate, MAC not checked', 'tm-decode'),
      row(`telemetry verify + decode + validate, one MAC per packet (ICD 2: ${tmIcd2.bytes.length} B)`, 'tm-verify'),
      row(`telecommand sign + encode (${tcCbor.length} B)`, 'tc-encode'),
      row('telecommand verify + decode', 'tc-decode'),
    ],
    frameRows: [
      frameRow(`TM frame build: packets in, ${TM_FRAME_BYTES}-octet frames out (FECF, MAC)`, 'tm-frame-build'),
      frameRow('TM frame check (FECF, header) + reassembly, MAC not checked', 'tm-frame-check'),
      frameRow('TM frame verify (MAC, replay) + reassembly + packet decode + validate', 'tm-frame-verify'),
    ],
    packetsPerFrame: perFrame,
    tmDecodePerS: results.get('tm-decode-cbor')!,
    tmVerifyPacketPerS: results.get('tm-verify-cbor')!,
    tmVerifyDecodePerS: results.get('tm-frame-verify')!,
    tmDecodeJsonPerS: results.get('tm-decode-json')!,
    bareHmacPerS: results.get('tm-hmac')!,
  };
}

export function printProtocolBench(figures: ProtocolBenchFigures): void {
  console.log('\nProtocol packets per second, one core (CBOR as flown; JSON baseline with the ICD 2 header, key id, MAC and CRC)');
  printTable(
    ['operation', 'CBOR', 'JSON', 'CBOR/JSON'],
    figures.rows.map((row) => [row.operation, formatRate(row.cborPerS), formatRate(row.jsonPerS), `${(row.cborPerS / row.jsonPerS).toFixed(2)}x`]),
  );
  console.log(`\nTM transfer frames, one core (${figures.packetsPerFrame.toFixed(2)} packets of ${figures.tmBytes} B per frame, packets spanning frames)`);
  printTable(
    ['operation', 'packets/s', 'frames/s'],
    figures.frameRows.map((row) => [row.operation, formatRate(row.packetsPerS), formatRate(row.framesPerS)]),
  );
  const decode = figures.tmDecodePerS;
  console.log(
    `bare HMAC-SHA256 (node:crypto) over the same ${figures.tmBytes} telemetry bytes: ${formatRate(figures.bareHmacPerS)}; verify + decode + validate with one MAC per frame is ${percentOfHmac(figures)} of it (target ${TM_VERIFY_VS_HMAC_TARGET * 100} %), with one MAC per packet (ICD 2) ${((figures.tmVerifyPacketPerS / figures.bareHmacPerS) * 100).toFixed(0)} %`,
  );
  console.log(
    `MAC cost per packet: ${usPer(figures.tmVerifyPacketPerS)} - ${usPer(decode)} = ${(usPerNumber(figures.tmVerifyPacketPerS) - usPerNumber(decode)).toFixed(2)} us with one MAC per packet; ${(usPerNumber(figures.tmVerifyDecodePerS) - usPerNumber(decode)).toFixed(2)} us for the frame check, MAC and reassembly per packet with one MAC per frame`,
  );
  console.log(
    `target: telemetry decode + validate >= ${formatRate(TM_DECODE_TARGET_PER_S)} for ~300-byte packets: ${formatRate(decode)} (${((decode / TM_DECODE_TARGET_PER_S) * 100).toFixed(0)} % of target), ${vsJson(figures)} of the JSON baseline (target >= ${TM_DECODE_VS_JSON_TARGET.toFixed(2)}x)`,
  );
  // The ceiling of verify + decode with one MAC per packet: 1 / (1 + HMAC rate / decode rate).
  const ceiling = 1 / (1 + figures.bareHmacPerS / decode);
  console.log(
    `one MAC per packet could not reach the target: HMAC ${usPer(figures.bareHmacPerS)} + decode ${usPer(decode)} per packet, ceiling ${(ceiling * 100).toFixed(0)} % of bare HMAC at this decode rate`,
  );
}

const usPerNumber = (perS: number) => 1e6 / perS;
const usPer = (perS: number) => `${usPerNumber(perS).toFixed(2)} us`;
const vsJson = (figures: ProtocolBenchFigures) => `${(figures.tmDecodePerS / figures.tmDecodeJsonPerS).toFixed(2)}x`;
const percentOfHmac = (figures: ProtocolBenchFigures) => `${((figures.tmVerifyDecodePerS / figures.bareHmacPerS) * 100).toFixed(0)} %`;

export function protocolSummary(figures: ProtocolBenchFigures): SummaryRow[] {
  const ratios = figures.rows.map((row) => `${(row.cborPerS / row.jsonPerS).toFixed(2)}`).join('/');
  return [
    {
      item: '3',
      figure: 'protocol TM decode + validate (no MAC)',
      measured: formatRate(figures.tmDecodePerS),
      target: `>= ${formatRate(TM_DECODE_TARGET_PER_S)}`,
      verdict: judge(figures.tmDecodePerS >= TM_DECODE_TARGET_PER_S),
    },
    {
      item: '3',
      figure: 'TM decode + validate, CBOR / JSON',
      measured: `${formatRate(figures.tmDecodePerS)} / ${formatRate(figures.tmDecodeJsonPerS)} = ${vsJson(figures)}`,
      target: `>= ${TM_DECODE_VS_JSON_TARGET.toFixed(2)}x`,
      verdict: judge(figures.tmDecodePerS >= TM_DECODE_VS_JSON_TARGET * figures.tmDecodeJsonPerS),
    },
    {
      item: '3',
      figure: 'TM verify + decode / bare HMAC (MAC per frame)',
      measured: `${formatRate(figures.tmVerifyDecodePerS)} / ${formatRate(figures.bareHmacPerS)} = ${percentOfHmac(figures)}`,
      target: `>= ${TM_VERIFY_VS_HMAC_TARGET * 100} %`,
      verdict: judge(figures.tmVerifyDecodePerS >= TM_VERIFY_VS_HMAC_TARGET * figures.bareHmacPerS),
    },
    { item: '3', figure: 'CBOR / JSON: tm enc/dec/verify, tc enc/dec', measured: `${ratios} x`, target: '', verdict: '-' },
  ];
}
