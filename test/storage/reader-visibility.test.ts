import { afterAll, beforeAll, expect, test } from 'vitest';
import { articleStatuses, isFindable, isPublished, type ArticleStatus } from '../../src/domain/article.ts';
import { createRepositories } from '../../src/storage/repositories.ts';
import type { Database } from '../../src/storage/database.ts';
import { isFindableRow, isFindableSql, isPublishedSql } from '../../src/storage/reader-visibility.ts';
import { describeEachDatabase, openEmptyDatabase } from '../support/test-databases.ts';

const publicationDates = { none: null, past: '2024-03-01T10:00:00.000Z', future: '2999-01-01T00:00:00.000Z' };

/** One article for every status × noindex × publication date combination. */
const combinations = articleStatuses.flatMap((status) =>
  [0, 1].flatMap((noindex) =>
    Object.entries(publicationDates).map(([dateName, publishedAt]) => ({
      slug: `${status.replace('_', '-')}-${noindex ? 'noindex' : 'indicizzato'}-${dateName}`,
      status,
      noindex,
      publishedAt,
    })),
  ),
);

describeEachDatabase('on %s', (kind) => {
  let database: Database;
  let close: () => Promise<void>;
  let idOfSlug: Map<string, string>;

  beforeAll(async () => {
    ({ database, close } = await openEmptyDatabase(kind));
    await database.migrate();
    const now = '2024-01-01T00:00:00.000Z';
    await database.db
      .insertInto('sections')
      .values({
        id: 's1',
        slug: 'esteri',
        name: 'Esteri',
        description: '',
        position: 1,
        created_at: now,
        changed_at: now,
      })
      .execute();
    await database.db
      .insertInto('articles')
      .values(
        combinations.map((article, i) => ({
          id: `a${String(i).padStart(2, '0')}`,
          slug: article.slug,
          section_id: 's1',
          type: 'news',
          status: article.status,
          title: article.slug,
          standfirst: '',
          dateline: null,
          body_markdown: '',
          body_html: '',
          image_src: null,
          image_alt: null,
          image_caption: null,
          image_credit: null,
          image_width: null,
          image_height: null,
          noindex: article.noindex,
          published_at: article.publishedAt,
          updated_at: null,
          created_at: now,
          changed_at: now,
        })),
      )
      .execute();
    idOfSlug = new Map(combinations.map((article, i) => [article.slug, `a${String(i).padStart(2, '0')}`]));
  }, 60_000);
  afterAll(() => close?.());

  const slugsWhere = async (condition: typeof isPublishedSql) =>
    (await database.db.selectFrom('articles').select('slug').where(condition).execute()).map((row) => row.slug).sort();
  const slugsOf = (chosen: (article: (typeof combinations)[number]) => boolean) =>
    combinations
      .filter(chosen)
      .map((article) => article.slug)
      .sort();
  const domainArticle = (article: (typeof combinations)[number]) => ({
    status: article.status as ArticleStatus,
    publishedAt: article.publishedAt,
    noindex: article.noindex === 1,
  });

  test('SQL and the domain rule agree on which articles readers can open, over every status, noindex and date', async () => {
    const chosen = await slugsWhere(isPublishedSql);
    expect(chosen).toEqual(slugsOf((article) => isPublished(domainArticle(article))));
    // The rule reads no clock: a published row dated in the future would count, but no write stores one
    // (statusToStore stores it as scheduled, and migration 0018 turned such rows into scheduled ones).
    expect(chosen).toEqual([
      'published-indicizzato-future',
      'published-indicizzato-past',
      'published-noindex-future',
      'published-noindex-past',
    ]);
  });

  test('SQL, the row check and the domain rule agree on which articles readers can find', async () => {
    const chosen = await slugsWhere(isFindableSql);
    expect(chosen).toEqual(slugsOf((article) => isFindable(domainArticle(article))));
    const rows = await database.db
      .selectFrom('articles')
      .select(['slug', 'status', 'noindex', 'published_at'])
      .execute();
    expect(
      rows
        .filter(isFindableRow)
        .map((row) => row.slug)
        .sort(),
    ).toEqual(chosen);
    expect(chosen).toEqual(['published-indicizzato-future', 'published-indicizzato-past']);
  });

  test('the repositories list, count and look up by id exactly the findable articles', async () => {
    const { articles } = createRepositories(database.db, database.dialect);
    const findable = await slugsWhere(isFindableSql);
    expect((await articles.listFindable({}, { limit: 100 })).map((a) => a.slug).sort()).toEqual(findable);
    expect(await articles.countFindable({ sectionId: 's1' })).toBe(findable.length);
    const everyId = [...idOfSlug.values()];
    expect((await articles.listFindableByIds(everyId)).map((a) => a.slug).sort()).toEqual(findable);
    expect((await articles.listFindableWithBodies(everyId)).map((found) => found.article.slug).sort()).toEqual(
      findable,
    );
  });
});
