/**
 * The ground server's operator API: HTTP with JSON on loopback, plus a
 * WebSocket for live streams. The server (ground/server/) implements it, the
 * CLI (ground/cli/) and other tools use it. Every route (method, path, role)
 * is declared once, in ROUTES (routes.ts); every body here, once, under the
 * name of its route; docs/operations.md shows them in use.
 *
 * Conventions
 * - Base URL http://127.0.0.1:<apiPort> (default DEFAULT_API_PORT, `ground serve --api-port`).
 *   The CLI finds the server with --server URL or ORBITAL_GROUND_URL.
 * - Every route but ROUTES.login and ROUTES.logout needs a user:
 *   `Authorization: Bearer <token>` (tools, the CLI) or the session cookie
 *   of ROUTES.login (browsers). Roles: viewer reads, operator commands,
 *   flight-director also sends what the dictionary reserves for one and
 *   administers users; each route's least role is in ROUTES.
 * - Errors: a non-2xx status with an ApiError body. 400 bad request (bad
 *   argument, unknown command: the message says which), 401 no or wrong
 *   token, 403 the role does not allow it (or another site's Origin), 404
 *   unknown id, 409 conflict (for example a job result not complete), 413
 *   body too large, 415 a POST body not application/json, 421 a Host this
 *   server does not serve, 503 not ready (no key file).
 * - Mission time is seconds since the mission epoch (`timeS`); wall time is
 *   Unix milliseconds (`...AtMs`).
 * - Lists are bounded (`limit`, default 100, at most 10,000) and ordered by
 *   id; `afterId` gives what came after a cursor, so a client can follow a
 *   stream by polling as well as over the WebSocket.
 * - 64-bit sequence numbers travel as decimal strings; byte strings as hex.
 */

import type { Role } from '../auth/roles.js';

export const DEFAULT_API_PORT = 8090;
/** Where `ground serve` listens for telemetry, and where it sends telecommands. */
export const DEFAULT_TM_PORT = 10016;
export const DEFAULT_TC_TO = '127.0.0.1:10017';

export interface ApiError {
  readonly error: string;
  /** Machine-readable kind. */
  readonly code:
    | 'bad-request'
    | 'unknown-command'
    | 'bad-argument'
    | 'unauthorized'
    | 'forbidden'
    | 'not-found'
    | 'conflict'
    | 'too-large'
    | 'unsupported-media-type'
    | 'misdirected'
    | 'not-ready'
    /** A part of the ground the answer needs did not answer (another shard). */
    | 'unavailable'
    | 'internal';
}

// ------------------------------------------------------------ commands

/** The body of ROUTES.sendCommand. */
export interface SendCommandRequest {
  readonly name: string;
  readonly args?: Readonly<Record<string, unknown>>;
  /** Time-tag: wrap the command in schedule_insert for release at this mission time. */
  readonly atS?: number;
  /** Required (true) for a hazardous command: the server sends arm, then the command. */
  readonly confirm?: boolean;
}

/** 202 from ROUTES.sendCommand: the command is queued for the uplink (it may wait for contact). */
export interface SendCommandResponse {
  readonly command: CommandRecord;
}

export type CommandStage = 'acceptance' | 'start' | 'progress' | 'completion' | 'failure' | 'rejection';

/** queued: not yet sent; sent: waiting for verification; then a final state. */
export type CommandState = 'queued' | 'sent' | 'accepted' | 'started' | 'completed' | 'failed' | 'rejected' | 'timed-out' | 'cancelled';

export interface CommandStageRecord {
  readonly stage: CommandStage;
  /** Verification code (protocol/verification.ts), 0 for success. */
  readonly code: number;
  /** The code's name, for people. */
  readonly reason: string;
  readonly detail?: string;
  /** Mission time of the report. */
  readonly timeS: number;
  readonly receivedAtMs: number;
  /** The spacecraft answered a retransmission. */
  readonly duplicate?: boolean;
}

