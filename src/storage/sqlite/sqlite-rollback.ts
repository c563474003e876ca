// How a failed SQLite transaction ends. On some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM) SQLite rolls
// the whole transaction back itself; Kysely's ROLLBACK then failed with "cannot rollback - no transaction is
// active", and that error replaced the one that said the disk was full. And the pages a big write had spilled
// to the WAL kept the disk full after the rollback, until the last connection closed.
import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';

/**
 * `database` with its ROLLBACK replaced: nothing to do where SQLite already rolled back; afterwards, the WAL is
 * checkpointed and truncated, without waiting for readers (a busy timeout would block the event loop): where a
 * reader holds an older snapshot the WAL stays, and later writes reuse its space.
 */
export function withRollbackAfterFailure(
  connection: SqliteDatabase.Database,
  database: KyselySqliteDatabase,
): KyselySqliteDatabase {
  const rollback: SqliteStatement = {
    reader: false,
    all: () => [],
    iterate: () => [][Symbol.iterator](),
    run: () => {
      if (connection.inTransaction) connection.prepare('rollback').run();
      truncateWal(connection);
      return { changes: 0, lastInsertRowid: 0 };
    },
  };
  return {
    close: () => database.close(),
    prepare: (sql) => (sql === 'rollback' ? rollback : database.prepare(sql)),
  };
}

function truncateWal(connection: SqliteDatabase.Database): void {
  const busyTimeout = connection.pragma('busy_timeout', { simple: true });
  try {
    connection.pragma('busy_timeout = 0');
    connection.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Busy or failing again: the WAL stays as it is, which is no worse than before.
  } finally {
    connection.pragma(`busy_timeout = ${Number(busyTimeout)}`);
  }
}
