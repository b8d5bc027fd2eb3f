/**
 * Sends one checked command and follows it: progress lines as they come,
 * then the exit code of its outcome (completed 0; rejected, failed,
 * timed-out or cancelled 1 with the reason on stderr).
 */
import type { CommandRecord, SendCommandRequest } from '../api/contract.js';
import type { GroundApi } from '../client/ground-api.js';
import { failureReason, trackCommand } from '../client/track-command.js';
import { unwrap } from './api-option.js';
import { commandTitle, progressLines } from './command-lines.js';
import { CliError, EXIT } from './exit-codes.js';
import { printJson } from './json.js';
import { formatTimeS } from '../client/format-value.js';

export interface RunOptions {
  readonly wait: boolean;
  readonly json: boolean;
  readonly timeoutS: number;
  /** Where progress lines go: stdout, or stderr when stdout carries something else (a result). */
  readonly progressTo?: NodeJS.WritableStream;
  /** With --json: what to print for the record (default the record itself). */
  readonly jsonOf?: (record: CommandRecord) => unknown;
}

export const DEFAULT_WAIT_S = 120;

/** Sends and, unless told not to wait, follows to the end. Throws CliError for a bad outcome. */
export async function runCommand(api: GroundApi, request: SendCommandRequest, options: RunOptions): Promise<CommandRecord> {
  const first = unwrap(await api.sendCommand(request)).command;
  const say = (line: string) => !options.json && (options.progressTo ?? process.stdout).write(`${line}\n`);
  if (!options.wait) {
    if (options.json) printJson(options.jsonOf?.(first) ?? first);
    else say(`${progressLines(first, undefined)[0]}: not waiting; follow it with \`ground status\``);
    return first;
  }
  await warnIfOutOfContact(api, first.id, options.json);
  const tracked = unwrap(
    await trackCommand(api, first, {
      timeoutMs: options.timeoutS * 1000,
      onUpdate: (record, previous) => progressLines(record, previous).forEach(say),
    }),
  );
  const record = tracked.record;
  if (options.json) printJson(options.jsonOf?.(record) ?? record);
  if (!tracked.final) {
    throw new CliError(`${commandTitle(record)} is still ${record.state} after ${options.timeoutS} s; the server keeps it (see: ground status)`, EXIT.failed);
  }
  if (record.state !== 'completed') throw new CliError(`${commandTitle(record)} ${record.state}: ${failureReason(record)}`, EXIT.failed);
  say(`${commandTitle(record)} completed`);
  return record;
}

async function warnIfOutOfContact(api: GroundApi, commandId: number, json: boolean): Promise<void> {
  const status = await api.status();
  if (!status.ok || json) return;
  const { uplink, spacecraft } = status.value;
  if (uplink?.held.includes(commandId)) {
    const next = uplink.nextPass ? `its next pass: ${uplink.nextPass.station} at ${formatTimeS(uplink.nextPass.aosS)}` : 'no pass predicted within a day';
    process.stderr.write(`note: ${spacecraft?.name ?? 'the spacecraft'} is out of view: the command is held until it is in view (${next})\n`);
  } else if (!status.value.link.inContact) {
    process.stderr.write(
      'note: no telemetry lately, the spacecraft may be out of contact: the server retransmits the command until it is acknowledged or times out (--no-wait returns at once)\n',
    );
  }
}
