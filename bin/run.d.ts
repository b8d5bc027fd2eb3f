/** Builds dist/ when it is missing or older than the sources; exits on failure unless exitOnFailure is false. */
export function ensureBuilt(options?: { exitOnFailure?: boolean }): boolean;
/** Builds if needed, then runs dist/<relativePath>. */
export function runEntry(relativePath: string): Promise<void>;
