// Opens the configured database (SQLite file or PostgreSQL), applies migrations, answers health checks.
import { DEFAULT_MIGRATION_TABLE, Migrator, sql } from 'kysely';
import type { DatabaseLocation as ParsedLocation } from '../domain/database-location.ts';
import { noChangeSignal, type ChangeSignal } from './change-signal.ts';
import type { AvailabilityObserver } from './database-availability.ts';
import type { Db, Dialect } from './database-schema.ts';
import { migrationProvider } from './migrations/migration-list.ts';
import { postgresChangeSignal } from './postgres/postgres-change-signal.ts';
import type { GuardedPool } from './postgres/postgres-client-guard.ts';
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

/** The database holds migrations this code does not know: a newer Testata migrated it. */
export class NewerDatabaseError extends Error {
  constructor(
    readonly unknownMigrations: string[],
    newestKnown: string | undefined,
  ) {
    super(
      `This database was migrated by a newer version of Testata: it has ${unknownMigrations.length === 1 ? 'a migration' : 'migrations'} ` +
        `this version does not know (${unknownMigrations.join(', ')}; the newest known here is ${newestKnown ?? 'none'}). ` +
        'Run the newer version against it, or restore the backup taken before the upgrade to go back to this one.',
    );
    this.name = 'NewerDatabaseError';
  }
}

export class Database {
  /** `sideConnections`: connections of the pool lent outside Kysely (PostgreSQL only). */
  private constructor(
    readonly db: Db,
    readonly dialect: Dialect,
    readonly changeSignal: ChangeSignal,
    readonly sideConnections?: SideConnections,
    private readonly guardedPool?: GuardedPool,
    private readonly setBusyTimeout: (ms: number) => void = () => {},
  ) {}

  /**
   * `availability`: told when a PostgreSQL server stops and starts answering. A query waits for its answer
   * longer than the server's own statement timeout, as commands need; a server process lowers it (limitQueryTime).
   */
  static open(location: DatabaseLocation, availability?: AvailabilityObserver): Database {
    if (location.kind === 'postgres') {
      const { db, pool, guardedPool } = openPostgresKysely({
        url: location.url,
        poolSize: location.poolSize ?? 10,
        availability,
      });
      return new Database(db, 'postgres', postgresChangeSignal(location.url), sideConnectionsOf(pool), guardedPool);
    }
    const { db, setBusyTimeout } = openSqliteKysely(location.file);
    return new Database(db, 'sqlite', noChangeSignal, undefined, undefined, setBusyTimeout);
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
   * From now on a query whose answer takes longer than `queryTimeoutMs` fails as unavailable and its connection
   * is closed (PostgreSQL; transactions that lift the statement timeout are exempt). SQLite has no network to lose.
   */
  limitQueryTime(queryTimeoutMs: number): void {
    if (this.guardedPool) this.guardedPool.queryTimeoutMs = queryTimeoutMs;
  }

  /**
   * Applies pending migrations, then rebuilds the search index if one of them (or an earlier run that stopped
   * short) asked for it; returns the names applied. Safe when several processes start at once.
   * `onSearchRebuilt`: told how many articles the index holds after a rebuild.
   */
  async migrate(options: { onSearchRebuilt?: (indexed: number) => void } = {}): Promise<string[]> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const unknown = await this.unknownMigrations();
      if (unknown.unknown.length > 0) throw new NewerDatabaseError(unknown.unknown, unknown.newestKnown);
      throw new Error(`Database migration failed: ${String((error as Error).message ?? error)}`, { cause: error });
    }
    const indexed = await rebuildSearchIndexIfRequested(this.db, this.dialect);
    if (indexed !== undefined) options.onSearchRebuilt?.(indexed);
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  /** Migrations recorded in the database that this code does not have (a newer version applied them). */
  private async unknownMigrations(): Promise<{ unknown: string[]; newestKnown: string | undefined }> {
    const known = Object.keys(await migrationProvider.getMigrations()).sort();
    const tables = await this.db.introspection.getTables({ withInternalKyselyTables: true });
    if (!tables.some((t) => t.name === DEFAULT_MIGRATION_TABLE)) return { unknown: [], newestKnown: known.at(-1) };
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(
      this.db,
    );
    const knownNames = new Set(known);
    const unknown = rows.map((r) => r.name).filter((name) => !knownNames.has(name));
    return { unknown: unknown.sort(), newestKnown: known.at(-1) };
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
