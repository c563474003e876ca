// An archive from before the search index (migrations up to 0005) becomes searchable when the newer
// migrations run, on both databases; drafts stay out. Migrations only ask for a rebuild of the index: the
// migrator does it once, after the last one, with today's analyser.
import { Migrator, sql } from 'kysely';
import { afterEach, expect, test } from 'vitest';
import { parseSearchQuery } from '../../src/domain/search/search-query.ts';
import { Database } from '../../src/storage/database.ts';
import { migrationProvider } from '../../src/storage/migrations/migration-list.ts';
import { searchRebuildRequestTable } from '../../src/storage/migrations/search-rebuild-request.ts';
import { createRepositories } from '../../src/storage/repositories.ts';
import type { SearchFilters } from '../../src/storage/search-documents.ts';
import {
  createPostgresDatabase,
  describeEachDatabase,
  openEmptyDatabase,
  type TestDatabaseKind,
} from '../support/test-databases.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openEmpty(kind: TestDatabaseKind): Promise<Database> {
  const { database, close } = await openEmptyDatabase(kind);
  cleanups.push(close);
  return database;
}

const at = '2026-03-02T09:00:00.000Z';

/** An empty database with the migrations up to `migration` applied, and one section, s1. */
async function openMigratedTo(kind: TestDatabaseKind, migration: string): Promise<Database> {
  const database = await openEmpty(kind);
  const migrated = await new Migrator({ db: database.db, provider: migrationProvider }).migrateTo(migration);
  expect(migrated.error).toBeUndefined();
  await sql`insert into sections (id, slug, name, created_at, changed_at) values ('s1', 'esteri', 'Esteri', ${at}, ${at})`.execute(
    database.db,
  );
  return database;
}

