// Issue 20 F12: the disk fills up during an import into SQLite. SQLite then rolls the transaction back itself;
// the import must report the disk being full (not "cannot rollback"), leave the database as it was, give the
// space of the WAL back, and the CLI must say so in one line. The disk is made full for real by capping the
// database's size (PRAGMA max_page_count: SQLite answers SQLITE_FULL as on a full disk). PostgreSQL's disk
// cannot be filled here.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { runImportCommand } from '../../src/cli/import-command.ts';
import { generatedArticleLines } from '../support/article-records.ts';
import { databaseFingerprint } from '../support/database-fingerprint.ts';
import { createTestSite, type TestSite } from '../support/test-site.ts';

let site: TestSite;
beforeEach(async () => {
  site = await createTestSite({ demo: false, database: 'sqlite' });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await site.close();
});

const lines = generatedArticleLines(1500);

/** Leaves the database room for `pages` more pages, and a small page cache, so a big write spills to the WAL. */
async function fillDiskBut(pages: number): Promise<string> {
  const { db } = site.testata.database;
  await sql.raw(`pragma max_page_count = ${(await pageCount(site)) + pages}`).execute(db);
  await sql.raw('pragma cache_size = 50').execute(db);
  const list = await sql<{ file: string }>`pragma database_list`.execute(db);
  return `${list.rows[0]?.file}-wal`;
}

async function pageCount(of: TestSite): Promise<number> {
  const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(of.testata.database.db);
  return Number(rows[0]?.page_count);
}

/** The pages the import of `lines` adds after the first 20, measured on a site of its own. */
async function pagesOfImport(): Promise<number> {
  const other = await createTestSite({ demo: false, database: 'sqlite' });
  try {
    await other.testata.importer.importArticles(lines.slice(0, 20));
    const before = await pageCount(other);
    await other.testata.importer.importArticles(lines);
    return (await pageCount(other)) - before;
  } finally {
    await other.close();
  }
}

async function makeRoomAgain(): Promise<void> {
  await sql.raw('pragma max_page_count = 1073741823').execute(site.testata.database.db);
}

test('a disk that fills up as the last writes go (SQLite rolls back itself) is reported as full, not as "cannot rollback"', {
  timeout: 90_000,
}, async () => {
  // The search text is written last, one row a statement: a statement with no journal of its own, which
  // SQLite cannot undo alone, so a full disk there rolls back the whole transaction, as a full WAL does.
  const pages = await pagesOfImport();
  await site.testata.importer.importArticles(lines.slice(0, 20));
  const before = await databaseFingerprint(site.testata.database.db);
  const wal = await fillDiskBut(pages - 100);

  const failure = await site.testata.importer.importArticles(lines).catch((error: unknown) => error);

  expect(failure).toMatchObject({ code: 'SQLITE_FULL', message: 'database or disk is full' });
  expect(fs.statSync(wal).size).toBe(0);
  await makeRoomAgain();
  expect(await databaseFingerprint(site.testata.database.db)).toEqual(before);
  expect(await site.testata.importer.importArticles(lines.slice(20, 23))).toMatchObject({
    committed: true,
    created: 3,
  });
});

test('an import that fills the disk half-way reports SQLITE_FULL, writes nothing, and gives the WAL space back', async () => {
  await site.testata.importer.importArticles(lines.slice(0, 20));
  const before = await databaseFingerprint(site.testata.database.db);
  const wal = await fillDiskBut(300);

  const failure = await site.testata.importer.importArticles(lines).catch((error: unknown) => error);

  expect(failure).toMatchObject({ code: 'SQLITE_FULL', message: 'database or disk is full' });
  expect(fs.statSync(wal).size).toBe(0);
  await makeRoomAgain();
  expect(await databaseFingerprint(site.testata.database.db)).toEqual(before);
  // The connection is usable again.
  expect(await site.testata.importer.importArticles(lines.slice(20, 23))).toMatchObject({
    committed: true,
    created: 3,
  });
});

test('testata import says in one line that the disk is full and nothing was written', async () => {
  const file = path.join(site.dataDir, 'articoli.jsonl');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  await fillDiskBut(300);
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });

  const exitCode = await runImportCommand(site.testata.importer, file, { maxProblems: 20 });

  vi.restoreAllMocks();
  expect(exitCode).toBe(1);
  expect(stderr).toContain(
    'Import failed: nothing was written. The disk is full (SQLITE_FULL): free some space, then import again.',
  );
  expect(stderr).not.toContain('cannot rollback');
});
