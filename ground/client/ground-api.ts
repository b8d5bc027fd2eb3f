/**
 * The operator API as the tools see it: one method per route of
 * ground/api/contract.ts. HttpGroundApi speaks it to a server; tests give the
 * procedure runner and the command tracker a fake.
 */
import type {
  AlarmList,
  AlarmRecord,
  PassList,
  ArchiveRows,
  CommandList,
  CommandRecord,
  EventList,
  EventRecord,
  FleetJobList,
  FleetJobRecord,
  FleetJobResult,
  FleetResponse,
  JobList,
  JobRecord,
  JobResult,
  LatestTelemetry,
  SendCommandRequest,
  SendCommandResponse,
  SessionResponse,
  StatusResponse,
  SubmitFleetJobRequest,
} from '../api/contract.js';
import type { ArchiveKind } from '../archive/queries.js';
import type { ApiResult } from './api-result.js';

export { ARCHIVE_KINDS, type ArchiveKind } from '../archive/queries.js';

export interface CommandQuery {
  readonly afterId?: number;
  readonly limit?: number;
  readonly pending?: boolean;
  /** The newest `limit`, newest first. */
  readonly newest?: boolean;
}

export interface EventQuery {
  readonly afterId?: number;
  readonly limit?: number;
  /** Minimum severity. */
  readonly severity?: EventRecord['severity'];
  /** The newest `limit`, newest first. */
  readonly newest?: boolean;
}

export interface ArchiveQuery {
  /** Mission time, seconds, inclusive. */
  readonly from?: number;
  readonly to?: number;
  readonly packet?: string;
  /** "packet.field" or "field". */
  readonly param?: string;
  readonly severity?: EventRecord['severity'];
  readonly limit?: number;
}

export interface FleetJobQuery {
  readonly afterId?: number;
  readonly limit?: number;
  readonly state?: FleetJobRecord['state'];
  /** The newest `limit`, newest first. */
  readonly newest?: boolean;
}

export interface GroundApi {
  sendCommand(request: SendCommandRequest): Promise<ApiResult<SendCommandResponse>>;
  command(id: number): Promise<ApiResult<CommandRecord>>;
  commands(query?: CommandQuery): Promise<ApiResult<CommandList>>;
  latestTelemetry(packet?: string): Promise<ApiResult<LatestTelemetry>>;
  events(query?: EventQuery): Promise<ApiResult<EventList>>;
  status(): Promise<ApiResult<StatusResponse>>;
  /** Every spacecraft the ground serves. */
  fleet(): Promise<ApiResult<FleetResponse>>;
  /** The user the token names. */
  whoAmI(): Promise<ApiResult<SessionResponse>>;
  /** The spacecraft's alarms, newest first; acknowledging and shelving one needs an operator. */
  alarms(): Promise<ApiResult<AlarmList>>;
  acknowledgeAlarm(key: string): Promise<ApiResult<AlarmRecord>>;
  shelveAlarm(key: string, minutes: number): Promise<ApiResult<AlarmRecord>>;
  /** Its contacts predicted from its orbit (hours ahead, default 12). */
  passes(query?: { readonly fromS?: number; readonly hours?: number }): Promise<ApiResult<PassList>>;
  jobs(): Promise<ApiResult<JobList>>;
  job(jobId: number): Promise<ApiResult<JobRecord>>;
  jobResult(jobId: number): Promise<ApiResult<JobResult>>;
  /** Jobs for the fleet (the ground's broker places them). */
  fleetJobs(query?: FleetJobQuery): Promise<ApiResult<FleetJobList>>;
  submitFleetJob(request: SubmitFleetJobRequest): Promise<ApiResult<{ readonly job: FleetJobRecord }>>;
  fleetJob(id: number): Promise<ApiResult<FleetJobRecord>>;
  fleetJobResult(id: number): Promise<ApiResult<FleetJobResult>>;
  cancelFleetJob(id: number): Promise<ApiResult<{ readonly job: FleetJobRecord }>>;
  archive(kind: ArchiveKind, query: ArchiveQuery): Promise<ApiResult<ArchiveRows<Record<string, unknown>>>>;
  /** The same rows as CSV text with a header row. */
  archiveCsv(kind: ArchiveKind, query: ArchiveQuery): Promise<ApiResult<string>>;
}
