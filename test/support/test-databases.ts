// The databases every storage-backed suite runs on: SQLite always, PostgreSQL when a server answers (see
// test-postgres.mjs for where). Without one, each suite's PostgreSQL half is a skipped suite saying so; CI sets
// TESTATA_TEST_REQUIRE_PG=1 to make absence a failure.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { Database } from '../../src/storage/database.ts';
import { findTestPostgres, postgresUrlCandidates } from './test-postgres.mjs';

export type TestDatabaseKind = 'sqlite' | 'postgres';

const answeringUrl = await findTestPostgres();
if (!answeringUrl && process.env.TESTATA_TEST_REQUIRE_PG === '1') {
  throw new Error(
    `PostgreSQL is required (TESTATA_TEST_REQUIRE_PG=1) but does not answer at ${postgresUrlCandidates().join(' or ')}`,
  );
}

export const postgresAdminUrl = answeringUrl ?? postgresUrlCandidates()[0]!;
export const hasPostgres = answeringUrl !== null;

/** The kinds a test can open now: SQLite, and PostgreSQL when it answers. */
export const testDatabaseKinds: TestDatabaseKind[] = hasPostgres ? ['sqlite', 'postgres'] : ['sqlite'];

/**
 * `describe.each` over SQLite and PostgreSQL (`%s` in the name is the kind). Without PostgreSQL its half is
 * still declared, skipped, under a name that says why, so the summary counts what did not run.
 */
export function describeEachDatabase(name: string, body: (kind: TestDatabaseKind) => void): void {
  describe(name.replace('%s', 'sqlite'), () => body('sqlite'));
  if (hasPostgres) describe(name.replace('%s', 'postgres'), () => body('postgres'));
  else describe.skip(`${name.replace('%s', 'postgres')} (SKIPPED: PostgreSQL is missing)`, () => body('postgres'));
}

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
export async function openEmptyDatabase(
  kind: TestDatabaseKind,
): Promise<{ database: Database; close: () => Promise<void> }> {
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
