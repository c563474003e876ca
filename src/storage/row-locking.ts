// Claiming a row that several processes race for. PostgreSQL skips rows another transaction holds
// (FOR UPDATE SKIP LOCKED); SQLite has one writer at a time, so the plain query is already exclusive.
// Each dialect's is its storage dialect's `rowLocking`.
import type { SelectQueryBuilder } from 'kysely';

export type RowLocking = {
  // biome-ignore lint/suspicious/noExplicitAny: a query of any table with any selection, as Kysely types its own helpers
  skipLockedForUpdate: <Q extends SelectQueryBuilder<any, any, any>>(query: Q) => Q;
};
