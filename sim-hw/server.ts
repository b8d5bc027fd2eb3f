/**
 * The hardware-in-the-loop server: the simulator as a separate process and
 * the time master. Each tick it sends the SensorFrame to the connected flight
 * software and waits for the answer:
 *
 *   --speed N    paced: one tick every dtS / N seconds of wall time; an answer
 *                that misses its tick is dropped (counted) and the hardware
 *                holds its settings (no watchdog stroke)
 *   --speed max  as fast as the software answers; a software that does not
 *                answer within answerTimeoutMs, or no software at all, lets the
 *                hardware run on at idleSpeed times real time, so a hung or
 *                killed computer is reset by the watchdog as on orbit
 *
 * When the hardware resets the flight computer (watchdog, brown-out) it tells
 * the client {t: "reset"} and closes its connection; the next connection is
 * the rebooted computer. A control port takes JSON lines to inject faults
 * live and to report status. This file assembles the parts (server/README.md):
 * the flight computer's connection (server/peer.ts), the control port
 * (server/control.ts) and the pacing loop (server/pacing.ts). Only the
 * pacing loop and the process entry points touch real time.
 */

import { ControlPort } from './server/control.js';
import { PacingLoop } from './server/pacing.js';
import { FlightComputerPeer } from './server/peer.js';
import { createServerStats, type HardwareServer, type ServedHardware, type ServeOptions } from './server/types.js';

export type { HardwareServer, ServedHardware, ServeOptions, ServerStats } from './server/types.js';

export async function startHardwareServer(hardware: ServedHardware, options: ServeOptions): Promise<HardwareServer> {
  const stats = createServerStats();
  const peer = new FlightComputerPeer(stats, options.log);
  const loop = new PacingLoop(hardware, peer, stats, options);
  const control = new ControlPort({
    hardware,
    serverStatus: () => ({ ...stats, clientConnected: peer.connected, speed: options.speed }),
    stop: () => loop.stop(),
    log: options.log,
  });
  const port = await peer.listen(options.host, options.port);
  const controlPort = await control.listen(options.host, options.controlPort);

  const done = loop.run().finally(async () => {
    await Promise.all([peer.close(), control.close()]);
  });

  return {
    port,
    controlPort,
    stats,
    done,
    async stop() {
      loop.stop();
      await done;
    },
  };
}