export interface CommandRecord {
  /** Ground id, unique in the archive. */
  readonly id: number;
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
  /** The ground user who sent it ("unknown" for commands archived before users existed). */
  readonly user: string;
  readonly keyId: number;
  /** Anti-replay sequence number (decimal). */
  readonly seq: string;
  readonly state: CommandState;
  readonly final: boolean;
  readonly createdAtMs: number;
  readonly sentAtMs: number | null;
  readonly transmissions: number;
  readonly stages: readonly CommandStageRecord[];
  /** For a time-tagged command: its release time. */
  readonly atS?: number;
  /** For the fire of an arm-and-fire pair: the arm's id. */
  readonly armId?: number;
}

/** ROUTES.command -> CommandRecord. ROUTES.commands -> CommandList. */
export interface CommandList {
  readonly commands: readonly CommandRecord[];
}

// ------------------------------------------------------------ telemetry and events

/** One field of a packet, with what an operator needs to judge it. */
export interface FieldValue {
  readonly value: unknown;
  readonly unit?: string;
  /** Against the dictionary's limits. */
  readonly level: 'nominal' | 'yellow' | 'red' | 'none';
}

export interface TelemetryPacket {
  /** Archive id. */
  readonly id: number;
  readonly name: string;
  readonly apid: number;
  readonly timeS: number;
  readonly receivedAtMs: number;
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** Older than STALE_AFTER_PERIODS times the packet's usual period (or 60 s when unknown). */
  readonly stale: boolean;
}

export const STALE_AFTER_PERIODS = 3;

/** ROUTES.latestTelemetry -> LatestTelemetry (one entry per packet name). */
export interface LatestTelemetry {
  readonly packets: readonly TelemetryPacket[];
}

export interface EventRecord {
  readonly id: number;
  readonly name: string;
  readonly severity: 'debug' | 'info' | 'warning' | 'error' | 'critical';
  /** The dictionary's message with the arguments filled in. */
  readonly message: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly timeS: number;
  readonly receivedAtMs: number;
  /** Who raised it: the spacecraft (a dictionary event) or the ground (user administration, failed logins). */
  readonly source: 'spacecraft' | 'ground';
}

/**
 * ROUTES.alarms -> AlarmList: a spacecraft's alarms (ground/server/alarm-book.ts),
 * newest first. A `limit` alarm is a telemetry field out of its yellow
 * (warning) or red (critical) limits, `active` while it is; an `event` alarm
 * is an event of severity warning and above. Each stays until acknowledged
 * (latching); ROUTES.acknowledgeAlarm {"key"}, ROUTES.shelveAlarm {"key",
 * "minutes"} (hidden from the counts until then).
 */
export interface AlarmRecord {
  readonly key: string;
  readonly kind: 'limit' | 'event';
  /** "packet.field" or the event's name. */
  readonly name: string;
  readonly severity: 'warning' | 'error' | 'critical';
  readonly message: string;
  /** Mission time of the telemetry that raised it last. */
  readonly timeS: number;
  readonly raisedAtMs: number;
  readonly active: boolean;
  readonly clearedAtMs: number | null;
  /** Times raised (an event that came again, a limit crossed again). */
  readonly count: number;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAtMs: number | null;
  readonly shelvedBy: string | null;
  readonly shelvedUntilMs: number | null;
  /** On the shelf now. */
  readonly shelved: boolean;
}

/** An open alarm as the fleet overview and the KV bucket `fleet-state` show it. */
export type AlarmSummary = Pick<AlarmRecord, 'name' | 'severity' | 'timeS' | 'message'>;

export interface AlarmList {
  readonly alarms: readonly AlarmRecord[];
  /** Not acknowledged and not shelved. */
  readonly open: number;
  /** Alarms the bound pushed out since the ground started. */
  readonly dropped: number;
  /** Changes the archive could not keep (each key is written again with its next change). */
  readonly keepFailures: number;
}

/**
 * ROUTES.passes (?sc=&fromS=&hours=): the spacecraft's contacts predicted
 * from its orbit over the station network, from fromS (default: its mission
 * time now) for `hours` (default 12, at most 48); `relay`: always in
 * contact (a data relay, or a ground that does not know the orbit).
 */
export interface PassList {
  readonly relay: boolean;
  readonly fromS: number;
  readonly toS: number;
  readonly passes: readonly { readonly station: string; readonly aosS: number; readonly losS: number }[];
}

/** ROUTES.events -> EventList. */
export interface EventList {
  readonly events: readonly EventRecord[];
}

// ------------------------------------------------------------ users and sessions

