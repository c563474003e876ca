// SQLite's parts of the storage (storage-dialect.ts).
import { retryWhileBusy } from '../busy-retry.ts';
import type { StorageDialect } from '../storage-dialect.ts';
import { isSqliteBusy } from './sqlite-database.ts';
import { SqliteSearchIndex } from './sqlite-search-index.ts';
import { sqliteTableCopy } from './sqlite-table-copy.ts';

export const sqliteStorageDialect: StorageDialect = {
  searchIndex: (db) => new SqliteSearchIndex(db),
  tableCopy: sqliteTableCopy,
  // One writer at a time: the plain query is already exclusive.
  rowLocking: { skipLockedForUpdate: (query) => query },
  // SQLite has no statement timeout; a writer waits for the lock no longer than its busy timeout.
  liftStatementTimeout: async () => {},
  busyRetry: retryWhileBusy(isSqliteBusy),
};
