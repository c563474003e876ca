// PostgreSQL-only setup lives here: the connection pool, sized by configuration, failing fast when
// the server is away so that requests answer 503 instead of hanging.
import { Kysely } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema } from '../database-schema.ts';
import { PostgresUnavailableDialect } from './postgres-unavailable-driver.ts';

export type PostgresOptions = { url: string; poolSize: number };

export function openPostgresKysely(options: PostgresOptions): { db: Kysely<DatabaseSchema>; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    // A query that outlives this is cancelled by the server rather than holding a connection hostage.
    statement_timeout: 30_000,
    application_name: 'testata',
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // A client in use can lose its connection too; the failing query reports it, the event must not crash us.
  pool.on('connect', (client) => client.on('error', () => {}));
  return { db: new Kysely<DatabaseSchema>({ dialect: new PostgresUnavailableDialect({ pool }) }), pool };
}
