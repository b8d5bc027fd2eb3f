/** A bus that refuses publishes while `down` is set, as one whose connection is lost (everything else goes to the bus it wraps). */
import type { Bus } from '../../ground/bus/bus.js';

export function flakyBus(inner: Bus): Bus & { down: boolean } {
  const bus = Object.create(inner) as Bus & { down: boolean };
  bus.down = false;
  bus.publish = (subject, data, options) => (bus.down ? Promise.reject(new Error('connection lost')) : inner.publish(subject, data, options));
  return bus;
}
