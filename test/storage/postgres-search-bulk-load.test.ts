// PostgreSQL: a transaction that fills an empty search index builds its GIN index and foreign key once, at
// the end, instead of keeping them up row by row; a live index is never taken down; a rollback brings
// everything back as it was.
import { sql } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { parseSearchQuery } from '../../src/domain/search/search-query.ts';
import type { Database } from '../../src/storage/database.ts';
import type { Db } from '../../src/storage/database-schema.ts';
import { createRepositories } from '../../src/storage/repositories.ts';
import type { SearchDocument } from '../../src/storage/search-index.ts';
import { openEmptyDatabase, testDatabaseKinds } from '../support/test-databases.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const at = '2026-03-02T09:00:00.000Z';

/** A migrated database holding `count` published articles a0…; none of them indexed yet. */
async function openWithArticles(count: number): Promise<Database> {
  const { database, close } = await openEmptyDatabase('postgres');
  cleanups.push(close);
  await database.migrate();
  await sql`insert into sections (id, slug, name, created_at, changed_at) values ('s1', 'esteri', 'Esteri', ${at}, ${at})`.execute(database.db);
  await sql`insert into articles (id, slug, section_id, type, status, title, standfirst, body_markdown, body_html, published_at, created_at, changed_at)
    select 'a' || n, 'a' || n, 's1', 'news', 'published', 'Vertice sul clima', '', 'Accordo.', '<p>Accordo.</p>', ${at}, ${at}, ${at}
    from generate_series(0, ${count - 1}) as n`.execute(database.db);
  return database;
}

const documentsOf = (from: number, count: number): SearchDocument[] =>
  Array.from({ length: count }, (_, i) => ({
    articleId: `a${from + i}`,
    title: `Vertice sul clima numero ${from + i}`,
    standfirst: '',
    bodyHtml: '<p>Accordo raggiunto sulle esercitazioni militari.</p>',
    extra: '',
    sectionId: 's1',
    type: 'news',
    publishedAt: at,
  }));

/** The search index's secondary structures as the handle `db` sees them. */
async function structuresOf(db: Db): Promise<{ gin: string | null; foreignKey: string | null }> {
  const { rows } = await sql<{ gin: string | null; foreignKey: string | null }>`
    select (select indexdef from pg_indexes where tablename = 'search_documents' and indexname = 'search_documents_terms') as gin,
      (select pg_get_constraintdef(oid) from pg_constraint where conrelid = 'search_documents'::regclass and contype = 'f') as "foreignKey"`.execute(db);
  return rows[0] as { gin: string | null; foreignKey: string | null };
}

const searchFor = async (db: Db, text: string) =>
  createRepositories(db, 'postgres').search.search({ query: parseSearchQuery(text), filters: {}, offset: 0, limit: 10, now: at });

describe.runIf(testDatabaseKinds.includes('postgres'))('filling an empty PostgreSQL search index', () => {
  test('builds the GIN index and the foreign key at the end of the transaction, as they were', async () => {
    const database = await openWithArticles(300);
    const before = await structuresOf(database.db);
    expect(before.gin).toMatch(/using gin \(terms\)/i);
    expect(before.foreignKey).toMatch(/references articles\(id\) on delete cascade/i);

    await database.db.transaction().execute(async (trx) => {
      const search = createRepositories(trx, 'postgres').search;
      await search.addSoon(documentsOf(0, 250));
      await search.settle();
      expect(await structuresOf(trx)).toEqual({ gin: null, foreignKey: null });
      // Searching inside the transaction still works meanwhile, without the index.
      expect((await search.search({ query: parseSearchQuery('esercitazione'), filters: {}, offset: 0, limit: 10, now: at })).total).toBe(250);
      await search.addSoon(documentsOf(250, 50));
      // An article indexed again during the load replaces its entry.
      await search.add(documentsOf(0, 10).map((d) => ({ ...d, title: 'Nuovo accordo sul porto' })));
      await search.finishWrites();
      expect(await structuresOf(trx)).toEqual(before);
    });

    expect(await structuresOf(database.db)).toEqual(before);
    const found = await searchFor(database.db, '"esercitazioni militari" numero');
    expect(found.total).toBe(290);
    expect((await searchFor(database.db, 'porto')).total).toBe(10);
    expect((await searchFor(database.db, 'esercitazioni')).total).toBe(300);
    // The index is really there and used for a word query.
    await sql`set enable_seqscan = off`.execute(database.db);
    const plan = await sql<{ 'QUERY PLAN': string }>`explain select rank_key from search_documents where terms @@ 'militar'::tsquery`.execute(database.db);
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/search_documents_terms/);
  });

  test('a transaction that fails during the load leaves the index empty and its structures in place', async () => {
    const database = await openWithArticles(250);
    const before = await structuresOf(database.db);
    const attempt = database.db.transaction().execute(async (trx) => {
      const search = createRepositories(trx, 'postgres').search;
      await search.add(documentsOf(0, 250));
      expect((await structuresOf(trx)).gin).toBeNull();
      throw new Error('the import failed half way');
    });
    await expect(attempt).rejects.toThrow('the import failed half way');
    expect(await structuresOf(database.db)).toEqual(before);
    expect((await searchFor(database.db, 'clima')).total).toBe(0);
  });

  test('an index that already holds entries keeps its structures, for an import and for a rebuild', async () => {
    const database = await openWithArticles(600);
    await createRepositories(database.db, 'postgres').search.add(documentsOf(0, 10));
    const before = await structuresOf(database.db);
    await database.db.transaction().execute(async (trx) => {
      const search = createRepositories(trx, 'postgres').search;
      await search.add(documentsOf(10, 250));
      expect(await structuresOf(trx)).toEqual(before);
    });
    await database.db.transaction().execute(async (trx) => {
      const search = createRepositories(trx, 'postgres').search;
      // Other connections go on searching the old entries until the rebuild commits: their index stays.
      await search.removeAll();
      await search.add(documentsOf(0, 600));
      expect(await structuresOf(trx)).toEqual(before);
    });
    expect((await searchFor(database.db, 'clima')).total).toBe(600);
  });

  test('outside a transaction, or in small batches, the structures stay', async () => {
    const database = await openWithArticles(300);
    const before = await structuresOf(database.db);
    await database.db.transaction().execute(async (trx) => {
      const search = createRepositories(trx, 'postgres').search;
      await search.add(documentsOf(0, 100));
      expect(await structuresOf(trx)).toEqual(before);
    });
    await createRepositories(database.db, 'postgres').search.removeAll();
    await createRepositories(database.db, 'postgres').search.add(documentsOf(0, 300));
    expect(await structuresOf(database.db)).toEqual(before);
  });
});