/** viewer, operator or flight-director (ground/auth/roles.ts). */
export type UserRole = Role;

/**
 * ROUTES.login {"token"} -> 200 SessionResponse & { expiresAtMs } with
 * Set-Cookie: an HttpOnly, SameSite=Strict session cookie (browsers).
 * ROUTES.session -> SessionResponse (who the token or cookie names).
 * ROUTES.logout -> the cookie cleared.
 */
export interface SessionResponse {
  readonly user: { readonly name: string; readonly role: UserRole };
}

/**
 * flight-director only: ROUTES.users -> { users: [{name, role, createdAtMs, rotatedAtMs?}] };
 * ROUTES.addUser {"name", "role"} -> 201 NewTokenResponse; ROUTES.rotateUser ->
 * NewTokenResponse; ROUTES.removeUser -> { removed }. Each change is a ground event.
 */
export interface NewTokenResponse {
  readonly user: { readonly name: string; readonly role: UserRole };
  /** Shown once; the ground keeps only its SHA-256. */
  readonly token: string;
}

// ------------------------------------------------------------ status

/** Which spacecraft an answer is about: its fleet name and CCSDS spacecraft id. */
export interface SpacecraftName {
  readonly name: string;
  readonly spacecraftId: number;
}

/**
 * How the ground reaches a spacecraft now (ground/server/uplink-contact.ts):
 * `unknown` (no orbit known: commands go at once), `relay` (always in view)
 * or `passes` (predicted over the station network: commands out of view are
 * held, `queued`, until the next pass).
 */
export interface UplinkStatus {
  readonly contact: 'unknown' | 'relay' | 'passes';
  /** The ground's estimate of the spacecraft's mission time (null before its first telemetry). */
  readonly missionTimeS: number | null;
  /** null: the ground cannot tell. */
  readonly inView: boolean | null;
  /** The station commands go through now. */
  readonly station: string | null;
  readonly nextPass: { readonly station: string; readonly aosS: number; readonly losS: number } | null;
  /** Commands held until the spacecraft is in view, oldest first. */
  readonly held: readonly number[];
}

/** ROUTES.status (?sc=NAME: one spacecraft of the fleet) */
export interface StatusResponse {
  readonly spacecraft?: SpacecraftName;
  readonly uplink?: UplinkStatus;
  readonly link: {
    /** Where telecommands go. */
    readonly uplinkTo: string;
    /** Where telemetry is received. */
    readonly downlinkPort: number;
    /** Telemetry received within the last LINK_QUIET_AFTER_S seconds of wall time. */
    readonly inContact: boolean;
    readonly lastTelemetryTimeS: number | null;
    readonly lastTelemetryAtMs: number | null;
    readonly packetsReceived: number;
    /** Packets that failed to decode or authenticate (CRC, MAC, framing, dictionary), by reason; none of them is archived or believed. */
    readonly packetsRejected: Readonly<Record<string, number>>;
    /** Gaps in the per-APID sequence counts. */
    readonly packetsMissing: number;
    /** Packets received before (same APID, sequence count and time: the link or an attacker repeated them), dropped. */
    readonly packetsDuplicated?: number;
    /** Events sent again (dump_event_log) that had already arrived, dropped. */
    readonly eventsRepeated?: number;
    /** (Added by the server) Telecommand datagrams sent, retransmissions included. */
    readonly datagramsSent?: number;
    /** TM transfer frames: accepted, refused by reason (FECF, spacecraft id, MAC, replay...), lost per virtual channel by the frame counts, packets cut by lost frames. */
    readonly frames?: {
      readonly received: number;
      readonly rejected: Readonly<Record<string, number>>;
      readonly lostByVc: Readonly<Record<string, number>>;
      readonly packetsCut: number;
    };
  };
  /** Whether commands can be sent: the key file signs (else why not), and the spacecraft's last answer to one. */
  readonly commanding: {
    readonly ready: boolean;
    readonly keyFile: string;
    readonly problem?: string;
    readonly lastAnsweredCommandId: number | null;
    readonly lastAnsweredAtMs: number | null;
  };
  /** Commands not yet final, oldest first. */
  readonly pending: readonly CommandRecord[];
  readonly archive: { readonly path: string; readonly telemetryRows: number; readonly eventRows: number; readonly commandRows: number };
  /** (Added by the server) WebSocket clients of ROUTES.stream; slow ones are dropped and counted. */
  readonly stream?: { readonly clients: number; readonly slowClientsDropped: number; readonly clientsRefused: number };
  /**
   * (Added by the server) Requests refused for want of a good token or
   * session, by reason (missing, unknown-token, unknown-session, malformed);
   * failed attempts answered late; open browser sessions; users.
   */
  readonly auth?: {
    readonly failures: number;
    readonly failuresByReason: Readonly<Record<string, number>>;
    readonly slowed: number;
    readonly sessions: number;
    readonly users: number;
  };
  readonly serverStartedAtMs: number;
}

