// Opens the configured database, applies migrations, and answers health checks.
import { Migrator, sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from './database-schema.ts';
import { migrationProvider } from './migrations/migration-list.ts';
import { openSqliteKysely } from './sqlite/sqlite-database.ts';

export type DatabaseLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
export type Db = Kysely<DatabaseSchema>;

export class Database {
  readonly db: Db;

  private constructor(
    db: Db,
    readonly location: DatabaseLocation,
  ) {
    this.db = db;
  }

  static open(location: DatabaseLocation): Database {
    if (location.kind === 'postgres') {
      throw new Error('DATABASE_URL points to PostgreSQL, which this version of Testata does not support yet; unset it to use the embedded SQLite file.');
    }
    return new Database(openSqliteKysely(location.file), location);
  }

  /** Applies pending migrations; returns the names applied. */
  async migrate(): Promise<string[]> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw new Error(`Database migration failed: ${String((error as Error).message ?? error)}`, { cause: error });
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
