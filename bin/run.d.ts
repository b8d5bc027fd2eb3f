/** Builds dist/ when it is missing or older than the sources. */
export function ensureBuilt(): void;
/** Builds if needed, then runs dist/<relativePath>. */
export function runEntry(relativePath: string): Promise<void>;
