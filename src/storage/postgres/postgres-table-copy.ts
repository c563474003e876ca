// Copying whole tables into and out of PostgreSQL (table-copier.ts).
import { sql } from 'kysely';
import type { Db } from '../database-schema.ts';
import type { Row, TableCopyDialect } from '../table-copy-dialect.ts';
import { createSecondaryIndexes, dropSecondaryIndexes } from './postgres-deferred-indexes.ts';

export const postgresTableCopy: TableCopyDialect = {
  ownSchema: async (db) => (await sql<{ name: string }>`select current_schema() as name`.execute(db)).rows[0]?.name,
  transaction: (db, { isReadOnly }) =>
    isReadOnly ? db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only') : db.transaction(),
  /**
   * One statement, the rows as one JSON parameter that the server turns into rows of the table
   * (`json_populate_recordset`): 1.6 million related terms took 3.2 s against 5.6 s as multi-row VALUES, and
   * as long as one array per column (`unnest`), which needs each column's type.
   */
  insertRows: async (db: Db, table: string, rows: Row[]) => {
    await sql`insert into ${sql.table(table)} select * from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)})`.execute(
      db,
    );
  },
  /** For a database whose collation orders text keys otherwise. That order has no index: sorted once, read through a cursor. */
  readRowsInCodePointOrder: async (db, table, primaryKey, batchSize, handle) => {
    const { rows: collatable } = await sql<{ name: string }>`
      select attname as name from pg_attribute where attrelid = ${table}::regclass and attcollation <> 0`.execute(db);
    const isText = new Set(collatable.map((c) => c.name));
    const order = sql.join(
      primaryKey.map((column) => (isText.has(column) ? sql`${sql.ref(column)} collate "C"` : sql.ref(column))),
    );
    await sql`declare code_point_order no scroll cursor for select * from ${sql.table(table)} order by ${order}`.execute(
      db,
    );
    try {
      for (;;) {
        const { rows } = await sql<Row>`fetch forward ${sql.raw(String(batchSize))} from code_point_order`.execute(db);
        if (rows.length === 0) break;
        await handle(rows);
      }
    } finally {
      await sql`close code_point_order`.execute(db);
    }
  },
  deferIndexes: dropSecondaryIndexes,
  restoreIndexes: createSecondaryIndexes,
  // Rows just loaded have no planner statistics until autovacuum sees them after commit. Without them
  // PostgreSQL read each batch of 1,000 articles by id by walking a whole secondary index: 127 ms instead of 2.
  analyzeTables: async (db, tables) => {
    await sql`analyze ${sql.join(tables.map((table) => sql.table(table)))}`.execute(db);
  },
  backupFile: async () => {
    throw new Error('a PostgreSQL database is no file to back up: its server has its own tools (pg_dump)');
  },
};
