// SQLite: a transaction that writes a whole run of search text (an import, a rebuild) leaves FTS5's segments
// unmerged until it ends, then gives FTS5 its `automerge` setting back; a rollback leaves it as it was.
import { sql } from 'kysely';
import { afterEach, expect, test } from 'vitest';
import { parseSearchQuery } from '../../src/domain/search/search-query.ts';
import type { Database } from '../../src/storage/database.ts';
import type { Db } from '../../src/storage/database-schema.ts';
import { createRepositories } from '../../src/storage/repositories.ts';
import type { SearchDocument } from '../../src/storage/search-index.ts';
import { inSearchTransaction } from '../support/search-transaction.ts';
import { openEmptyDatabase } from '../support/test-databases.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openMigrated(): Promise<Database> {
  const { database, close } = await openEmptyDatabase('sqlite');
  cleanups.push(close);
  await database.migrate();
  return database;
}

const at = '2026-03-02T09:00:00.000Z';

/** More documents than a run of held-back text (4,000), published a minute apart. */
const documentsOf = (prefix: string, count: number): SearchDocument[] =>
  Array.from({ length: count }, (_, i) => ({
    articleId: `${prefix}${i}`,
    title: 'Vertice sul clima',
    standfirst: 'I ministri a confronto',
    bodyHtml: `<p>Accordo raggiunto dopo la riunione numero ${i}.</p>`,
    extra: 'ROMA',
    sectionId: 's1',
    type: 'news',
    publishedAt: new Date(Date.parse(at) - i * 60_000).toISOString(),
  }));

/** The articles the documents describe (the index's key refers to them), in one section. */
async function insertArticles(db: Db, prefix: string, count: number): Promise<void> {
  await sql`insert or ignore into sections (id, slug, name, created_at, changed_at) values ('s1', 'esteri', 'Esteri', ${at}, ${at})`.execute(
    db,
  );
  for (let from = 0; from < count; from += 500) {
    const rows = Array.from({ length: Math.min(500, count - from) }, (_, i) => {
      const id = `${prefix}${from + i}`;
      return sql`(${id}, ${id}, 's1', 'news', 'published', 'Vertice sul clima', '', 'Accordo.', '<p>Accordo.</p>', ${at}, ${at}, ${at})`;
    });
    await sql`insert into articles (id, slug, section_id, type, status, title, standfirst, body_markdown, body_html, published_at, created_at, changed_at)
      values ${sql.join(rows)}`.execute(db);
  }
}

const automergeOf = async (db: Db) =>
  (await sql<{ v: number }>`select v from search_text_config where k = 'automerge'`.execute(db)).rows[0]?.v;

const found = async (db: Db, text: string) =>
  (
    await createRepositories(db, 'sqlite').search.search({
      query: parseSearchQuery(text),
      filters: {},
      offset: 0,
      limit: 5,
      now: at,
    })
  ).total;

test('a bulk write merges no segments while it runs, and FTS5 merges as it was set to once it commits', async () => {
  const database = await openMigrated();
  // Not FTS5's default (4): the write must restore what the table had, not a value of its own.
  await sql`insert into search_text (search_text, rank) values ('automerge', 8)`.execute(database.db);

  await inSearchTransaction(database, {}, async (trx, search) => {
    await insertArticles(trx, 'a', 4500);
    await search.add(documentsOf('a', 4500));
    expect(await automergeOf(trx)).toBe(0);
  });

  expect(await automergeOf(database.db)).toBe(8);
  expect(await found(database.db, 'riunione')).toBe(1000); // all 4,500 match; the count stops at the ranking window
  expect(await found(database.db, 'numero 4499')).toBe(1);
});

test('a bulk write that rolls back leaves the setting and the index as they were', async () => {
  const database = await openMigrated();
  await insertArticles(database.db, 'before', 3);
  await insertArticles(database.db, 'a', 4500);
  await createRepositories(database.db, 'sqlite').search.add(documentsOf('before', 3));

  const attempt = inSearchTransaction(database, {}, async (trx, search) => {
    await search.add(documentsOf('a', 4500));
    expect(await automergeOf(trx)).toBe(0);
    throw new Error('the import found a bad line');
  });

  await expect(attempt).rejects.toThrow('bad line');
  expect(await automergeOf(database.db)).toBeUndefined();
  expect(await found(database.db, 'riunione')).toBe(3);
});

test('a small write leaves the setting alone', async () => {
  const database = await openMigrated();
  await insertArticles(database.db, 'a', 10);
  await inSearchTransaction(database, {}, async (trx, search) => {
    await search.add(documentsOf('a', 10));
    expect(await automergeOf(trx)).toBeUndefined();
  });
  expect(await automergeOf(database.db)).toBeUndefined();
  expect(await found(database.db, 'riunione')).toBe(10);
});
