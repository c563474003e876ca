// PostgreSQL's parts of the storage (storage-dialect.ts).
import { sql } from 'kysely';
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
};
