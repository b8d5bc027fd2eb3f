import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SPACECRAFT_ID,
  TM_FRAME_BYTES,
  TcFramer,
  TmDeframer,
  buildTelecommand,
  createKeyFile,
  decodeTelemetry,
  missionDictionary,
  type DecodedTelemetry,
} from '../../protocol/index.js';
import { runBin } from '../helpers/cli.js';
import { startFlight } from '../helpers/live-stack.js';
import type { RunningProcess } from '../helpers/processes.js';

const dictionary = missionDictionary();
const started: RunningProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop('SIGKILL')));
});

describe('npx fsw against npx sim-hw serve', () => {
  it('runs the flight software over the HIL socket and answers a noop over UDP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fsw-main-'));
    const keyFile = join(dir, 'keys.json');
    const keys = createKeyFile(keyFile);
    if (!keys.ok) throw new Error(keys.error);

    const ground = createSocket('udp4');
    const received: DecodedTelemetry[] = [];
    const deframer = new TmDeframer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: TM_FRAME_BYTES, keys: keys.value.downlink.keys });
    ground.on('message', (message: Buffer) => {
      const frame = deframer.accept(new Uint8Array(message));
      for (const packet of frame.ok ? frame.packets : []) {
        const decoded = decodeTelemetry(packet, { dictionary });
        if (decoded.ok) received.push(decoded.value);
      }
    });
    await new Promise<void>((resolve) => ground.bind(0, '127.0.0.1', resolve));
    const groundPort = ground.address().port;

    const tcPort = await startFlight({ dir, keyFile, tmToPort: groundPort, speed: 10, started });

    const noop = buildTelecommand(dictionary, {
      name: 'noop',
      args: {},
      keyId: keys.value.uplink.activeKeyId,
      key: keys.value.uplink.keys.get(keys.value.uplink.activeKeyId)!,
      seq: 1n,
      sequenceCount: 1,
      timeS: 0,
    });
    if (!noop.ok) throw new Error(noop.error);
    const tcFrame = new TcFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID }).frames([noop.value])[0]!;
    const deadline = Date.now() + 20_000;
    const stages = () => received.filter((tm) => tm.entry.def.name === 'verification' && tm.data.seq === '1').map((tm) => tm.data.stage);
    // Send until the software is up and answers (UDP before it runs is lost, as on orbit).
    let sent = 0;
    while (!stages().includes('completed') && Date.now() < deadline) {
      if (sent++ % 10 === 0) ground.send(tcFrame, Number(tcPort), '127.0.0.1');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(stages().slice(0, 3)).toEqual(['accepted', 'started', 'completed']);
    expect(received.some((tm) => tm.entry.def.name === 'boot')).toBe(true);
    ground.close();
  });

  it('refuses bad options and a missing key file with clear messages', async () => {
    const noHal = await runBin('fsw', []);
    expect(noHal.code).toBe(2);
    expect(noHal.stderr).toMatch(/--hal tcp:\/\/HOST:PORT is required/);
    const noKeys = await runBin('fsw', ['--hal', 'tcp://127.0.0.1:1', '--key-file', '/nonexistent/keys.json']);
    expect(noKeys.code).toBe(3);
    expect(noKeys.stderr).toMatch(/key file \/nonexistent\/keys.json does not exist/);
  });
});
