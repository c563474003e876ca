// Issue 20 F14: articles stored as `published` with a date in the future (as imports wrote them before) become
// `scheduled` when migration 0018 runs, leave the search index, and go live when the scheduled-publishing job
// reaches their time; on both databases.
import { Migrator } from 'kysely';
import { afterEach, expect, test } from 'vitest';
import { parseSearchQuery } from '../../src/domain/search/search-query.ts';
import { ImportService } from '../../src/services/import-service.ts';
import { ScheduledPublishingService } from '../../src/services/scheduled-publishing-service.ts';
import type { Database } from '../../src/storage/database.ts';
import { migrationProvider } from '../../src/storage/migrations/migration-list.ts';
import { createRepositories, createTransactionRunner } from '../../src/storage/repositories.ts';
import { articleRecord, toLines } from '../support/article-records.ts';
import { describeEachDatabase, openEmptyDatabase } from '../support/test-databases.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describeEachDatabase('migration 0018 on %s', (kind) => {
  const future = '2999-01-01T00:00:00.000Z';

  async function statusOf(database: Database): Promise<Record<string, string>> {
    const rows = await database.db.selectFrom('articles').select(['slug', 'status']).orderBy('slug').execute();
    return Object.fromEntries(rows.map((row) => [row.slug, row.status]));
  }

  test('turns published articles dated in the future into scheduled ones, out of search, published at their time', async () => {
    let database: Database;
    ({ database, close } = await openEmptyDatabase(kind));
    const migrated = await new Migrator({ db: database.db, provider: migrationProvider }).migrateTo(
      '0017-search-pairs-and-filter-indexes',
    );
    expect(migrated.error).toBeUndefined();
    // Written as an import wrote them before the fix: a clock past the date stores `published` as given.
    const transaction = createTransactionRunner(database.db, database.dialect);
    const report = await new ImportService(transaction, () => new Date('3000-01-01T00:00:00Z')).importArticles(
      toLines([
        articleRecord({ slug: 'futuro', title: 'Inchiesta sotto embargo', published_at: future }),
        articleRecord({ slug: 'passato', title: 'Notizia di ieri' }),
        articleRecord({ slug: 'bozza-futura', status: 'draft', published_at: future }),
      ]),
    );
    expect(report).toMatchObject({ committed: true, created: 3 });
    expect(await statusOf(database)).toEqual({ 'bozza-futura': 'draft', futuro: 'published', passato: 'published' });

    const rebuilds: number[] = [];
    await database.migrate({ onSearchRebuilt: (indexed) => rebuilds.push(indexed) });

    expect(await statusOf(database)).toEqual({ 'bozza-futura': 'draft', futuro: 'scheduled', passato: 'published' });
    expect(rebuilds).toEqual([1]);
    const repositories = createRepositories(database.db, database.dialect);
    const search = (text: string) =>
      repositories.search.search({
        query: parseSearchQuery(text),
        filters: {},
        offset: 0,
        limit: 10,
        now: new Date().toISOString(),
      });
    expect((await search('embargo')).total).toBe(0);
    expect((await search('ieri')).total).toBe(1);

    const publishing = new ScheduledPublishingService(transaction, () => new Date('2999-01-01T00:00:01Z'));
    expect(await publishing.publishDueArticles()).toBe(1);
    expect((await statusOf(database)).futuro).toBe('published');
    expect((await search('embargo')).total).toBe(1);
  });

  test('changes nothing and asks for no rebuild where no published article is dated in the future', async () => {
    let database: Database;
    ({ database, close } = await openEmptyDatabase(kind));
    await new Migrator({ db: database.db, provider: migrationProvider }).migrateTo(
      '0017-search-pairs-and-filter-indexes',
    );
    const transaction = createTransactionRunner(database.db, database.dialect);
    await new ImportService(transaction).importArticles(toLines([articleRecord({ slug: 'passato' })]));
    const rebuilds: number[] = [];
    await database.migrate({ onSearchRebuilt: (indexed) => rebuilds.push(indexed) });
    expect(await statusOf(database)).toEqual({ passato: 'published' });
    expect(rebuilds).toEqual([]);
  });
});
