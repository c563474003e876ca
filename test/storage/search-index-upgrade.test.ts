// An archive from before the search index (migrations up to 0005) becomes searchable when the newer
// migrations run, on both databases; drafts stay out.
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { parseSearchQuery } from '../../src/domain/search/search-query.ts';
import type { Database } from '../../src/storage/database.ts';
import { migrationProvider } from '../../src/storage/migrations/migration-list.ts';
import { createRepositories } from '../../src/storage/repositories.ts';
import { openEmptyDatabase, testDatabaseKinds, type TestDatabaseKind } from '../support/test-databases.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openEmpty(kind: TestDatabaseKind): Promise<Database> {
  const { database, close } = await openEmptyDatabase(kind);
  cleanups.push(close);
  return database;
}

describe.each(testDatabaseKinds)('search index after an upgrade on %s', (kind) => {
  test('articles stored before the index existed are found once the migrations run; drafts are not', async () => {
    const database = await openEmpty(kind);
    const migrated = await new Migrator({ db: database.db, provider: migrationProvider }).migrateTo('0005-sitemap-article-index');
    expect(migrated.error).toBeUndefined();
    const at = '2026-03-02T09:00:00.000Z';
    await sql`insert into sections (id, slug, name, created_at, changed_at) values ('s1', 'esteri', 'Esteri', ${at}, ${at})`.execute(database.db);
    const article = (id: string, status: string, title: string, body: string) =>
      sql`insert into articles (id, slug, section_id, type, status, title, standfirst, body_markdown, body_html, published_at, created_at, changed_at)
        values (${id}, ${id}, 's1', 'news', ${status}, ${title}, '', ${body}, ${`<p>${body}</p>`}, ${status === 'published' ? at : null}, ${at}, ${at})`.execute(
        database.db,
      );
    await article('a1', 'published', 'Le esercitazioni militari al confine', 'Il ministero della Difesa ha confermato le manovre congiunte.');
    await article('a2', 'draft', 'Esercitazione in bozza', 'Manovre congiunte non ancora pubblicate.');

    await database.migrate();

    const search = (text: string) =>
      createRepositories(database.db, database.dialect).search.search({
        query: parseSearchQuery(text),
        filters: {},
        offset: 0,
        limit: 10,
        now: '2026-03-03T00:00:00.000Z',
      });
    expect((await search('esercitazione militare')).articleIds).toEqual(['a1']);
    expect((await search('"manovre congiunte"')).articleIds).toEqual(['a1']);
    expect((await search('bozza')).articleIds).toEqual([]);
  });
});
