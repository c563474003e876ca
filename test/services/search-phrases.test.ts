// Phrases over words that are common apart, on both databases: PostgreSQL finds them through lexemes of
// adjacent terms and checks longer ones on positions; the answers must be those of the words in a row.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SearchInput } from '../../src/services/search-service.ts';
import { articleRecord, toLines } from '../support/article-records.ts';
import { describeEachDatabase } from '../support/test-databases.ts';
import { createTestSite, type TestSite } from '../support/test-site.ts';

const phraseFixture = [
  articleRecord({
    slug: 'accordo-commerciale-con-tokyo',
    title: "Firmato l'accordo commerciale con Tokyo",
    subtitle: 'Dazi più bassi sulle auto.',
    section: 'economia',
    type: 'analysis',
    published_at: '2024-05-10T08:00:00Z',
    body_markdown: 'Il capo di stato maggiore della difesa era presente alla firma.',
  }),
  articleRecord({
    slug: 'accordo-sul-grano',
    title: "L'accordo sul grano è fermo",
    subtitle: 'La bilancia commerciale peggiora ancora.',
    section: 'economia',
    published_at: '2024-05-09T08:00:00Z',
    body_markdown: 'Un accordo, dicono, ma la bilancia commerciale peggiora.',
  }),
  articleRecord({
    slug: 'verso-un-accordo',
    // The phrase would run from the title into the standfirst: it is not there.
    title: 'Roma e Tokyo verso un accordo',
    subtitle: 'Commerciale e politico, dice il ministro.',
    section: 'esteri',
    published_at: '2024-05-08T08:00:00Z',
    body_markdown: 'Il capo dello Stato ha ricevuto lo stato maggiore al Quirinale.',
  }),
  articleRecord({
    slug: 'accordo-commerciale-in-esteri',
    title: 'Un nuovo accordo commerciale con il Cile',
    section: 'esteri',
    type: 'news',
    published_at: '2024-05-07T08:00:00Z',
    body_markdown: 'Il capo di Stato maggiore è a Santiago.',
  }),
];

describeEachDatabase('phrase search on %s', (database) => {
  let site: TestSite;
  const search = async (text: string, filters: Partial<SearchInput> = {}) => {
    const outcome = await site.testata.search.search({ text, page: 1, ...filters });
    return outcome.results.map((r) => r.article.slug).sort();
  };

  beforeAll(async () => {
    site = await createTestSite({ demo: false, database });
    const report = await site.testata.importer.importArticles(toLines(phraseFixture));
    expect(report.problems).toEqual([]);
  });
  afterAll(async () => {
    await site?.close();
  });

  it('finds a phrase of two words only where they stand together, in order, in one field', async () => {
    expect(await search('"accordo commerciale"')).toEqual([
      'accordo-commerciale-con-tokyo',
      'accordo-commerciale-in-esteri',
    ]);
    expect(await search('accordo commerciale')).toEqual([
      'accordo-commerciale-con-tokyo',
      'accordo-commerciale-in-esteri',
      'accordo-sul-grano',
      'verso-un-accordo',
    ]);
    expect(await search('"commerciale accordo"')).toEqual([]);
    expect(await search('"bilancia commerciale"')).toEqual(['accordo-sul-grano']);
  });

  it('reads a phrase with stop words inside as its other words in a row', async () => {
    expect(await search('"capo di stato maggiore"')).toEqual([
      'accordo-commerciale-con-tokyo',
      'accordo-commerciale-in-esteri',
    ]);
    expect(await search('"capo dello stato maggiore"')).toEqual([
      'accordo-commerciale-con-tokyo',
      'accordo-commerciale-in-esteri',
    ]);
    // "capo dello Stato" and "stato maggiore" are both in the third article, apart.
    expect(await search('"capo dello stato"')).toEqual([
      'accordo-commerciale-con-tokyo',
      'accordo-commerciale-in-esteri',
      'verso-un-accordo',
    ]);
    expect(await search('"stato maggiore"')).toEqual([
      'accordo-commerciale-con-tokyo',
      'accordo-commerciale-in-esteri',
      'verso-un-accordo',
    ]);
  });

  it('leaves out articles holding an excluded phrase, and keeps those holding its words apart', async () => {
    expect(await search('accordo -"accordo commerciale"')).toEqual(['accordo-sul-grano', 'verso-un-accordo']);
    expect(await search('accordo -"capo di stato maggiore"')).toEqual(['accordo-sul-grano', 'verso-un-accordo']);
    expect(await search('"accordo commerciale" -"stato maggiore"')).toEqual([]);
  });

  it('narrows a phrase by section and type', async () => {
    expect(await search('"accordo commerciale"', { section: 'esteri' })).toEqual(['accordo-commerciale-in-esteri']);
    expect(await search('"accordo commerciale"', { type: 'analysis' })).toEqual(['accordo-commerciale-con-tokyo']);
    expect(await search('"accordo commerciale"', { section: 'esteri', type: 'analysis' })).toEqual([]);
    expect(await search('accordo', { section: 'economia', type: 'news' })).toEqual(['accordo-sul-grano']);
  });
});
