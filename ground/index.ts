/**
 * The ground segment's public entry, for the code that wires it into a
 * simulation (mission/): the archive and how the server files a decoded
 * packet in it, the telemetry intake (the decode boundary), the event
 * messages as operators read them, and the commander with what it needs
 * (numbering, the API types of its records and requests). Programs
 * (`ground serve`, the CLI) and the API contract have their own doors:
 * ground/cli.ts, ground/api/.
 */
export type { CommandRecord, CommandStage, CommandStageRecord, CommandState, SendCommandRequest } from './api/contract.js';
export { Archive, type ArchiveOptions } from './archive/archive.js';
export type { CommandStore } from './archive/command-store.js';
export type { AuthUser } from './auth/authenticator.js';
export { TelemetryIntake, type DownlinkKeys, type IntakeCounters, type IntakeResult } from './link/telemetry-intake.js';
export type { Submitted } from './server/api-result.js';
export { Commander, NOT_TAKEN, type CommanderOptions } from './server/commander.js';
export { filePacket, type Filed } from './server/file-packet.js';
export { eventMessage } from './server/latest-telemetry.js';
export type { TelecommandNumbering, TelecommandNumbers } from './server/sequence.js';
export { table } from './cli/table.js';
export { FleetBroker, type BrokerAction, type BrokerCounts, type FleetJobRequest, type SubmitArgs } from './fleet/broker.js';
export { DEFAULT_BROKER_PARAMS, PLACEMENT_POLICIES, checkBrokerParams, type BrokerParams, type PlacementPolicy } from './fleet/broker-params.js';
export { passPlan, relayPlan, type ContactPlan } from './fleet/contact-plan.js';
export type { FleetJob, JobRun } from './fleet/fleet-job.js';
export { FLEET_BOARD_ID_BASE, SpacecraftWatch, type ResultHome, type SpacecraftReport, type SpacecraftView } from './fleet/spacecraft-view.js';
export { subjectMatches, type Bus, type BusConsumer, type BusMessage, type ConsumerOptions, type KvBucket, type StreamSpec } from './bus/bus.js';
export { MemoryBus } from './bus/memory-bus.js';
export { NatsBus } from './bus/nats-bus.js';
export { natsUrlOf } from './bus/nats-url.js';
