// SQLite-only setup lives here and nowhere else: the file, WAL, foreign keys, busy timeout.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DatabaseSchema } from '../database-schema.ts';

export function openSqliteKysely(file: string): Kysely<DatabaseSchema> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const connection = new SqliteDatabase(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('cache_size = -65536');
  connection.pragma('temp_store = MEMORY');
  return new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: connection }) });
}
