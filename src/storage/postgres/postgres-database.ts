// PostgreSQL-only setup lives here: the connection pool, sized by configuration, failing fast when the server
// is away or has gone silent, so that requests answer 503 instead of hanging.
import { Kysely } from 'kysely';
import pg from 'pg';
import type { AvailabilityObserver } from '../database-availability.ts';
import type { DatabaseSchema } from '../database-schema.ts';
import { GuardedPool } from './postgres-client-guard.ts';
import { PostgresUnavailableDialect } from './postgres-unavailable-driver.ts';

/** The server cancels a statement that outlives this, rather than let it hold a connection hostage. */
const statementTimeoutMs = 30_000;

/**
 * How long a query waits for its answer on our side unless told otherwise: longer than the server's own limit,
 * so that a slow statement is cancelled by the server (the connection stays usable) and only a server that
 * stopped answering is given up on here. A server process lowers it to what a reader can wait.
 */
const unhurriedQueryTimeoutMs = statementTimeoutMs + 5000;

export type PostgresOptions = { url: string; poolSize: number; availability?: AvailabilityObserver };

export function openPostgresKysely(options: PostgresOptions): {
  db: Kysely<DatabaseSchema>;
  pool: pg.Pool;
  guardedPool: GuardedPool;
} {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    // Also bounds a connection attempt that a silent network swallows whole.
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    statement_timeout: statementTimeoutMs,
    // Lets the operating system notice a peer that vanished while a connection sat idle.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: 'testata',
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // A client in use can lose its connection too; the failing query reports it, the event must not crash us.
  pool.on('connect', (client) => client.on('error', () => {}));
  const guardedPool = new GuardedPool(pool, unhurriedQueryTimeoutMs);
  const dialect = new PostgresUnavailableDialect({ pool: guardedPool }, options.availability);
  return { db: new Kysely<DatabaseSchema>({ dialect }), pool, guardedPool };
}
