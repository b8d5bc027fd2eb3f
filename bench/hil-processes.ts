/**
 * The flight software, the simulator and the ground as separate processes on
 * loopback, for the benchmarks that need real processes (command round trip,
 * flight-process memory). Unlike `hil` (hil/orchestrator.ts) there is no
 * link-relay process: the relay delivers only when it polls the simulator
 * (every 20 ms of wall time) and adds the simulated light-time, which would
 * measure the link model, not the software. So the ground sends straight to
 * the flight software's telecommand port and the flight software straight to
 * the ground's telemetry port; the simulator flies with --link relay (always
 * in contact, so the flight software's downlink is never held) and
 * --speed max (a tick follows as soon as the software answered the last one,
 * so a telecommand does not wait up to 100 ms for the next 10 Hz frame).
 * Reuses hil/'s child processes, boot ROM, free-port helper and defaults.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HttpGroundApi } from '../ground/client/http-ground-api.js';
import { Child } from '../hil/child.js';
import { freeUdpPort } from '../hil/free-port.js';
import { parseHilOptions } from '../hil/options.js';
import { STOP_GRACE_MS } from '../hil/orchestrator.js';
import { Supervisor } from '../hil/supervisor.js';
import { ControlClient } from '../sim-hw/link/control-client.js';

const HOST = '127.0.0.1';
/**
 * hil's own defaults for what it passes on: how long the hardware waits for an
 * answer at --speed max, and its pace while none comes (a restarting flight
 * process then has the watchdog's whole 5 s of wall time to boot, even on a
 * busy machine), and the ground's retransmission timeout.
 */
const HIL_DEFAULTS = parseHilOptions([])!;
const START_TIMEOUT_MS = 30_000;
/** Output lines of the programs kept for a failure message (bounded). */
const LOG_LINES_MAX = 200;

export interface BenchHil {
  readonly ground: HttpGroundApi;
  /** The flight software's process now (the boot ROM starts a new one after a reset). */
  fswPid(): number;
  /** Flight software starts so far, the first included. */
  fswStarts(): number;
  /** The simulator's mission time now. */
  missionTimeS(): Promise<number>;
  /** The programs' last output lines, for a failure message. */
  log(): string;
  /** The next line a program prints that starts with prefix (after the program's name), or null after timeoutMs. */
  nextLine(prefix: string, timeoutMs: number): Promise<string | null>;
  stop(): Promise<void>;
}

export interface BenchHilOptions {
  /** Environment added for the flight software's first boot only (a boot ROM restart runs without it). */
  readonly fswEnv?: Readonly<Record<string, string>>;
}

export async function startBenchHil(options: BenchHilOptions = {}): Promise<BenchHil> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-hil-'));
  const keyFile = join(dir, 'keys.json');
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const emit = (line: string) => {
    lines.push(line);
    if (lines.length > LOG_LINES_MAX) lines.shift();
    for (const listener of listeners) listener(line);
  };
  const children: Child[] = [];
  let supervisor: Supervisor | null = null;
  let control: ControlClient | null = null;
  let apiUrl = '';
  const stop = async () => {
    control?.close();
    await supervisor?.stop(STOP_GRACE_MS);
    for (const child of [...children].reverse()) await child.stop(STOP_GRACE_MS);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const fswTcPort = await freeUdpPort(HOST);
    const groundTmPort = await freeUdpPort(HOST);
    const sim = new Child(
      'sim-hw',
      'sim-hw',
      [
        'serve',
        '--host',
        HOST,
        '--port',
        '0',
        '--control-port',
        '0',
        '--speed',
        'max',
        '--link',
        'relay',
        '--answer-timeout-ms',
        HIL_DEFAULTS.answerTimeoutMs,
        '--idle-speed',
        HIL_DEFAULTS.idleSpeed,
      ],
      emit,
    );
    children.push(sim);
    const [, hardwarePort, controlPort] = await sim.waitFor(/hardware on tcp:\/\/[^:]+:(\d+), control on tcp:\/\/[^:]+:(\d+)/, START_TIMEOUT_MS);
    // The ground first: it creates the key file the flight software reads.
    const groundChild = new Child(
      'ground',
      'ground',
      [
        'serve',
        '--host',
        HOST,
        '--tm-port',
        String(groundTmPort),
        '--tc-to',
        `${HOST}:${fswTcPort}`,
        '--api-port',
        '0',
        '--archive',
        join(dir, 'ground-archive.sqlite'),
        '--key-file',
        keyFile,
        '--retransmit-after-s',
        HIL_DEFAULTS.retransmitAfterS,
      ],
      emit,
    );
    children.push(groundChild);
    const [, apiPort] = await groundChild.waitFor(/ground serve: api http:\/\/[^:]+:(\d+)/, START_TIMEOUT_MS);
    apiUrl = `http://${HOST}:${apiPort}`;
    // The boot ROM starts the first boot at once, in its constructor: the environment is the child's from here to there only.
    const saved = { ...process.env };
    Object.assign(process.env, options.fswEnv ?? {});
    try {
      supervisor = new Supervisor(
        [
          '--hal',
          `tcp://${HOST}:${hardwarePort}`,
          '--tc-host',
          HOST,
          '--tc-port',
          String(fswTcPort),
          '--tm-to',
          `${HOST}:${groundTmPort}`,
          '--key-file',
          keyFile,
          '--nvm',
          join(dir, 'fsw-nvm.bin'),
        ],
        emit,
      );
    } finally {
      for (const name of Object.keys(options.fswEnv ?? {})) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
    const connected = await ControlClient.connect(HOST, Number(controlPort));
    if (!connected.ok) throw new Error(connected.error);
    control = connected.value;
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${lines.join('\n')}`);
  }
  const boot = supervisor;
  const client = control;
  return {
    // The ground made its first user, `local`, with the token beside the key file.
    ground: new HttpGroundApi(apiUrl, readFileSync(join(dirname(keyFile), 'ground-token'), 'utf8').trim()),
    fswPid: () => boot.current?.pid ?? -1,
    fswStarts: () => boot.starts,
    async missionTimeS() {
      const answer = await client.request({ op: 'status' });
      if (!answer.ok) throw new Error(answer.error);
      return Number(answer.value.timeS);
    },
    log: () => lines.join('\n'),
    nextLine(prefix, timeoutMs) {
      return new Promise((resolve) => {
        const done = (line: string | null) => {
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(line);
        };
        const listener = (line: string) => {
          const text = line.replace(/^\[[^\]]+\] /, '');
          if (text.startsWith(prefix)) done(text);
        };
        const timer = setTimeout(() => done(null), timeoutMs);
        listeners.add(listener);
      });
    },
    stop,
  };
}
