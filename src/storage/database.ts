// Opens the configured database (SQLite file or PostgreSQL), applies migrations, answers health checks.
import { Migrator, sql } from 'kysely';
import type { DatabaseLocation as ParsedLocation } from '../domain/database-location.ts';
import { noChangeSignal, type ChangeSignal } from './change-signal.ts';
import type { Db, Dialect } from './database-schema.ts';
import { migrationProvider } from './migrations/migration-list.ts';
import { postgresChangeSignal } from './postgres/postgres-change-signal.ts';
import { openPostgresKysely } from './postgres/postgres-database.ts';
import { sideConnectionsOf } from './postgres/postgres-side-connection.ts';
import { rebuildSearchIndexIfRequested } from './search-rebuild.ts';
import type { SideConnections } from './side-connection.ts';
import { openSqliteKysely } from './sqlite/sqlite-database.ts';

/** As parsed from configuration or a command's option, plus the pool size a PostgreSQL process opens. */
export type DatabaseLocation =
  | Exclude<ParsedLocation, { kind: 'postgres' }>
  | (Extract<ParsedLocation, { kind: 'postgres' }> & { poolSize?: number });
export type { Db, Dialect };

export class Database {
  /** `sideConnections`: connections of the pool lent outside Kysely (PostgreSQL only). */
  private constructor(
    readonly db: Db,
    readonly dialect: Dialect,
    readonly changeSignal: ChangeSignal,
    readonly sideConnections?: SideConnections,
    private readonly setBusyTimeout: (ms: number) => void = () => {},
  ) {}

  static open(location: DatabaseLocation): Database {
    if (location.kind === 'postgres') {
      const { db, pool } = openPostgresKysely({ url: location.url, poolSize: location.poolSize ?? 10 });
      return new Database(db, 'postgres', postgresChangeSignal(location.url), sideConnectionsOf(pool));
    }
    const { db, setBusyTimeout } = openSqliteKysely(location.file);
    return new Database(db, 'sqlite', noChangeSignal, undefined, setBusyTimeout);
  }

  /**
   * For a serving process: from now on a statement that meets another process's write lock (SQLite) fails at
   * once instead of blocking the thread, and the writers retry it asynchronously (busy-retry.ts). Commands keep
   * waiting, as they serve no one.
   */
  stopWaitingForLocks(): void {
    this.setBusyTimeout(0);
  }

  /**
   * Applies pending migrations, then rebuilds the search index if one of them (or an earlier run that stopped
   * short) asked for it; returns the names applied. Safe when several processes start at once.
   * `onSearchRebuilt`: told how many articles the index holds after a rebuild.
   */
  async migrate(options: { onSearchRebuilt?: (indexed: number) => void } = {}): Promise<string[]> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider });
    const { error, results } = await migrator.migrateToLatest();
    if (error)
      throw new Error(`Database migration failed: ${String((error as Error).message ?? error)}`, { cause: error });
    const indexed = await rebuildSearchIndexIfRequested(this.db, this.dialect);
    if (indexed !== undefined) options.onSearchRebuilt?.(indexed);
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
