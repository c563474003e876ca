// Copying whole tables into and out of SQLite (table-copier.ts); and SQLite's online backup of a live file.
import SqliteDatabase from 'better-sqlite3';
import type { Db } from '../database-schema.ts';
import type { Row, TableCopyDialect } from '../table-copy-dialect.ts';

const boundParameterLimit = 32_766;
const allPagesAtOnce = 0x7fffffff;

export const sqliteTableCopy: TableCopyDialect = {
  ownSchema: async () => undefined,
  // Any SQLite transaction reads one snapshot from its first read to its end; a read-only one takes no write
  // lock (sqlite-database.ts begins the others IMMEDIATE), so a live site's writers go on meanwhile.
  transaction: (db, { isReadOnly }) => (isReadOnly ? db.transaction().setAccessMode('read only') : db.transaction()),
  // Multi-row inserts, each under the limit of bound parameters.
  insertRows: async (db: Db, table: string, rows: Row[]) => {
    const columnCount = Math.max(1, Object.keys(rows[0] ?? {}).length);
    const rowsPerInsert = Math.max(1, Math.floor(boundParameterLimit / columnCount));
    for (let start = 0; start < rows.length; start += rowsPerInsert) {
      await db
        .insertInto(table as never)
        .values(rows.slice(start, start + rowsPerInsert) as never)
        .execute();
    }
  },
  // SQLite compares text by its bytes: key order is code point order already.
  readRowsInCodePointOrder: undefined,
  deferIndexes: async () => [],
  restoreIndexes: async () => {},
  analyzeTables: async () => {},
  backupFile: (sourceFile, targetFile) => backupSqliteFile(sourceFile, targetFile),
};

/** SQLite's online backup. */
async function backupSqliteFile(sourceFile: string, targetFile: string): Promise<{ isIntact: boolean }> {
  const source = new SqliteDatabase(sourceFile, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    // Every page in one step, under one read snapshot. In small steps (the default, 100 pages a tick) each
    // write by another connection restarts the backup: a server writing every few seconds starves it forever.
    await source.backup(targetFile, { progress: () => allPagesAtOnce });
  } finally {
    source.close();
  }
  const copy = new SqliteDatabase(targetFile, { readonly: true, fileMustExist: true });
  try {
    return { isIntact: copy.pragma('quick_check', { simple: true }) === 'ok' };
  } finally {
    copy.close();
  }
}
