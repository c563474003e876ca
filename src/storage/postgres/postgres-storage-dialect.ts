// PostgreSQL's parts of the storage (storage-dialect.ts).
import { sql } from 'kysely';
import { noBusyRetry } from '../busy-retry.ts';
import type { StorageDialect } from '../storage-dialect.ts';
import { PostgresSearchIndex } from './postgres-search-index.ts';
import { postgresTableCopy } from './postgres-table-copy.ts';

export const postgresStorageDialect: StorageDialect = {
  searchIndex: (db, sideConnections) => new PostgresSearchIndex(db, sideConnections),
  tableCopy: postgresTableCopy,
  rowLocking: { skipLockedForUpdate: (query) => query.forUpdate().skipLocked() as typeof query },
  liftStatementTimeout: async (trx) => {
    await sql`set local statement_timeout = 0`.execute(trx);
  },
  // A writer waits for a row lock inside the server, asynchronously for this process: nothing to retry here.
  busyRetry: noBusyRetry,
};
