// Search index writes queued in a transaction: written before it commits, and a queued write that fails
// rolls the whole transaction back and is the error reported, on both databases.
import { sql } from 'kysely';
import { afterEach, expect, test } from 'vitest';
import type { Database } from '../../src/storage/database.ts';
import { parseSearchQuery } from '../../src/domain/search/search-query.ts';
import { createRepositories, createTransactionRunner } from '../../src/storage/repositories.ts';
import type { SearchDocument } from '../../src/storage/search-index.ts';
import { describeEachDatabase, openEmptyDatabase, type TestDatabaseKind } from '../support/test-databases.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openMigrated(kind: TestDatabaseKind): Promise<Database> {
  const { database, close } = await openEmptyDatabase(kind);
  cleanups.push(close);
  await database.migrate();
  return database;
}

const documentOf = (articleId: string): SearchDocument => ({
  articleId,
  title: 'Vertice sul clima',
  standfirst: '',
  bodyHtml: '<p>Accordo raggiunto.</p>',
  extra: '',
  sectionId: 'missing-section',
  type: 'news',
  publishedAt: '2026-03-02T09:00:00.000Z',
});

describeEachDatabase('queued search index writes on %s', (kind) => {
  test('a queued write that fails rolls back the transaction, and its error is the one reported', async () => {
    const database = await openMigrated(kind);
    const transaction = createTransactionRunner(database.db, database.dialect);
    const attempt = transaction(async (repositories) => {
      await repositories.contentChanges.record(['before-the-failure'], '2026-03-02T09:00:00.000Z');
      // The same article twice: the second entry breaks the unique key when it is written, after this call returns.
      await repositories.search.addSoon([documentOf('twice'), documentOf('twice')]);
      await repositories.contentChanges.record(['after-the-failure'], '2026-03-02T09:00:01.000Z');
      return 'committed';
    });
    await expect(attempt).rejects.toThrow(/unique/i);
    expect(await database.db.selectFrom('content_changes').selectAll().execute()).toEqual([]);
  });

  test('writes queued by the work are all in the index when the transaction returns', async () => {
    const database = await openMigrated(kind);
    await insertArticles(database, 120);
    const transaction = createTransactionRunner(database.db, database.dialect);
    await transaction(async (repositories) => {
      await repositories.search.addSoon(storedDocuments(0, 60));
      await repositories.search.addSoon(storedDocuments(60, 60));
    });
    const { count } = await database.db
      .selectFrom('search_documents')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(120);
    // Their text too (SQLite holds it back until the transaction is about to commit).
    expect((await searchFrom(database, 'accordo')).total).toBe(120);
  });

  test('inside the transaction, what was added is found and what was removed is gone, before the commit', async () => {
    const database = await openMigrated(kind);
    await insertArticles(database, 10);
    const transaction = createTransactionRunner(database.db, database.dialect);
    await transaction(async (repositories) => {
      await repositories.search.addSoon(storedDocuments(0, 10));
      const found = await repositories.search.search(requestFor('vertice clima'));
      expect(found.total).toBe(10);
      await repositories.search.remove(['a3', 'a7']);
      const left = await repositories.search.search(requestFor('vertice clima'));
      expect(left.articleIds.sort()).toEqual(['a0', 'a1', 'a2', 'a4', 'a5', 'a6', 'a8', 'a9']);
    });
    expect((await searchFrom(database, 'accordo')).articleIds.sort()).toEqual([
      'a0',
      'a1',
      'a2',
      'a4',
      'a5',
      'a6',
      'a8',
      'a9',
    ]);
  });
});

const at = '2026-03-02T09:00:00.000Z';

async function insertArticles(database: Database, count: number): Promise<void> {
  await sql`insert into sections (id, slug, name, created_at, changed_at) values ('s1', 'esteri', 'Esteri', ${at}, ${at})`.execute(
    database.db,
  );
  for (let i = 0; i < count; i++) {
    await sql`insert into articles (id, slug, section_id, type, status, title, standfirst, body_markdown, body_html, published_at, created_at, changed_at)
      values (${`a${i}`}, ${`a${i}`}, 's1', 'news', 'published', 'Vertice sul clima', '', 'Accordo.', '<p>Accordo.</p>', ${at}, ${at}, ${at})`.execute(
      database.db,
    );
  }
}

/** Entries for the articles `insertArticles` stored, a{from}… */
const storedDocuments = (from: number, count: number): SearchDocument[] =>
  Array.from({ length: count }, (_, i) => ({ ...documentOf(`a${from + i}`), sectionId: 's1' }));

const requestFor = (text: string) => ({ query: parseSearchQuery(text), filters: {}, offset: 0, limit: 200, now: at });

const searchFrom = (database: Database, text: string) =>
  createRepositories(database.db, database.dialect).search.search(requestFor(text));
