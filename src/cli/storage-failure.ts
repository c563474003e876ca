// A write the database refused for want of room or of a working disk, told as one line an operator can act on
// (the driver's own message, "database or disk is full", leaves out what to do).

/** The reason for a storage failure of SQLite or PostgreSQL, or undefined for any other error. */
export function storageFailureOf(error: unknown): string | undefined {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === 'SQLITE_FULL') return 'The disk is full (SQLITE_FULL): free some space, then import again.';
  if (code === '53100') return "PostgreSQL's disk is full (53100 disk_full): free some space, then import again.";
  if (typeof code === 'string' && code.startsWith('SQLITE_IOERR')) {
    return `The disk failed a write (${code}: ${String(message)}).`;
  }
  return undefined;
}
