// PostgreSQL searches walk the newest entries first and ask the whole index only when those hold too few
// matches: either way a search finds what the whole index alone finds.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseSearchQuery } from '../../src/domain/search/search-query.ts';
import type { Database } from '../../src/storage/database.ts';
import { PostgresSearchIndex } from '../../src/storage/postgres/postgres-search-index.ts';
import { analyseInThisThread } from '../../src/storage/search-analysis.ts';
import type { SearchDocument } from '../../src/storage/search-documents.ts';
import { hasPostgres, openEmptyDatabase } from '../support/test-databases.ts';

const articleCount = 1_500;
/** Article i (0 = oldest) holds "treno" always, "porto" when i is even, "miniera" among the oldest 600. */
function documentOf(i: number): SearchDocument {
  const words = ['treno', i % 2 === 0 ? 'porto' : 'stazione', i < 600 ? 'miniera' : 'fabbrica'];
  return {
    articleId: `a${String(i).padStart(5, '0')}`,
    title: `Notizia ${i}`,
    standfirst: '',
    bodyHtml: `<p>Il ${words.join(' e il ')} della città.</p>`,
    extra: '',
    sectionId: 's1',
    type: 'news',
    publishedAt: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(),
  };
}

describe.skipIf(!hasPostgres)('PostgreSQL search, newest entries first', () => {
  let database: Database;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ database, close } = await openEmptyDatabase('postgres'));
    await database.migrate();
    const index = new PostgresSearchIndex(database.db);
    const documents = Array.from({ length: articleCount }, (_, i) => documentOf(i));
    await index.add(documents, await analyseInThisThread(documents, index.analysisNeeds));
  });
  afterAll(async () => {
    await close?.();
  });

  const search = (index: PostgresSearchIndex, text: string) =>
    index.search({ query: parseSearchQuery(text), filters: {}, offset: 0, limit: 2_000, now: '2026-01-01T00:00:00Z' });

  test.each(['treno', 'porto', 'miniera', '"treno e il porto"', 'treno -porto'])(
    '«%s» finds what the whole index finds, from the newest entries or past them',
    async (text) => {
      const walkingNewestFirst = new PostgresSearchIndex(database.db, undefined, 1_100);
      const wholeIndexOnly = new PostgresSearchIndex(database.db, undefined, 1_000_000);
      const expected = await search(wholeIndexOnly, text);
      expect(expected.total).toBeGreaterThan(0);
      expect(await search(walkingNewestFirst, text)).toEqual(expected);
    },
  );
});
