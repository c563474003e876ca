// Claiming a row that several processes race for. PostgreSQL skips rows another transaction holds
// (FOR UPDATE SKIP LOCKED); SQLite has one writer at a time, so the plain query is already exclusive.
import type { SelectQueryBuilder } from 'kysely';
import type { Dialect } from './database.ts';

export type RowLocking = {
  skipLockedForUpdate: <Q extends SelectQueryBuilder<any, any, any>>(query: Q) => Q;
};

export function rowLockingFor(dialect: Dialect): RowLocking {
  if (dialect === 'postgres') return { skipLockedForUpdate: (query) => query.forUpdate().skipLocked() as typeof query };
  return { skipLockedForUpdate: (query) => query };
}
