// What copying whole tables between databases (table-copier.ts) needs of each database: one implementation
// per dialect folder (sqlite/sqlite-table-copy.ts, postgres/postgres-table-copy.ts).
import type { TransactionBuilder } from 'kysely';
import type { DatabaseSchema, Db } from './database-schema.ts';

export type Row = Record<string, unknown>;

export type TableCopyDialect = {
  /** The schema our tables are in, where the database has several (PostgreSQL); undefined otherwise. */
  ownSchema(db: Db): Promise<string | undefined>;
  /** A transaction; a read-only one reads one consistent snapshot from its first read to its end. */
  transaction(db: Db, options: { isReadOnly?: boolean }): TransactionBuilder<DatabaseSchema>;
  /** Inserts rows into a table in as few statements as the database takes. */
  insertRows(db: Db, table: string, rows: Row[]): Promise<void>;
  /**
   * Every row in code point order of the key, `batchSize` at a time; undefined where the database's own
   * order of the key is that one (keyset reads in key order then do).
   */
  readRowsInCodePointOrder?: (
    db: Db,
    table: string,
    primaryKey: readonly string[],
    batchSize: number,
    handle: (rows: Row[]) => Promise<void>,
  ) => Promise<void>;
  /**
   * Before loading rows into these empty tables: drops what is cheaper built once after the load; returns
   * the statements `restoreIndexes` runs then.
   */
  deferIndexes(db: Db, tables: readonly string[]): Promise<string[]>;
  restoreIndexes(db: Db, statements: readonly string[]): Promise<void>;
  /** A consistent copy of a live database file, where the database is one file; other connections may keep writing. */
  backupFile(sourceFile: string, targetFile: string): Promise<{ isIntact: boolean }>;
  /** Gathers the planner statistics of tables just loaded, where the database keeps any. */
  analyzeTables(db: Db, tables: readonly string[]): Promise<void>;
};
