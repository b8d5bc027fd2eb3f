/** What the archive queries read (ROUTES.archive's :kind), apart so that the route table and the console need nothing of the archive itself. */
export type ArchiveKind = 'telemetry' | 'events' | 'commands';
export const ARCHIVE_KINDS: readonly ArchiveKind[] = ['telemetry', 'events', 'commands'];
