/**
 * Protocol throughput: telemetry sign-plus-encode and decode-plus-validate
 * (with and without the MAC check), telecommand sign-plus-encode and
 * verify-plus-decode, each beside a baseline doing the same steps with JSON
 * in place of CBOR and the pre-decode scan, and the bare HMAC-SHA256 of
 * node:crypto over the same telemetry bytes: the ceiling of per-packet
 * authentication. Target: decode-plus-validate of 300-byte telemetry at
 * 400,000 packets/s without the MAC check.
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
  TM_DATA_OFFSET,
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

// The JSON baseline: the same header, CRC and MAC, with JSON text as user data.
const textEncoder = new TextEncoder();
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
  /** Telemetry decode + validate without the MAC check (the 400 k/s target), and with it. */
  readonly tmDecodePerS: number;
  readonly tmVerifyDecodePerS: number;
  /** The JSON baseline's telemetry decode + validate, MAC not checked. */
  readonly tmDecodeJsonPerS: number;
  /** HMAC-SHA256 of node:crypto over the same telemetry bytes, nothing else. */
  readonly bareHmacPerS: number;
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
        for (let i = 0; i < n; i++) sink ^= decodeTelemetry(tmCbor, { dictionary }).ok ? 1 : 0;
      },
    },
    {
      name: 'tm-verify-json',
      run: (n) => {
        for (let i = 0; i < n; i++) sink ^= decodeJsonTelemetry(tmJson, true) ? 1 : 0;
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
  return {
    tmBytes: tmCbor.length,
    rows: [
      row(`telemetry sign + encode (${tmCbor.length} B; JSON ${tmJson.length} B)`, 'tm-encode'),
      row('telemetry decode + validate, MAC not checked', 'tm-decode'),
      row('telemetry verify MAC + decode + validate', 'tm-verify'),
      row(`telecommand sign + encode (${tcCbor.length} B)`, 'tc-encode'),
      row('telecommand verify + decode', 'tc-decode'),
    ],
    tmDecodePerS: results.get('tm-decode-cbor')!,
    tmVerifyDecodePerS: results.get('tm-verify-cbor')!,
    tmDecodeJsonPerS: results.get('tm-decode-json')!,
    bareHmacPerS: results.get('tm-hmac')!,
  };
}

export function printProtocolBench(figures: ProtocolBenchFigures): void {
  console.log('\nProtocol packets per second, one core (CBOR as flown; JSON baseline with the same header, CRC and MAC)');
  printTable(
    ['operation', 'CBOR', 'JSON', 'CBOR/JSON'],
    figures.rows.map((row) => [row.operation, formatRate(row.cborPerS), formatRate(row.jsonPerS), `${(row.cborPerS / row.jsonPerS).toFixed(2)}x`]),
  );
  const decode = figures.tmDecodePerS;
  console.log(
    `bare HMAC-SHA256 (node:crypto) over the same ${figures.tmBytes} telemetry bytes: ${formatRate(figures.bareHmacPerS)}; verify + decode + validate is ${percentOfHmac(figures)} of it (target ${TM_VERIFY_VS_HMAC_TARGET * 100} %)`,
  );
  console.log(
    `target: telemetry decode + validate >= ${formatRate(TM_DECODE_TARGET_PER_S)} for ~300-byte packets: ${formatRate(decode)} (${((decode / TM_DECODE_TARGET_PER_S) * 100).toFixed(0)} % of target), ${vsJson(figures)} of the JSON baseline (target >= ${TM_DECODE_VS_JSON_TARGET.toFixed(2)}x)`,
  );
  // The ceiling of verify + decode with one MAC per packet: 1 / (1 + HMAC rate / decode rate).
  const ceiling = 1 / (1 + figures.bareHmacPerS / decode);
  console.log(
    `per-packet MAC: HMAC ${usPer(figures.bareHmacPerS)} + decode ${usPer(decode)} per packet; ${TM_VERIFY_VS_HMAC_TARGET * 100} % of bare HMAC leaves ${((1 / TM_VERIFY_VS_HMAC_TARGET - 1) * usPerNumber(figures.bareHmacPerS)).toFixed(2)} us for everything but the HMAC (decode alone ${usPer(decode)}: ceiling ${(ceiling * 100).toFixed(0)} % at this decode rate)`,
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
      figure: 'TM verify + decode / bare HMAC',
      measured: `${formatRate(figures.tmVerifyDecodePerS)} / ${formatRate(figures.bareHmacPerS)} = ${percentOfHmac(figures)}`,
      target: `>= ${TM_VERIFY_VS_HMAC_TARGET * 100} %`,
      verdict: judge(figures.tmVerifyDecodePerS >= TM_VERIFY_VS_HMAC_TARGET * figures.bareHmacPerS),
    },
    { item: '3', figure: 'CBOR / JSON: tm enc/dec/verify, tc enc/dec', measured: `${ratios} x`, target: '', verdict: '-' },
  ];
}