describeEachDatabase('search index after an upgrade on %s', (kind) => {
  /** An article of s1, with an entry of the index as the migrations up to 0008 made it (not what today's analyser writes). */
  async function storeArticleIndexedAt0008(database: Database, id: string, title: string, body: string): Promise<void> {
    await sql`insert into articles (id, slug, section_id, type, status, title, standfirst, body_markdown, body_html, published_at, created_at, changed_at)
      values (${id}, ${id}, 's1', 'news', 'published', ${title}, '', ${body}, ${`<p>${body}</p>`}, ${at}, ${at}, ${at})`.execute(
      database.db,
    );
    const terms =
      kind === 'postgres' ? sql`, to_tsvector('simple', 'vecchio'), to_tsvector('simple', 'vecchio')` : sql``;
    await sql`insert into search_documents (rank_key, article_id, section_id, type, heading_terms${sql.raw(kind === 'postgres' ? ', document, terms' : '')})
      values (${id === 'a1' ? 1 : 2}, ${id}, 's1', 'news', 'vecchio'${terms})`.execute(database.db);
  }

  const searchOf =
    (database: Database) =>
    async (text: string, filters: SearchFilters = {}) =>
      (
        await createRepositories(database.db, database.dialect).search.search({
          query: parseSearchQuery(text),
          filters,
          offset: 0,
          limit: 10,
          now: '2026-03-03T00:00:00.000Z',
        })
      ).articleIds;

  const rebuildRequests = async (database: Database) =>
    (
      await sql<{
        migration: string;
      }>`select migration from ${sql.table(searchRebuildRequestTable)} order by migration`.execute(database.db)
    ).rows.map((r) => r.migration);

  /** A database at 0008 with two published articles, each with an entry of the index as 0008 left it. */
  async function openIndexedAt0008(): Promise<Database> {
    const database = await openMigratedTo(kind, '0008-related-articles');
    await storeArticleIndexedAt0008(
      database,
      'a1',
      'Il vertice sul clima',
      'I ministri degli Esteri hanno trovato un accordo.',
    );
    await storeArticleIndexedAt0008(
      database,
      'a2',
      'Lo sciopero dei treni',
      'Le linee regionali si fermano per ventiquattro ore.',
    );
    return database;
  }

  async function expectRebuiltIndex(database: Database): Promise<void> {
    const search = searchOf(database);
    expect(await search('vertice clima')).toEqual(['a1']);
    expect(await search('"linee regionali"')).toEqual(['a2']);
    expect(await search('vecchio')).toEqual([]);
  }

  test('an archive indexed at 0008 is rebuilt once, after the last migration, though several asked for it', async () => {
    const database = await openIndexedAt0008();
    const rebuilds: number[] = [];

    await database.migrate({ onSearchRebuilt: (indexed) => rebuilds.push(indexed) });

    expect(rebuilds).toEqual([2]);
    expect(await rebuildRequests(database)).toEqual([]);
    await expectRebuiltIndex(database);
    await database.migrate({ onSearchRebuilt: (indexed) => rebuilds.push(indexed) });
    expect(rebuilds).toEqual([2]);
  });

  test('an upgrade that stopped after its migrations, before the rebuild, rebuilds at the next start', async () => {
    const database = await openIndexedAt0008();
    const migrated = await new Migrator({ db: database.db, provider: migrationProvider }).migrateToLatest();
    expect(migrated.error).toBeUndefined();
    expect(await rebuildRequests(database)).toEqual(
      kind === 'postgres'
        ? [
            '0011-search-term-positions',
            '0013-search-terms-uncompressed',
            '0014-search-shortened-words',
            '0017-search-pairs-and-filter-indexes',
          ]
        : ['0014-search-shortened-words', '0015-search-text-body-first'],
    );
    const rebuilds: number[] = [];

    expect(await database.migrate({ onSearchRebuilt: (indexed) => rebuilds.push(indexed) })).toEqual([]);

    expect(rebuilds).toEqual([2]);
    expect(await rebuildRequests(database)).toEqual([]);
    await expectRebuiltIndex(database);
  });

  test('a fresh database is not rebuilt, and neither is one whose articles came after the migrations', async () => {
    const database = await openEmpty(kind);
    const rebuilds: number[] = [];
    await database.migrate({ onSearchRebuilt: (indexed) => rebuilds.push(indexed) });
    await sql`insert into sections (id, slug, name, created_at, changed_at) values ('s1', 'esteri', 'Esteri', ${at}, ${at})`.execute(
      database.db,
    );
    const body = 'Il ministero ha confermato le manovre.';
    await sql`insert into articles (id, slug, section_id, type, status, title, standfirst, body_markdown, body_html, published_at, created_at, changed_at)
      values ('a1', 'a1', 's1', 'news', 'published', 'Le manovre', '', ${body}, ${`<p>${body}</p>`}, ${at}, ${at}, ${at})`.execute(
      database.db,
    );
    await database.migrate({ onSearchRebuilt: (indexed) => rebuilds.push(indexed) });
    expect(rebuilds).toEqual([]);
    expect(await searchOf(database)('manovre')).toEqual([]);
  });

  test.runIf(kind === 'postgres')('processes migrating together rebuild the index once between them', async () => {
    const created = await createPostgresDatabase();
    const databases = [1, 2, 3].map(() => Database.open({ kind: 'postgres', url: created.url, poolSize: 2 }));
    cleanups.push(async () => {
      for (const database of databases) await database.close();
      await created.drop();
    });
    const [first] = databases as [Database];
    const migrated = await new Migrator({ db: first.db, provider: migrationProvider }).migrateTo(
      '0008-related-articles',
    );
    expect(migrated.error).toBeUndefined();
    await sql`insert into sections (id, slug, name, created_at, changed_at) values ('s1', 'esteri', 'Esteri', ${at}, ${at})`.execute(
      first.db,
    );
    await storeArticleIndexedAt0008(
      first,
      'a1',
      'Il vertice sul clima',
      'I ministri degli Esteri hanno trovato un accordo.',
    );

    const rebuilds: number[] = [];
    await Promise.all(
      databases.map((database) => database.migrate({ onSearchRebuilt: (indexed) => rebuilds.push(indexed) })),
    );

    expect(rebuilds).toEqual([1]);
    expect(await searchOf(first)('vertice')).toEqual(['a1']);
  });

  test('articles stored before the index existed are found once the migrations run; drafts are not', async () => {
    const database = await openMigratedTo(kind, '0005-sitemap-article-index');
    const article = (id: string, status: string, title: string, body: string) =>
      sql`insert into articles (id, slug, section_id, type, status, title, standfirst, body_markdown, body_html, published_at, created_at, changed_at)
        values (${id}, ${id}, 's1', 'news', ${status}, ${title}, '', ${body}, ${`<p>${body}</p>`}, ${status === 'published' ? at : null}, ${at}, ${at})`.execute(
        database.db,
      );
    await article(
      'a1',
      'published',
      'Le esercitazioni militari al confine',
      'Il ministero della Difesa ha confermato le manovre congiunte.',
    );
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

  test('entries analysed before "gran" meant "grande" are analysed again', async () => {
    const database = await openMigratedTo(kind, '0013-search-terms-uncompressed');
    const body = 'Gran parte dei raccolti è andata persa.';
    await sql`insert into articles (id, slug, section_id, type, status, title, standfirst, body_markdown, body_html, published_at, created_at, changed_at)
      values ('a1', 'a1', 's1', 'news', 'published', 'La siccità nei campi', '', ${body}, ${`<p>${body}</p>`}, ${at}, ${at}, ${at})`.execute(
      database.db,
    );
    const repositories = () => createRepositories(database.db, database.dialect);
    // The entry as the analyser before 0014 wrote it: "gran" kept as it is, the same term as «grano» gives.
    if (kind === 'postgres') {
      // Written as the table before 0017 holds it, which today's index code does not write.
      await sql`insert into search_documents (rank_key, article_id, section_id, type, heading_terms, terms)
        values (1, 'a1', 's1', 'news', 'siccit camp', 'siccit:1 camp:2 gran:6 part:7 raccolt:8 andat:9 pers:10'::tsvector)`.execute(
        database.db,
      );
    } else {
      await repositories().search.add([
        {
          articleId: 'a1',
          title: 'La siccità nei campi',
          standfirst: '',
          bodyHtml: '<p>Grano parte dei raccolti è andata persa.</p>',
          extra: '',
          sectionId: 's1',
          type: 'news',
          publishedAt: at,
        },
      ]);
    }
    const search = searchOf(database);
    expect(await search('grano')).toEqual(['a1']);

    await database.migrate();

    expect(await search('grano')).toEqual([]);
    expect(await search('grande')).toEqual(['a1']);
    expect(await search('"gran parte"')).toEqual(['a1']);
  });

  test.runIf(kind === 'sqlite')(
    'the FTS5 index made again with the body first is smaller and finds what it found before',
    async () => {
      const database = await openMigratedTo(kind, '0014-search-shortened-words');
      const repositories = () => createRepositories(database.db, database.dialect);
      const words = [
        'governo',
        'porto',
        'ferrovia',
        'tribunale',
        'sindaco',
        'bilancio',
        'scuola',
        'energia',
        'accordo',
        'regione',
      ];
      const syllables = ['ca', 'se', 'ri', 'to', 'mu', 'la', 'pe', 'no', 'di', 'va'];
      const documents = Array.from({ length: 40 }, (_, i) => {
        // Even articles hold the even words of the list, odd ones the odd words, in the list's order; then, as
        // an article does, many words of their own, made of three syllables out of ten.
        const listed = Array.from({ length: 120 }, (_, k) => words[(i % 2) + 2 * ((k + i) % 5)]);
        const own = Array.from({ length: 100 }, (_, k) => {
          const n = (i * 37 + k * 11) % 1000;
          return syllables[Math.trunc(n / 100)]! + syllables[Math.trunc(n / 10) % 10]! + syllables[n % 10]!;
        });
        const body = [...listed, ...own].join(' ');
        return {
          articleId: `a${i}`,
          title: `Cronaca numero ${i}`,
          standfirst: 'Il consiglio dei ministri',
          bodyHtml: `<p>${body}</p>`,
          extra: 'ROMA',
          sectionId: 's1',
          type: 'news' as const,
          publishedAt: `2026-03-02T09:${String(i).padStart(2, '0')}:00.000Z`,
        };
      });
      for (const d of documents) {
        await sql`insert into articles (id, slug, section_id, type, status, title, standfirst, dateline, body_markdown, body_html, published_at, created_at, changed_at)
        values (${d.articleId}, ${d.articleId}, 's1', 'news', 'published', ${d.title}, ${d.standfirst}, ${d.extra}, '', ${d.bodyHtml}, ${d.publishedAt}, ${at}, ${at})`.execute(
          database.db,
        );
      }
      await repositories().search.add(documents);
      const indexBytes = async () =>
        Number(
          (await sql<{ n: number }>`select sum(length(block)) as n from search_text_data`.execute(database.db)).rows[0]
            ?.n,
        );
      const search = async (text: string) =>
        (
          await repositories().search.search({
            query: parseSearchQuery(text),
            filters: {},
            offset: 0,
            limit: 50,
            now: '2026-03-03T00:00:00.000Z',
          })
        ).articleIds.sort();
      const queries = ['governo', '"tribunale bilancio"', 'cronaca -scuola', '"consiglio dei ministri" 7', 'roma'];
      const before = await Promise.all(queries.map(search));
      const bytesBefore = await indexBytes();

      await database.migrate();

      const columns = await sql<{ name: string }>`select name from pragma_table_info('search_text')`.execute(
        database.db,
      );
      expect(columns.rows.map((c) => c.name)).toEqual(['body', 'title', 'standfirst', 'extra']);
      expect(await indexBytes()).toBeLessThan(0.9 * bytesBefore);
      expect(await Promise.all(queries.map(search))).toEqual(before);
      expect(before.map((ids) => ids.length)).toEqual([20, 20, 20, 1, 40]);
    },
  );

  test.runIf(kind === 'postgres')(
    'entries written before pairs of terms are written again, and phrases and filters find them',
    async () => {
      const database = await openMigratedTo(kind, '0015-search-text-body-first');
      const body = "L'accordo commerciale con il Cile.";
      await sql`insert into articles (id, slug, section_id, type, status, title, standfirst, body_markdown, body_html, published_at, created_at, changed_at)
      values ('a1', 'a1', 's1', 'analysis', 'published', 'Il capo di stato maggiore', '', ${body}, ${`<p>${body}</p>`}, ${at}, ${at}, ${at})`.execute(
        database.db,
      );
      // The entry as it was written before 0017: terms and their positions only.
      await sql`insert into search_documents (rank_key, article_id, section_id, type, heading_terms, terms)
      values (1, 'a1', 's1', 'analysis', 'capo stato maggior', 'capo:1 stato:2 maggior:3 accord:7 commercial:8 cil:9'::tsvector)`.execute(
        database.db,
      );
      const search = searchOf(database);

      await database.migrate();

      expect(await search('"accordo commerciale"')).toEqual(['a1']);
      expect(await search('"capo di stato maggiore"')).toEqual(['a1']);
      expect(await search('"accordo commerciale"', { sectionId: 's1', type: 'analysis' })).toEqual(['a1']);
      expect(await search('"commerciale accordo"')).toEqual([]);
      expect(await search('cile', { type: 'news' })).toEqual([]);
    },
  );
});
