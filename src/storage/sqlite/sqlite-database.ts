// SQLite-only setup lives here and nowhere else: the file, WAL, foreign keys, how long a statement waits for
// another process's write lock, write transactions that take the lock as they begin, and a prepared-statement
// cache (Kysely prepares every query anew; re-preparing costs more than running).
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  type DatabaseConnection,
  Kysely,
  type SqliteDatabase as KyselySqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  type TransactionSettings,
  CompiledQuery,
  type Driver,
} from 'kysely';
import type { DatabaseSchema } from '../database-schema.ts';
import { withRollbackAfterFailure } from './sqlite-rollback.ts';

const maxCachedStatements = 1000;
/** A command (import, rebuild) is not serving anyone: it may block while another process writes. */
export const commandBusyTimeoutMs = 5000;

export type SqliteKysely = {
  db: Kysely<DatabaseSchema>;
  /**
   * Sets how long a statement blocks this thread waiting for another process's write lock. better-sqlite3 is
   * synchronous: a serving process sets 0, so a write meets the lock with SQLITE_BUSY at once and is retried
   * asynchronously (busy-retry.ts) while requests keep being answered.
   */
  setBusyTimeout(ms: number): void;
};

export function openSqliteKysely(file: string): SqliteKysely {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const connection = new SqliteDatabase(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma(`busy_timeout = ${commandBusyTimeoutMs}`);
  // 16 MiB of page cache per process: the hot pages fit, and memory stays flat on a large archive.
  connection.pragma('cache_size = -16384');
  connection.pragma('temp_store = MEMORY');
  const database = withRollbackAfterFailure(connection, withStatementCache(connection));
  const dialect = new ImmediateSqliteDialect({ database });
  return {
    db: new Kysely<DatabaseSchema>({ dialect }),
    setBusyTimeout: (ms) => connection.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`),
  };
}

/**
 * Kysely begins SQLite transactions with a plain (deferred) BEGIN, which takes the write lock only at the first
 * write: a transaction that read first then meets another writer's commit fails with SQLITE_BUSY whatever the
 * busy timeout, half-way through its work. BEGIN IMMEDIATE meets the lock at the start, where nothing is done
 * yet and a retry is safe. A transaction declared read-only stays deferred: it never takes the lock.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly config: SqliteDialectConfig) {
    super(config);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    const begin = settings?.accessMode === 'read only' ? 'begin' : 'begin immediate';
    await connection.executeQuery(CompiledQuery.raw(begin));
  }
}

/** Safe because Kysely runs one query at a time on its single SQLite connection. */
function withStatementCache(connection: SqliteDatabase.Database): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => connection.close(),
    prepare: (sql) => {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= maxCachedStatements) statements.clear();
        statement = connection.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/** SQLITE_BUSY and its extended codes: another connection holds the lock this statement needed. */
export function isSqliteBusy(error: unknown): boolean {
  return error instanceof SqliteDatabase.SqliteError && error.code.startsWith('SQLITE_BUSY');
}
