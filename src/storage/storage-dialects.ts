// The storage parts of each dialect, by the name a database is opened with: with database.ts and
// search-analysis.ts, the only modules outside the dialect folders that import them.
import type { BusyRetry } from './busy-retry.ts';
import type { Dialect } from './database-schema.ts';
import { postgresStorageDialect } from './postgres/postgres-storage-dialect.ts';
import type { RowLocking } from './row-locking.ts';
import { sqliteStorageDialect } from './sqlite/sqlite-storage-dialect.ts';
import type { StorageDialect } from './storage-dialect.ts';

export const storageDialects: Readonly<Record<Dialect, StorageDialect>> = {
  sqlite: sqliteStorageDialect,
  postgres: postgresStorageDialect,
};

export function rowLockingFor(dialect: Dialect): RowLocking {
  return storageDialects[dialect].rowLocking;
}

export function busyRetryFor(dialect: Dialect): BusyRetry {
  return storageDialects[dialect].busyRetry;
}
