// The databases every storage-backed suite runs on: SQLite always, PostgreSQL when a server answers
// (TESTATA_TEST_PG_URL, default the local one). CI sets TESTATA_TEST_REQUIRE_PG=1 to make absence a failure.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Database } from '../../src/storage/database.ts';

export type TestDatabaseKind = 'sqlite' | 'postgres';

export const postgresAdminUrl = process.env.TESTATA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function isPostgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const hasPostgres = await isPostgresReachable();
if (!hasPostgres) {
  if (process.env.TESTATA_TEST_REQUIRE_PG === '1') {
    throw new Error(`PostgreSQL is required (TESTATA_TEST_REQUIRE_PG=1) but does not answer at ${postgresAdminUrl}`);
  }
  console.warn(`PostgreSQL does not answer at ${postgresAdminUrl}: SKIPPING the PostgreSQL half of the storage suites.`);
}

export const testDatabaseKinds: TestDatabaseKind[] = hasPostgres ? ['sqlite', 'postgres'] : ['sqlite'];

/** A fresh, empty PostgreSQL database; `drop` removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `testata_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

/** Runs one statement on the admin database (create/drop databases, change their settings). */
export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty database of `kind` (a SQLite file in a temp dir, or a new PostgreSQL database), opened
 * without migrations; `close` closes it and removes it.
 */
export async function openEmptyDatabase(kind: TestDatabaseKind): Promise<{ database: Database; close: () => Promise<void> }> {
  if (kind === 'postgres') {
    const pg = await createPostgresDatabase();
    const database = Database.open({ kind: 'postgres', url: pg.url, poolSize: 2 });
    const close = async () => {
      await database.close();
      await pg.drop();
    };
    return { database, close };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'testata-db-'));
  const database = Database.open({ kind: 'sqlite', file: path.join(dir, 'testata.db') });
  const close = async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { database, close };
}
