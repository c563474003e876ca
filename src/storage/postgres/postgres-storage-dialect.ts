// PostgreSQL's parts of the storage (storage-dialect.ts).
import { sql } from 'kysely';
import { noBusyRetry } from '../busy-retry.ts';
import type { StorageDialect } from '../storage-dialect.ts';
import { liftStatementTimeoutSql } from './postgres-client-guard.ts';
import { PostgresSearchIndex } from './postgres-search-index.ts';
import { postgresTableCopy } from './postgres-table-copy.ts';

export const postgresStorageDialect: StorageDialect = {
  searchIndex: (db, sideConnections) => new PostgresSearchIndex(db, sideConnections),
  tableCopy: postgresTableCopy,
  rowLocking: { skipLockedForUpdate: (query) => query.forUpdate().skipLocked() as typeof query },
  liftStatementTimeout: async (trx) => {
    // The pool's client guard knows this statement and stops timing the transaction's queries on our side too.
    await sql.raw(liftStatementTimeoutSql).execute(trx);
  },
  // A writer waits for a row lock inside the server, asynchronously for this process: nothing to retry here.
  busyRetry: noBusyRetry,
};
