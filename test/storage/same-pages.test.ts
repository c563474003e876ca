// The reader site and Content API return the same documents whichever database is behind them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabaseKinds } from '../support/test-databases.ts';
import { createTestSite, type TestSite } from '../support/test-site.ts';

describe.runIf(testDatabaseKinds.includes('postgres'))('the same demo on SQLite and on PostgreSQL', () => {
  let sqlite: TestSite;
  let postgres: TestSite;
  beforeAll(async () => {
    [sqlite, postgres] = await Promise.all([
      createTestSite({ database: 'sqlite' }),
      createTestSite({ database: 'postgres' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([sqlite?.close(), postgres?.close()]);
  });

  /** Ids are made at import, so they differ between the two; everything readers and apps see must not. */
  const withoutIds = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value), (key, inner) => (key === 'id' || key === 'next_cursor' ? undefined : inner));

  const allPaths = async (): Promise<string[]> => {
    const get = async (url: string) => (await sqlite.app.inject(url)).json();
    const articles = (await get('/api/v1/articles?limit=100')).articles as { url: string }[];
    const sections = (await get('/api/v1/sections')).sections as { url: string }[];
    const tags = (await get('/api/v1/tags')).tags as { url: string }[];
    const authors = (await get('/api/v1/authors')).authors as { url: string; slug: string }[];
    return [
      '/',
      ...[...articles, ...sections, ...tags, ...authors].map((item) => new URL(item.url).pathname),
      '/nessuna-pagina/',
      '/esteri/?pagina=9',
    ];
  };

  test('every reader page is byte for byte the same', async () => {
    const paths = await allPaths();
    expect(paths.length).toBeGreaterThan(60);
    for (const path of paths) {
      const [a, b] = await Promise.all([sqlite.app.inject(path), postgres.app.inject(path)]);
      expect(b.statusCode, path).toBe(a.statusCode);
      expect(b.body, path).toBe(a.body);
    }
  });

  test('every Content API document is the same but for ids', async () => {
    const articles = (await sqlite.app.inject('/api/v1/articles?limit=100')).json().articles as { slug: string }[];
    const urls = [
      '/api/v1/articles',
      '/api/v1/articles?limit=7',
      '/api/v1/articles?type=opinion',
      '/api/v1/articles?section=esteri',
      '/api/v1/articles?tag=russia',
      '/api/v1/articles?author=lorenzo-bellandi',
      '/api/v1/authors',
      '/api/v1/sections',
      '/api/v1/tags',
      ...articles.map((a) => `/api/v1/articles/${a.slug}`),
    ];
    for (const url of urls) {
      const [a, b] = await Promise.all([sqlite.app.inject(url), postgres.app.inject(url)]);
      expect(b.statusCode, url).toBe(a.statusCode);
      expect(withoutIds(b.json()), url).toEqual(withoutIds(a.json()));
    }
  });
});
