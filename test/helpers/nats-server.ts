/** The throwaway nats-server of the integration tests (bench/nats-server.ts: the bench uses it too). */
export { NATS_SERVER, startNatsServer, type NatsServer } from '../../bench/nats-server.js';
