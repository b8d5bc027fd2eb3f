/** Known-good packets and keys for protocol tests. */
import {
  encodeTelecommand,
  encodeTelemetry,
  linkKeys,
  missionDictionary,
  type KeyRing,
  type SigningKey,
  type TelecommandPacket,
  type TelemetryPacket,
} from '../../protocol/index.js';

export const TEST_KEY_ID = 1;
export const TEST_KEY = new Uint8Array(32).map((_, index) => index + 1);
export const OTHER_KEY = new Uint8Array(32).fill(0xa5);
export const TEST_KEYS: KeyRing = new Map([[TEST_KEY_ID, TEST_KEY]]);
/** The downlink (telemetry) key of the tests. */
export const TEST_TM_KEY_ID = 2;
export const TEST_TM_KEY = new Uint8Array(32).map((_, index) => 0x80 + index);
export const TEST_TM_SIGNING: SigningKey = { keyId: TEST_TM_KEY_ID, key: TEST_TM_KEY };
export const TEST_TM_KEYS: KeyRing = new Map([[TEST_TM_KEY_ID, TEST_TM_KEY]]);
export const TEST_LINK_KEYS = linkKeys([[TEST_KEY_ID, TEST_KEY]], [[TEST_TM_KEY_ID, TEST_TM_KEY]]);

export const dictionary = missionDictionary();

export function sampleTelecommand(overrides: Partial<TelecommandPacket> = {}): TelecommandPacket {
  const entry = dictionary.command('set_mode')!;
  return {
    apid: entry.subsystem.apid,
    sequenceCount: 5,
    timeS: 1234.5,
    opcode: entry.def.opcode,
    keyId: TEST_KEY_ID,
    seq: 7n,
    args: { mode: 'SAFE' },
    ...overrides,
  };
}

export function sampleTelemetry(overrides: Partial<TelemetryPacket> = {}): TelemetryPacket {
  const entry = dictionary.downlink('power_hk')!;
  return {
    apid: entry.subsystem.apid,
    sequenceCount: 42,
    timeS: 5400.25,
    id: entry.def.id,
    data: {
      socPct: 87.5,
      busVoltageV: 30.1,
      batteryCurrentA: -2.25,
      arrayCurrentA: 0,
      loadPowerW: 412.5,
      acceleratorCapW: 150,
      shedLevel: 0,
      latchupCount: 1,
      batteryTemperatureC: 18.5,
      arrayAvailableW: 0,
      baseLoadW: 62.5,
      batteryAllowanceW: 350,
      budgetW: 350,
      chargeLimitA: 5,
      inEclipse: true,
      eclipseInS: 0,
      eclipseLeftS: 1200,
      eclipseDurationS: 2137,
      latchupsComms: 0,
      latchupsHeaters: 0,
      latchupsPayload: 0,
      latchupsAccelerator: 1,
      railsOff: ['payload'],
      railsDisabled: [],
    },
    ...overrides,
  };
}

export const sampleTcBytes = (overrides: Partial<TelecommandPacket> = {}, key = TEST_KEY) => encodeTelecommand(sampleTelecommand(overrides), key);
export const sampleTmBytes = (overrides: Partial<TelemetryPacket> = {}) => encodeTelemetry(sampleTelemetry(overrides));