export const LINK_QUIET_AFTER_S = 10;

/** ROUTES.fleet: every spacecraft the ground serves, in fleet order, with the gist of its status. */
export interface FleetResponse {
  readonly spacecraft: readonly (SpacecraftName & {
    readonly inContact: boolean;
    readonly lastTelemetryTimeS: number | null;
    readonly packetsReceived: number;
    readonly pending: number;
    readonly uplink: UplinkStatus;
    /** What its telemetry said last (null before any). */
    readonly mode: string | null;
    readonly socPct: number | null;
    readonly acceleratorC: number | null;
    /** Jobs in the on-board queue. */
    readonly queueLength: number | null;
    readonly holdReason: string | null;
    /** Its newest open alarms (not acknowledged, not shelved), newest first (at most 5). */
    readonly alarms: readonly AlarmSummary[];
    /** How many of its alarms are open (the header's fleet count sums them). */
    readonly openAlarms: number;
  })[];
  /** TM frames whose spacecraft id is none of the fleet's, dropped. */
  readonly framesForNoSpacecraft: number;
}

// ------------------------------------------------------------ jobs

export interface JobRecord {
  readonly jobId: number;
  readonly kind?: string;
  /** Last known state, from job_state events and job_summary reports. */
  readonly state: string;
  readonly detail?: string;
  readonly updatedTimeS: number;
  /** From job_summary, when one came down. */
  readonly summary?: Readonly<Record<string, unknown>>;
  /** Result chunks received of the total. */
  readonly chunksReceived: number;
  readonly chunks: number | null;
  /** All chunks received and their SHA-256 equals the summary's digest. */
  readonly resultComplete: boolean;
}

/** ROUTES.jobs -> JobList; ROUTES.job -> JobRecord. */
export interface JobList {
  readonly jobs: readonly JobRecord[];
}

/**
 * ROUTES.jobResult -> JobResult (409 while incomplete, naming the missing
 * chunks). Submitting, cancelling and requesting a result downlink are
 * commands (submit_job, cancel_job, get_result) sent with ROUTES.sendCommand.
 */
export interface JobResult {
  readonly jobId: number;
  /** Hex of the whole result. */
  readonly dataHex: string;
  /** Hex SHA-256, checked against the job_summary digest. */
  readonly digestHex: string;
}

// ------------------------------------------------------------ fleet jobs

/**
 * The body of ROUTES.submitFleetJob: a job for the fleet, no spacecraft
 * named (the broker places it, ground/fleet/). `deadlineS` is a mission
 * time; `deadlineInS` the same counted from the fleet's mission time now
 * (give one of them at most).
 */
export interface SubmitFleetJobRequest {
  readonly kind: string;
  readonly size: number;
  /** 0..9, higher first (default 5). */
  readonly priority?: number;
  readonly deadlineS?: number;
  readonly deadlineInS?: number;
  /** 1 (default) or 2: run on two spacecraft, done when their digests agree. */
  readonly redundant?: number;
  /** Seed of the generated inputs (default: the ground's job id). */
  readonly inputSeed?: number;
}

/** One placement of a fleet job on a spacecraft, with its own on-board job id. */
export interface FleetRunRecord {
  readonly boardJobId: number;
  readonly spacecraft: string;
  readonly placedS: number;
  /** Why the broker put it there. */
  readonly because: string;
  /** uplink, the board's states (queued .. done), home, or ended: failed, cancelled, abandoned. */
  readonly state: string;
  readonly runningS: number | null;
  readonly doneS: number | null;
  /** Mission time its result was whole at the ground, digest checked. */
  readonly homeS: number | null;
  /** The station (the pass) that carried it home: `relay` through a data relay; null when the ground cannot tell. */
  readonly homeStation: string | null;
  /** How the board verified the result (abft, redundant), from its job summary. */
  readonly verification: string | null;
  readonly detail: string;
  readonly digestHex: string | null;
}

