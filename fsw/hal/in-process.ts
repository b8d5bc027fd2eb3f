/** The in-process transport: deterministic, as fast as the CPU allows. */
import type { ActuatorFrame, SensorFrame } from './frames.js';
import type { HardwareLink, LinkEnd, SimulatedHardware } from './link.js';

export class InProcessLink implements HardwareLink {
  private closed = false;
  end: { reason: LinkEnd; detail: string } | null = null;

  constructor(private readonly hardware: SimulatedHardware) {}

  /** The synchronous form, for loops that need no promise per tick. */
  exchangeSync(actuators: ActuatorFrame | null): SensorFrame | null {
    if (this.closed) return null;
    return actuators === null ? this.hardware.current() : this.hardware.step(actuators);
  }

  exchange(actuators: ActuatorFrame | null): Promise<SensorFrame | null> {
    return Promise.resolve(this.exchangeSync(actuators));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.end ??= { reason: 'closed', detail: 'closed by the software' };
  }
}
