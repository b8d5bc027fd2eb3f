/** Exit codes of every ground CLI verb, documented in docs/operations.md. */
export const EXIT = {
  /** Done, and the outcome was good. */
  ok: 0,
  /** Done, and the outcome was bad: a rejected packet, a failed command or check. */
  failed: 1,
  /** The request was wrong: unknown verb, command or argument, bad value. */
  usage: 2,
  /** The environment is not ready: key file, server, files. */
  environment: 3,
} as const;

/** An expected failure carrying its exit code, caught once in cli.ts and printed as one line. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.usage);
export const environmentError = (message: string) => new CliError(message, EXIT.environment);
