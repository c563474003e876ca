// SQLite-only setup lives here and nowhere else: the file, WAL, foreign keys, busy timeout, and a
// prepared-statement cache (Kysely prepares every query anew; re-preparing costs more than running).
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase as KyselySqliteDatabase } from 'kysely';
import type { DatabaseSchema } from '../database-schema.ts';
import { withRollbackAfterFailure } from './sqlite-rollback.ts';

const maxCachedStatements = 1000;

export function openSqliteKysely(file: string): Kysely<DatabaseSchema> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const connection = new SqliteDatabase(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  // 16 MiB of page cache per process: the hot pages fit, and memory stays flat on a large archive.
  connection.pragma('cache_size = -16384');
  connection.pragma('temp_store = MEMORY');
  const database = withRollbackAfterFailure(connection, withStatementCache(connection));
  return new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database }) });
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
