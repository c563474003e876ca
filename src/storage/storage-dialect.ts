// What differs between SQLite and PostgreSQL beyond what Kysely's dialects hide, as Kysely keeps its own: one
// small interface per concern, implemented in each dialect folder with the same file names
// (sqlite/sqlite-*.ts, postgres/postgres-*.ts), and picked once per database (storage-dialects.ts).
import type { BusyRetry } from './busy-retry.ts';
import type { Db } from './database-schema.ts';
import type { RowLocking } from './row-locking.ts';
import type { SearchIndex } from './search-documents.ts';
import type { SideConnections } from './side-connection.ts';
import type { TableCopyDialect } from './table-copy-dialect.ts';

export type StorageDialect = {
  /** The search index of one database handle; `sideConnections`: where a bulk write may take a second connection from. */
  searchIndex(db: Db, sideConnections?: SideConnections): SearchIndex;
  tableCopy: TableCopyDialect;
  rowLocking: RowLocking;
  /**
   * Lets the rest of this transaction run as long as its work needs (a copy of every table, a rebuild of the
   * search index): the pool's statement timeout and its query timeout are there to stop a runaway
   * request and to give up on a server that stopped answering.
   */
  liftStatementTimeout(trx: Db): Promise<void>;
  /** Retries work that met another process's write lock, without blocking the thread (SQLite; PostgreSQL's writers wait in the server). */
  busyRetry: BusyRetry;
};