/** ROUTES.fleetJob, and the body of 202 from ROUTES.submitFleetJob and 200 from ROUTES.cancelFleetJob (`{ job }`). */
export interface FleetJobRecord {
  /** The ground's job id: stable wherever the job runs. */
  readonly id: number;
  readonly kind: string;
  readonly size: number;
  readonly priority: number;
  readonly deadlineS: number | null;
  readonly redundant: number;
  readonly inputSeed: number;
  readonly submittedS: number;
  readonly submittedBy: string;
  /** queued (on the ground), placed (runs on board), done (the result agreed and home), failed. */
  readonly state: 'queued' | 'placed' | 'done' | 'failed';
  /** Why it failed, or what its last move was for. */
  readonly reason: string;
  readonly digestHex: string | null;
  readonly doneS: number | null;
  readonly replacements: number;
  /** Results that came home after it was done: counted, never a second result. */
  readonly resultsDiscarded: number;
  /** On-board ids of the runs whose results agree with the accepted one. */
  readonly agreeing: readonly number[];
  readonly runs: readonly FleetRunRecord[];
}

/** ROUTES.fleetJobs (?limit=&afterId=&state=): the jobs by id, and the service's counts. */
export interface FleetJobList {
  readonly jobs: readonly FleetJobRecord[];
  readonly counts: Readonly<Record<string, number>>;
  /** The fleet's mission time the broker last stepped at (null before any telemetry). */
  readonly missionTimeS: number | null;
}

/** ROUTES.fleetJobResult: the accepted result, from the archive of a spacecraft whose run agreed (409 until the job is done). */
export interface FleetJobResult {
  readonly id: number;
  readonly spacecraft: string;
  readonly boardJobId: number;
  readonly dataHex: string;
  readonly digestHex: string;
  /** Every run whose result agreed. */
  readonly agreeing: readonly { readonly spacecraft: string; readonly boardJobId: number }[];
}

// ------------------------------------------------------------ archive

/**
 * ROUTES.archive, kind telemetry (?from=&to=&packet=&param=&limit=&format=json|csv),
 * events (?from=&to=&severity=&limit=&format=) or commands (?from=&to=&limit=&format=).
 * from/to are mission times in seconds (inclusive); param is "packet.field"
 * or "field". CSV has a header row; JSON is { rows: [...] }. ?sc=A,B or ?sc=*
 * (the whole fleet, on the bus every shard's) merges several spacecraft's
 * rows by time, each with its `sc` (CSV: an sc column first).
 */
export interface ArchiveTelemetryRow {
  readonly timeS: number;
  readonly packet: string;
  readonly param: string;
  readonly value: number | string | boolean | null;
  readonly unit?: string;
}

export interface ArchiveRows<Row> {
  readonly rows: readonly Row[];
  /**
   * Rows of several spacecraft (?sc=A,B or ?sc=*: each row tagged `sc`,
   * merged by time): true when rows beyond these are in the range; ask
   * again from the last row's time.
   */
  readonly more?: boolean;
}

// ------------------------------------------------------------ live stream

/**
 * The WebSocket of ROUTES.stream (RFC 6455, text frames, one JSON StreamMessage
 * each). On connect the server sends a `status` message; then every
 * telemetry packet, event and command update as it happens.
 */
export type StreamMessage = (
  | { readonly type: 'status'; readonly status: StatusResponse }
  | { readonly type: 'telemetry'; readonly packet: TelemetryPacket }
  | { readonly type: 'event'; readonly event: EventRecord }
  | { readonly type: 'command'; readonly command: CommandRecord }
  | { readonly type: 'alarm'; readonly alarm: AlarmRecord }
) & {
  /** The spacecraft the message is about (none: the ground's own, such as a user change). A stream opened with ?sc=NAME gets that spacecraft's and the ground's own. */
  readonly sc?: string;
};
